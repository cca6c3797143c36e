"""POST /orgs/{org_id}/periods/{period_id}/activate: Activate a period; the active one is finished."""

from uuid import UUID

from functions.orgs import service
from functions.orgs.models import Period
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post(
    "/orgs/<org_id>/periods/<period_id>/activate",
    summary="Activate a period; the active one is finished",
    tags=["orgs"],
)
def activate_period(org_id: UUID, period_id: UUID, actor: Authenticated) -> Period:
    with org_store(actor) as store:
        return service.activate_period(store, org_id, period_id)


handler = lambda_handler(router)
