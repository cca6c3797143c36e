"""DELETE /orgs/{org_id}/departments/{department_id}: Delete an empty department (ketua, wakil ketua)."""

from uuid import UUID

from aws_lambda_powertools.event_handler import Response

from functions.orgs import service
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.delete(
    "/orgs/<org_id>/departments/<department_id>",
    summary="Delete an empty department (ketua, wakil ketua)",
    tags=["orgs"],
    status_code=204,
)
def delete_department(org_id: UUID, department_id: UUID, actor: Authenticated) -> Response[None]:
    with org_store(actor) as store:
        service.delete_department(store, org_id, department_id)
    return Response(status_code=204)


handler = lambda_handler(router)
