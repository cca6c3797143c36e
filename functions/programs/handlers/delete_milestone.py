"""DELETE /milestones/{milestone_id}: Remove a milestone (If-Match optional; a stale one is 412)."""

from uuid import UUID

from aws_lambda_powertools.event_handler import Response

from functions.programs import parts_service
from functions.programs.parts_repository import part_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import IfMatch, expected_version

router = Router()


@router.delete("/milestones/<milestone_id>", summary="Remove a milestone (those who may edit its program)",
               tags=["milestones"], status_code=204)
def delete_milestone(milestone_id: UUID, actor: Authenticated, if_match: IfMatch = None) -> Response[None]:
    with part_store(actor) as store:
        parts_service.delete_milestone(store, actor, milestone_id, expected_version(if_match))
    return Response(status_code=204)


handler = lambda_handler(router)
