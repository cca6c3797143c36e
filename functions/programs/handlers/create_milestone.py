"""POST /programs/{program_id}/milestones: Add a milestone (those who may edit the program)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.programs import parts_service
from functions.programs.parts_models import Milestone, MilestoneCreate
from functions.programs.parts_repository import part_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import tagged

router = Router()


@router.post("/programs/<program_id>/milestones", summary="Add a milestone (those who may edit the program)",
             tags=["milestones"], status_code=201)
def create_milestone(program_id: UUID, body: Annotated[MilestoneCreate, Body()],
                     actor: Authenticated) -> Response[Milestone]:
    with part_store(actor) as store:
        return tagged(*parts_service.create_milestone(store, actor, program_id, body), status=201)


handler = lambda_handler(router, idempotent=True)
