"""POST /tasks/{task_id}/comments: Comment on a task (active members of its period)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.tasks import service
from functions.tasks.models import Comment, CommentCreate
from functions.tasks.repository import task_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post("/tasks/<task_id>/comments", summary="Comment on a task", tags=["tasks"], status_code=201)
def create_comment(task_id: UUID, body: Annotated[CommentCreate, Body()], actor: Authenticated) -> Comment:
    with task_store(actor) as store:
        return service.create_comment(store, actor, task_id, body)


handler = lambda_handler(router, idempotent=True)
