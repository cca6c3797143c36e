"""DELETE /orgs/{org_id}/calendar/ranges/{range_id}: Remove a range of the academic calendar (ketua, wakil ketua,
sekretaris)."""

from uuid import UUID

from aws_lambda_powertools.event_handler import Response

from functions.orgs import calendar
from functions.orgs.calendar_repository import calendar_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.delete("/orgs/<org_id>/calendar/ranges/<range_id>", tags=["orgs"], status_code=204,
               summary="Remove a range of the academic calendar (ketua, wakil ketua, sekretaris)")
def delete_calendar_range(org_id: UUID, range_id: UUID, actor: Authenticated) -> Response[None]:
    with calendar_store(actor) as store:
        calendar.delete_range(store, org_id, range_id)
    return Response(status_code=204)


handler = lambda_handler(router)
