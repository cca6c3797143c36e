"""GET /orgs/{org_id}/members: members of a period, filtered and cursor-paginated."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query

from functions.orgs import members
from functions.orgs.member_models import Member
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler
from shared.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from shared.vocabulary import Role

router = Router()


@router.get("/orgs/<org_id>/members", summary="List members (filters: period, department, role, active)",
            tags=["orgs"])
def list_members(
    org_id: UUID,
    actor: Authenticated,
    period_id: Annotated[UUID | None, Query(description="The active period when omitted.")] = None,
    department_id: Annotated[UUID | None, Query()] = None,
    role: Annotated[Role | None, Query()] = None,
    active: Annotated[bool | None, Query()] = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Page[Member]:
    with org_store(actor) as store:
        return members.list_members(store, org_id, period_id=period_id, department_id=department_id, role=role,
                                    active=active, cursor=cursor, limit=limit)


handler = lambda_handler(router)
