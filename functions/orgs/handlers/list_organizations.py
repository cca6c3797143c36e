"""GET /orgs: List my organizations."""

from functions.orgs import service
from functions.orgs.models import OrganizationList
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.get("/orgs", summary="List my organizations", tags=["orgs"])
def list_organizations(actor: Authenticated) -> OrganizationList:
    with org_store(actor) as store:
        return service.list_organizations(store)


handler = lambda_handler(router)
