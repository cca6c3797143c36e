"""GET /orgs/{org_id}/periods: List the periods of office."""

from uuid import UUID

from functions.orgs import service
from functions.orgs.models import PeriodList
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.get("/orgs/<org_id>/periods", summary="List the periods of office", tags=["orgs"])
def list_periods(org_id: UUID, actor: Authenticated) -> PeriodList:
    with org_store(actor) as store:
        return service.list_periods(store, org_id)


handler = lambda_handler(router)
