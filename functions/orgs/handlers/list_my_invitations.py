"""GET /orgs/invitations/mine: the pending e-mail invitations addressed to me."""

from functions.orgs import invitations
from functions.orgs.invitation_models import MyInvitationList
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.get("/orgs/invitations/mine", summary="List my pending invitations", tags=["orgs"])
def list_my_invitations(actor: Authenticated) -> MyInvitationList:
    with org_store(actor) as store:
        return invitations.list_my_invitations(store)


handler = lambda_handler(router)
