"""GET /users?organization_id=&q=: find members of one of my organizations by name or e-mail address."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query

from functions.users import service
from functions.users.models import PublicProfile
from functions.users.repository import user_store
from shared.api import Authenticated, Router, lambda_handler
from shared.pagination import DEFAULT_LIMIT, Cursor, Limit, Page

router = Router()


@router.get("/users", summary="Find members of an organization", tags=["users"])
def search_members(
    organization_id: Annotated[UUID, Query(description="An organization I am a member of.")],
    actor: Authenticated,
    q: Annotated[str | None, Query(max_length=100, description="Part of a name or e-mail address, any case.")] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[PublicProfile]:
    with user_store(actor) as store:
        return service.search_members(store, actor, organization_id, q, limit=limit, cursor=cursor)


handler = lambda_handler(router)
