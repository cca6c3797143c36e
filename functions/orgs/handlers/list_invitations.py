"""GET /orgs/{org_id}/invitations: an organization's invitations, newest first, cursor-paginated."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query

from functions.orgs import invitations
from functions.orgs.fields import InvitationStatus
from functions.orgs.invitation_models import Invitation
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler
from shared.pagination import DEFAULT_LIMIT, Cursor, Limit, Page

router = Router()


@router.get("/orgs/<org_id>/invitations", summary="List invitations (ketua, wakil ketua, sekretaris)",
            tags=["orgs"])
def list_invitations(
    org_id: UUID,
    actor: Authenticated,
    period_id: Annotated[UUID | None, Query(description="Every period when omitted.")] = None,
    status: Annotated[InvitationStatus | None, Query()] = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Page[Invitation]:
    with org_store(actor) as store:
        return invitations.list_invitations(store, org_id, period_id=period_id, status=status, cursor=cursor,
                                        limit=limit)


handler = lambda_handler(router)
