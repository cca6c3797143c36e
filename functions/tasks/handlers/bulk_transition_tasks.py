"""POST /tasks/bulk-transitions: Move several tasks to one status, all or nothing."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.tasks import service
from functions.tasks.models import BulkTransitionRequest, Tasks
from functions.tasks.repository import task_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post("/tasks/bulk-transitions",
             summary="Change the status of several tasks, all or nothing (refusals name each task and why)",
             tags=["tasks"])
def bulk_transition_tasks(body: Annotated[BulkTransitionRequest, Body()], actor: Authenticated) -> Tasks:
    with task_store(actor) as store:
        return service.bulk_transition(store, actor, body)


handler = lambda_handler(router)
