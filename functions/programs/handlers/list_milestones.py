"""GET /programs/{program_id}/milestones: the program's milestones, by position then due date."""

from uuid import UUID

from functions.programs import parts_service
from functions.programs.parts_models import Milestones
from functions.programs.parts_repository import part_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.get("/programs/<program_id>/milestones", summary="A program's milestones, by position then due date",
            tags=["milestones"])
def list_milestones(program_id: UUID, actor: Authenticated) -> Milestones:
    with part_store(actor) as store:
        return parts_service.milestones(store, program_id)


handler = lambda_handler(router)
