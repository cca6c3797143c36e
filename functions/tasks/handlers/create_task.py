"""POST /programs/{program_id}/tasks: Create a task in a program (those who manage its tasks)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.tasks import service
from functions.tasks.models import Task, TaskCreate
from functions.tasks.repository import task_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import tagged

router = Router()


@router.post("/programs/<program_id>/tasks",
             summary="Create a task (board, sekretaris; a head in their department's programs; the program's PJ)",
             tags=["tasks"], status_code=201)
def create_task(program_id: UUID, body: Annotated[TaskCreate, Body()], actor: Authenticated) -> Response[Task]:
    with task_store(actor) as store:
        return tagged(*service.create_task(store, actor, program_id, body), status=201)


handler = lambda_handler(router, idempotent=True)
