"""GET /orgs/{org_id}/calendar: The academic calendar: the organization's ranges and the national holidays."""

from datetime import date
from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query

from functions.orgs import calendar
from functions.orgs.calendar_models import Calendar
from functions.orgs.calendar_repository import calendar_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.get("/orgs/<org_id>/calendar", tags=["orgs"],
            summary="The academic calendar: the organization's ranges and Indonesia's national holidays (members)")
def get_calendar(
    org_id: UUID, actor: Authenticated,
    starts_on: Annotated[date | None, Query(description="The first day; the active period's start by default.")] = None,
    ends_on: Annotated[date | None, Query(description="The last day (at most 800 days later); the active period's end "
                                                      "by default.")] = None,
) -> Calendar:
    with calendar_store(actor) as store:
        return calendar.calendar(store, org_id, starts_on, ends_on)


handler = lambda_handler(router)
