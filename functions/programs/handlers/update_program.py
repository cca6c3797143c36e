"""PATCH /programs/{program_id}: Edit a program (If-Match optional; a stale one is 412)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.programs import service
from functions.programs.models import Program, ProgramUpdate
from functions.programs.repository import program_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import IfMatch, expected_version, tagged

router = Router()


@router.patch("/programs/<program_id>", summary="Edit a program (board; head of its department; its PJ)",
              tags=["programs"])
def update_program(program_id: UUID, body: Annotated[ProgramUpdate, Body()], actor: Authenticated,
                   if_match: IfMatch = None) -> Response[Program]:
    with program_store(actor) as store:
        return tagged(*service.update_program(store, actor, program_id, body, expected_version(if_match)))


handler = lambda_handler(router)
