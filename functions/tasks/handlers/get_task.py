"""GET /tasks/{task_id}: Read a task (members of its organization), with its ETag."""

from uuid import UUID

from aws_lambda_powertools.event_handler import Response

from functions.tasks import service
from functions.tasks.models import Task
from functions.tasks.repository import task_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import tagged

router = Router()


@router.get("/tasks/<task_id>", summary="Read a task", tags=["tasks"])
def get_task(task_id: UUID, actor: Authenticated) -> Response[Task]:
    with task_store(actor) as store:
        return tagged(*service.get_task(store, task_id))


handler = lambda_handler(router)
