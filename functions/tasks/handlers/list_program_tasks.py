"""GET /programs/{program_id}/tasks: a program's tasks, filtered and cursor-paginated (soonest due first)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query

from functions.tasks import service
from functions.tasks.models import Priority, Task
from functions.tasks.repository import task_store
from shared.api import Authenticated, Router, lambda_handler
from shared.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from shared.vocabulary import TaskStatus

router = Router()


@router.get("/programs/<program_id>/tasks",
            summary="List a program's tasks (filters: status, assignee, milestone, priority, late, text)",
            tags=["tasks"])
def list_program_tasks(
    program_id: UUID,
    actor: Authenticated,
    status: Annotated[TaskStatus | None, Query()] = None,
    assignee: Annotated[UUID | None, Query(description="Tasks assigned to this user.")] = None,
    milestone_id: Annotated[UUID | None, Query()] = None,
    priority: Annotated[Priority | None, Query()] = None,
    late: Annotated[bool | None, Query(description="Only late tasks (true) or only tasks that are not (false).")]
    = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200,
                                   description="Text in the title or the description.")] = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Page[Task]:
    with task_store(actor) as store:
        return service.list_program_tasks(store, program_id, status=status, assignee=assignee,
                                          milestone_id=milestone_id, priority=priority, late=late, q=q,
                                          cursor=cursor, limit=limit)


handler = lambda_handler(router)
