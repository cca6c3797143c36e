"""POST /orgs/{org_id}/invitations/{invitation_id}/revoke: revoke a pending invitation."""

from uuid import UUID

from functions.orgs import invitations
from functions.orgs.invitation_models import Invitation
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post("/orgs/<org_id>/invitations/<invitation_id>/revoke",
             summary="Revoke a pending invitation (ketua, wakil ketua, sekretaris)", tags=["orgs"])
def revoke_invitation(org_id: UUID, invitation_id: UUID, actor: Authenticated) -> Invitation:
    with org_store(actor) as store:
        return invitations.revoke_invitation(store, org_id, invitation_id)


handler = lambda_handler(router)
