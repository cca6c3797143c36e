"""GET /programs/{program_id}/history: the program's status changes (who, when, from, to, note)."""

from uuid import UUID

from functions.programs import service
from functions.programs.models import StatusHistory
from functions.programs.repository import program_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.get("/programs/<program_id>/history", summary="A program's status history, oldest first",
            tags=["programs"])
def list_program_history(program_id: UUID, actor: Authenticated) -> StatusHistory:
    with program_store(actor) as store:
        return service.program_history(store, program_id)


handler = lambda_handler(router)
