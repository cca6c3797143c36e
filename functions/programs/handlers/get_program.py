"""GET /programs/{program_id}: Read a program (members of its organization), with its ETag."""

from uuid import UUID

from aws_lambda_powertools.event_handler import Response

from functions.programs import service
from functions.programs.models import Program
from functions.programs.repository import program_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import tagged

router = Router()


@router.get("/programs/<program_id>", summary="Read a program", tags=["programs"])
def get_program(program_id: UUID, actor: Authenticated) -> Response[Program]:
    with program_store(actor) as store:
        return tagged(*service.get_program(store, program_id))


handler = lambda_handler(router)
