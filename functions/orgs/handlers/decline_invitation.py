"""POST /orgs/invitations/{invitation_id}/decline: decline an e-mail invitation addressed to me."""

from uuid import UUID

from aws_lambda_powertools.event_handler import Response

from functions.orgs import invitations
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post("/orgs/invitations/<invitation_id>/decline", summary="Decline an invitation addressed to me",
             tags=["orgs"], status_code=204)
def decline_invitation(invitation_id: UUID, actor: Authenticated) -> Response[None]:
    with org_store(actor) as store:
        invitations.decline_invitation(store, invitation_id)
    return Response(status_code=204)


handler = lambda_handler(router)
