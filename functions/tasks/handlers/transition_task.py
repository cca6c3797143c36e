"""POST /tasks/{task_id}/transitions: Move a task along its lifecycle, with a note."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.tasks import service
from functions.tasks.models import Task, TransitionRequest
from functions.tasks.repository import task_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import IfMatch, expected_version, tagged

router = Router()


@router.post("/tasks/<task_id>/transitions",
             summary="Change a task's status (409 lists the allowed ones; assignees move their own tasks)",
             tags=["tasks"])
def transition_task(task_id: UUID, body: Annotated[TransitionRequest, Body()], actor: Authenticated,
                    if_match: IfMatch = None) -> Response[Task]:
    with task_store(actor) as store:
        return tagged(*service.transition_task(store, actor, task_id, body, expected_version(if_match)))


handler = lambda_handler(router)
