"""GET /orgs/{org_id}/departments/{department_id}: Read a department."""

from uuid import UUID

from functions.orgs import service
from functions.orgs.models import Department
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.get("/orgs/<org_id>/departments/<department_id>", summary="Read a department", tags=["orgs"])
def get_department(org_id: UUID, department_id: UUID, actor: Authenticated) -> Department:
    with org_store(actor) as store:
        return service.get_department(store, org_id, department_id)


handler = lambda_handler(router)
