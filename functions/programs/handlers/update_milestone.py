"""PATCH /milestones/{milestone_id}: Edit a milestone, or mark it done (If-Match optional; a stale one is 412)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.programs import parts_service
from functions.programs.parts_models import Milestone, MilestoneUpdate
from functions.programs.parts_repository import part_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import IfMatch, expected_version, tagged

router = Router()


@router.patch("/milestones/<milestone_id>",
              summary="Edit a milestone or mark it done (those who may edit its program)", tags=["milestones"])
def update_milestone(milestone_id: UUID, body: Annotated[MilestoneUpdate, Body()], actor: Authenticated,
                     if_match: IfMatch = None) -> Response[Milestone]:
    with part_store(actor) as store:
        return tagged(*parts_service.update_milestone(store, actor, milestone_id, body, expected_version(if_match)))


handler = lambda_handler(router)
