"""GET /orgs/{org_id}: Read an organization."""

from uuid import UUID

from functions.orgs import service
from functions.orgs.models import Organization
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.get("/orgs/<org_id>", summary="Read an organization", tags=["orgs"])
def get_organization(org_id: UUID, actor: Authenticated) -> Organization:
    with org_store(actor) as store:
        return service.get_organization(store, org_id)


handler = lambda_handler(router)
