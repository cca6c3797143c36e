"""GET /me/tasks: tasks assigned to me across all my organizations (soonest due first)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from functions.tasks import service
from functions.tasks.models import Task
from functions.tasks.repository import task_store
from shared.api import Authenticated, Router, lambda_handler
from shared.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from shared.types import IsoDate
from shared.vocabulary import TaskStatus

router = Router()


@router.get("/me/tasks", summary="List the tasks assigned to me (filters: status, due before, late)",
            tags=["tasks"])
def list_my_tasks(
    actor: Authenticated,
    status: Annotated[TaskStatus | None, Query()] = None,
    due_before: Annotated[IsoDate | None, Query(description="Only tasks due before this day (YYYY-MM-DD).")] = None,
    late: Annotated[bool | None, Query(description="Only late tasks (true) or only tasks that are not (false).")]
    = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Page[Task]:
    with task_store(actor) as store:
        return service.list_my_tasks(store, actor, status=status, due_before=due_before, late=late, cursor=cursor,
                                     limit=limit)


handler = lambda_handler(router)
