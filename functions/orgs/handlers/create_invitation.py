"""POST /orgs/{org_id}/invitations: Invite by e-mail or create an invitation code (board, sekretaris)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.orgs import invitations
from functions.orgs.invitation_models import Invitation, InvitationCreate
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post("/orgs/<org_id>/invitations", status_code=201, tags=["orgs"],
             summary="Invite by e-mail, or create an invitation code (ketua, wakil ketua, sekretaris)")
def create_invitation(org_id: UUID, body: Annotated[InvitationCreate, Body()],
                      actor: Authenticated) -> Response[Invitation]:
    with org_store(actor) as store:
        result = invitations.create_invitation(store, actor, org_id, body)
    return Response(status_code=201, body=result, content_type="application/json")


handler = lambda_handler(router, idempotent=True)
