"""POST /orgs/{org_id}/members/{membership_id}/deactivate: end a member's membership of the period."""

from uuid import UUID

from functions.orgs import members
from functions.orgs.member_models import Member
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post("/orgs/<org_id>/members/<membership_id>/deactivate",
             summary="Deactivate a member (ketua, wakil ketua, sekretaris)", tags=["orgs"])
def deactivate_member(org_id: UUID, membership_id: UUID, actor: Authenticated) -> Member:
    with org_store(actor) as store:
        return members.deactivate_member(store, org_id, membership_id)


handler = lambda_handler(router)
