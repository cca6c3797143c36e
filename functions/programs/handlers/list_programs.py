"""GET /programs: programs of my organizations, filtered, sorted and cursor-paginated, with what is
derived about each (progress, late, days to the deadline, task counts, budget realization)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query

from functions.programs import service
from functions.programs.models import Program, ProgramSort
from functions.programs.repository import program_store
from shared.api import Authenticated, Router, lambda_handler
from shared.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from shared.vocabulary import ProgramStatus

router = Router()


@router.get("/programs", summary="List programs (filters: organization, period, department, status, PJ, late, "
                                 "text; sorting)",
            tags=["programs"])
def list_programs(
    actor: Authenticated,
    organization_id: Annotated[UUID | None, Query(description="All my organizations when omitted.")] = None,
    period_id: Annotated[UUID | None, Query()] = None,
    department_id: Annotated[UUID | None, Query()] = None,
    status: Annotated[ProgramStatus | None, Query()] = None,
    person_in_charge: Annotated[UUID | None, Query()] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200,
                                   description="Text in the name or the description.")] = None,
    late: Annotated[bool | None, Query(description="Only late programs (true) or only those on time (false).")] = None,
    sort: Annotated[ProgramSort, Query(description="A field, descending with a leading `-`; programs without the "
                                                   "date come last.")] = "-created_at",
    cursor: Cursor = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Page[Program]:
    with program_store(actor) as store:
        return service.list_programs(store, organization_id=organization_id, period_id=period_id,
                                     department_id=department_id, status=status,
                                     person_in_charge=person_in_charge, q=q, late=late, sort=sort, cursor=cursor,
                                     limit=limit)


handler = lambda_handler(router)
