"""POST /programs/{program_id}/transitions: Move a program along its lifecycle, with a note."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.programs import service
from functions.programs.models import Program, TransitionRequest
from functions.programs.repository import program_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import IfMatch, expected_version, tagged

router = Router()


@router.post("/programs/<program_id>/transitions",
             summary="Change a program's status (409 lists the allowed ones; deciding on a submitted one: board)",
             tags=["programs"])
def transition_program(program_id: UUID, body: Annotated[TransitionRequest, Body()], actor: Authenticated,
                       if_match: IfMatch = None) -> Response[Program]:
    with program_store(actor) as store:
        return tagged(*service.transition_program(store, actor, program_id, body, expected_version(if_match)))


handler = lambda_handler(router)
