"""POST /orgs/{org_id}/departments: Create a department (ketua, wakil ketua)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.orgs import service
from functions.orgs.models import Department, DepartmentCreate
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post(
    "/orgs/<org_id>/departments", summary="Create a department (ketua, wakil ketua)", tags=["orgs"], status_code=201
)
def create_department(
    org_id: UUID, body: Annotated[DepartmentCreate, Body()], actor: Authenticated
) -> Response[Department]:
    with org_store(actor) as store:
        result = service.create_department(store, org_id, body)
    return Response(status_code=201, body=result, content_type="application/json")


handler = lambda_handler(router, idempotent=True)
