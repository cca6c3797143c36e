"""POST /orgs/invitations/{invitation_id}/accept: accept an e-mail invitation addressed to me."""

from uuid import UUID

from functions.orgs import invitations
from functions.orgs.member_models import Member
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post("/orgs/invitations/<invitation_id>/accept", summary="Accept an invitation addressed to me",
             tags=["orgs"])
def accept_invitation(invitation_id: UUID, actor: Authenticated) -> Member:
    with org_store(actor) as store:
        return invitations.accept_invitation(store, invitation_id)


handler = lambda_handler(router, idempotent=True)
