"""PATCH /tasks/{task_id}: Edit a task (If-Match optional; a stale one is 412)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.tasks import service
from functions.tasks.models import Task, TaskUpdate
from functions.tasks.repository import task_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import IfMatch, expected_version, tagged

router = Router()


@router.patch("/tasks/<task_id>", summary="Edit a task (those who manage the program's tasks)", tags=["tasks"])
def update_task(task_id: UUID, body: Annotated[TaskUpdate, Body()], actor: Authenticated,
                if_match: IfMatch = None) -> Response[Task]:
    with task_store(actor) as store:
        return tagged(*service.update_task(store, actor, task_id, body, expected_version(if_match)))


handler = lambda_handler(router)
