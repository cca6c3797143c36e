"""PATCH /orgs/{org_id}/members/{membership_id}: change a member's role, department or position title."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.orgs import members
from functions.orgs.member_models import Member, MemberUpdate
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.patch("/orgs/<org_id>/members/<membership_id>",
              summary="Change a member's role, department or title (ketua, wakil ketua, sekretaris)", tags=["orgs"])
def update_member(org_id: UUID, membership_id: UUID, body: Annotated[MemberUpdate, Body()],
                  actor: Authenticated) -> Member:
    with org_store(actor) as store:
        return members.update_member(store, actor, org_id, membership_id, body)


handler = lambda_handler(router)
