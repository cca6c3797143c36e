"""POST /orgs/{org_id}/periods: Create a draft period (ketua, wakil ketua)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.orgs import service
from functions.orgs.models import Period, PeriodCreateRequest
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post(
    "/orgs/<org_id>/periods", summary="Create a draft period (ketua, wakil ketua)", tags=["orgs"], status_code=201
)
def create_period(org_id: UUID, body: Annotated[PeriodCreateRequest, Body()], actor: Authenticated) -> Response[Period]:
    with org_store(actor) as store:
        result = service.create_period(store, actor, org_id, body)
    return Response(status_code=201, body=result, content_type="application/json")


handler = lambda_handler(router, idempotent=True)
