"""DELETE /me/calendar: revoke my calendar feed; its address stops working."""

from aws_lambda_powertools.event_handler import Response

from functions.tasks import calendar_service
from functions.tasks.calendar_repository import calendar_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.delete("/me/calendar", summary="Revoke my calendar feed", tags=["calendar"], status_code=204)
def delete_my_calendar(actor: Authenticated) -> Response[None]:
    with calendar_store(actor) as store:
        calendar_service.revoke_feed(store)
    return Response(status_code=204)


handler = lambda_handler(router)
