"""POST /orgs/{org_id}/periods/{period_id}/handover: Carry departments and members into the next period (ketua,
wakil ketua)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.orgs import handover
from functions.orgs.handover_models import Handover, HandoverRequest
from functions.orgs.handover_repository import handover_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post(
    "/orgs/<org_id>/periods/<period_id>/handover",
    summary="Carry departments and members into the next period (ketua, wakil ketua)",
    tags=["orgs"],
)
def hand_over(org_id: UUID, period_id: UUID, body: Annotated[HandoverRequest, Body()],
              actor: Authenticated) -> Handover:
    with handover_store(actor) as store:
        return handover.hand_over(store, org_id, period_id, body)


handler = lambda_handler(router, idempotent=True)
