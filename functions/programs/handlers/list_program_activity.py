"""GET /programs/{program_id}/activity: who did what to the program and what hangs off it, newest first."""

from uuid import UUID

from functions.programs import parts_service
from functions.programs.parts_models import ActivityEntry
from functions.programs.parts_repository import part_store
from shared.api import Authenticated, Router, lambda_handler
from shared.pagination import DEFAULT_LIMIT, Cursor, Limit, Page

router = Router()


@router.get("/programs/<program_id>/activity",
            summary="A program's activity log: who did what, when (newest first, cursor-paginated)",
            tags=["programs"])
def list_program_activity(program_id: UUID, actor: Authenticated, cursor: Cursor = None,
                          limit: Limit = DEFAULT_LIMIT) -> Page[ActivityEntry]:
    with part_store(actor) as store:
        return parts_service.activity(store, program_id, cursor, limit)


handler = lambda_handler(router)
