"""POST /me/calendar: make my calendar feed's secret address, or a new one (the old one stops working)."""

from functions.tasks import calendar_service
from functions.tasks.calendar_models import CalendarFeedCreated
from functions.tasks.calendar_repository import calendar_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post("/me/calendar", summary="Make my calendar feed's secret address, or replace it (shown once)",
             tags=["calendar"], status_code=201)
def create_my_calendar(actor: Authenticated) -> CalendarFeedCreated:
    with calendar_store(actor) as store:
        return calendar_service.make_feed(store)


# Not idempotent on purpose: a kept answer would keep the secret address in the database (only its hash
# is stored). Sending it twice only makes a second address, and the first stops working.
handler = lambda_handler(router)
