"""DELETE /programs/{program_id}/committee/{user_id}: Take a member off the committee."""

from uuid import UUID

from aws_lambda_powertools.event_handler import Response

from functions.programs import parts_service
from functions.programs.parts_repository import part_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.delete("/programs/<program_id>/committee/<user_id>",
               summary="Take a member off the committee (those who may edit the program)", tags=["committee"],
               status_code=204)
def remove_committee_member(program_id: UUID, user_id: UUID, actor: Authenticated) -> Response[None]:
    with part_store(actor) as store:
        parts_service.remove_committee_member(store, actor, program_id, user_id)
    return Response(status_code=204)


handler = lambda_handler(router)
