"""PUT /programs/{program_id}/committee/{user_id}: Put a member on the committee, or change their role."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.programs import parts_service
from functions.programs.parts_models import CommitteeAssignment, CommitteeMember
from functions.programs.parts_repository import part_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.put("/programs/<program_id>/committee/<user_id>",
            summary="Add a member of the program's period to its committee, or change their committee role "
                    "(those who may edit the program)",
            tags=["committee"])
def assign_committee_member(program_id: UUID, user_id: UUID, body: Annotated[CommitteeAssignment, Body()],
                            actor: Authenticated) -> CommitteeMember:
    with part_store(actor) as store:
        return parts_service.assign_committee_member(store, actor, program_id, user_id, body)


handler = lambda_handler(router)
