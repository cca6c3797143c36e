"""GET /me/calendar: whether I have a calendar feed, when it was made and last fetched."""

from functions.tasks import calendar_service
from functions.tasks.calendar_models import CalendarFeed
from functions.tasks.calendar_repository import calendar_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.get("/me/calendar", summary="Whether I have a calendar feed (its address is shown only when made)",
            tags=["calendar"])
def get_my_calendar(actor: Authenticated) -> CalendarFeed:
    with calendar_store(actor) as store:
        return calendar_service.get_feed(store)


handler = lambda_handler(router)
