"""PUT /tasks/{task_id}/assignees: Set a task's assignees to the list given (If-Match optional)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.tasks import service
from functions.tasks.models import AssigneesRequest, Task
from functions.tasks.repository import task_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import IfMatch, expected_version, tagged

router = Router()


@router.put("/tasks/<task_id>/assignees",
            summary="Replace a task's assignees (those who manage the program's tasks)", tags=["tasks"])
def replace_assignees(task_id: UUID, body: Annotated[AssigneesRequest, Body()], actor: Authenticated,
                      if_match: IfMatch = None) -> Response[Task]:
    with task_store(actor) as store:
        return tagged(*service.replace_assignees(store, actor, task_id, body, expected_version(if_match)))


handler = lambda_handler(router)
