"""POST /programs: Create a program (ketua, wakil ketua; a head in their own department)."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.programs import service
from functions.programs.models import Program, ProgramCreate
from functions.programs.repository import program_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import tagged

router = Router()


@router.post("/programs", summary="Create a program (ketua, wakil ketua; a head in their own department)",
             tags=["programs"], status_code=201)
def create_program(body: Annotated[ProgramCreate, Body()], actor: Authenticated) -> Response[Program]:
    with program_store(actor) as store:
        return tagged(*service.create_program(store, actor, body), status=201)


handler = lambda_handler(router, idempotent=True)
