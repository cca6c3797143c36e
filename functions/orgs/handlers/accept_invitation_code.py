"""POST /orgs/invitations/accept: accept an invitation code (anyone signed in who has it)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.orgs import invitations
from functions.orgs.invitation_models import InvitationCodeAccept
from functions.orgs.member_models import Member
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post("/orgs/invitations/accept", summary="Join an organization with an invitation code", tags=["orgs"])
def accept_invitation_code(body: Annotated[InvitationCodeAccept, Body()], actor: Authenticated) -> Member:
    with org_store(actor) as store:
        return invitations.accept_invitation_code(store, body.code)


handler = lambda_handler(router, idempotent=True)
