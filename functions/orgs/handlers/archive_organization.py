"""POST /orgs/{org_id}/archive: Archive an organization (ketua, wakil ketua)."""

from uuid import UUID

from functions.orgs import service
from functions.orgs.models import Organization
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post("/orgs/<org_id>/archive", summary="Archive an organization (ketua, wakil ketua)", tags=["orgs"])
def archive_organization(org_id: UUID, actor: Authenticated) -> Organization:
    with org_store(actor) as store:
        return service.archive_organization(store, org_id)


handler = lambda_handler(router)
