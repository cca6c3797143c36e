"""POST /orgs/{org_id}/leave: the caller leaves the organization's active period."""

from uuid import UUID

from functions.orgs import members
from functions.orgs.member_models import Member
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post("/orgs/<org_id>/leave", summary="Leave the organization", tags=["orgs"])
def leave_organization(org_id: UUID, actor: Authenticated) -> Member:
    with org_store(actor) as store:
        return members.leave_organization(store, org_id)


handler = lambda_handler(router)
