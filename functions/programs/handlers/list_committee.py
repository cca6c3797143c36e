"""GET /programs/{program_id}/committee: the program's committee (panitia) with their committee roles."""

from uuid import UUID

from functions.programs import parts_service
from functions.programs.parts_models import Committee
from functions.programs.parts_repository import part_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.get("/programs/<program_id>/committee", summary="A program's committee (members of its organization)",
            tags=["committee"])
def list_committee(program_id: UUID, actor: Authenticated) -> Committee:
    with part_store(actor) as store:
        return parts_service.committee(store, program_id)


handler = lambda_handler(router)
