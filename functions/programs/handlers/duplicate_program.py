"""POST /programs/{program_id}/duplicate: Duplicate a program as a new draft (whoever may create one in the
target period)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.programs import service
from functions.programs.models import Program, ProgramDuplicate
from functions.programs.repository import program_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import tagged

router = Router()


@router.post("/programs/<program_id>/duplicate", tags=["programs"], status_code=201,
             summary="Duplicate a program as a new draft, in its period or a later one (whoever may create "
                     "programs there)")
def duplicate_program(program_id: UUID, body: Annotated[ProgramDuplicate, Body()],
                      actor: Authenticated) -> Response[Program]:
    with program_store(actor) as store:
        program, version = service.duplicate_program(store, actor, program_id, body)
    response = tagged(program, version, status=201)
    response.headers["Location"] = f"/programs/{program.id}"
    return response


handler = lambda_handler(router, idempotent=True)
