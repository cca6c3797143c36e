"""DELETE /tasks/{task_id}: Delete a task (those who manage the program's tasks)."""

from uuid import UUID

from aws_lambda_powertools.event_handler import Response

from functions.tasks import service
from functions.tasks.repository import task_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import IfMatch, expected_version

router = Router()


@router.delete("/tasks/<task_id>", summary="Delete a task", tags=["tasks"], status_code=204)
def delete_task(task_id: UUID, actor: Authenticated, if_match: IfMatch = None) -> Response[None]:
    with task_store(actor) as store:
        service.delete_task(store, actor, task_id, expected_version(if_match))
    return Response(status_code=204)


handler = lambda_handler(router)
