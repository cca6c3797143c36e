"""GET /tasks/{task_id}/comments: a task's comments, oldest first, cursor-paginated."""

from uuid import UUID

from functions.tasks import service
from functions.tasks.models import Comment
from functions.tasks.repository import task_store
from shared.api import Authenticated, Router, lambda_handler
from shared.pagination import DEFAULT_LIMIT, Cursor, Limit, Page

router = Router()


@router.get("/tasks/<task_id>/comments", summary="A task's comments, oldest first", tags=["tasks"])
def list_comments(task_id: UUID, actor: Authenticated, cursor: Cursor = None,
                  limit: Limit = DEFAULT_LIMIT) -> Page[Comment]:
    with task_store(actor) as store:
        return service.list_comments(store, task_id, cursor, limit)


handler = lambda_handler(router)
