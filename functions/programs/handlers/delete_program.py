"""DELETE /programs/{program_id}: Delete a draft program (those who may edit it)."""

from uuid import UUID

from aws_lambda_powertools.event_handler import Response

from functions.programs import service
from functions.programs.repository import program_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import IfMatch, expected_version

router = Router()


@router.delete("/programs/<program_id>", summary="Delete a draft program", tags=["programs"], status_code=204)
def delete_program(program_id: UUID, actor: Authenticated, if_match: IfMatch = None) -> Response[None]:
    with program_store(actor) as store:
        service.delete_program(store, actor, program_id, expected_version(if_match))
    return Response(status_code=204)


handler = lambda_handler(router)
