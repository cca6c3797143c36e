"""POST /orgs/{org_id}/calendar/ranges: Mark a range of the academic calendar (ketua, wakil ketua, sekretaris)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.orgs import calendar
from functions.orgs.calendar_models import CalendarEntry, CalendarRangeCreate
from functions.orgs.calendar_repository import calendar_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post("/orgs/<org_id>/calendar/ranges", tags=["orgs"], status_code=201,
             summary="Mark exams, a break or registration weeks on the academic calendar (board, sekretaris)")
def create_calendar_range(org_id: UUID, body: Annotated[CalendarRangeCreate, Body()],
                          actor: Authenticated) -> Response[CalendarEntry]:
    with calendar_store(actor) as store:
        entry = calendar.create_range(store, org_id, body)
    return Response(status_code=201, body=entry, content_type="application/json")


handler = lambda_handler(router, idempotent=True)
