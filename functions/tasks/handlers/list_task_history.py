"""GET /tasks/{task_id}/history: the task's status changes (who, when, from, to, note)."""

from uuid import UUID

from functions.tasks import service
from functions.tasks.models import StatusHistory
from functions.tasks.repository import task_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.get("/tasks/<task_id>/history", summary="A task's status history, oldest first", tags=["tasks"])
def list_task_history(task_id: UUID, actor: Authenticated) -> StatusHistory:
    with task_store(actor) as store:
        return service.task_history(store, task_id)


handler = lambda_handler(router)
