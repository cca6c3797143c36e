"""PATCH /orgs/{org_id}/departments/{department_id}: Edit a department or set its head (ketua, wakil ketua)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.orgs import service
from functions.orgs.models import Department, DepartmentUpdate
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.patch(
    "/orgs/<org_id>/departments/<department_id>",
    summary="Edit a department or set its head (ketua, wakil ketua)",
    tags=["orgs"],
)
def update_department(
    org_id: UUID, department_id: UUID, body: Annotated[DepartmentUpdate, Body()], actor: Authenticated
) -> Department:
    with org_store(actor) as store:
        return service.update_department(store, org_id, department_id, body)


handler = lambda_handler(router)
