"""GET /orgs/{org_id}/departments: List the departments of a period (the active one by default)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query

from functions.orgs import service
from functions.orgs.models import DepartmentList
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.get(
    "/orgs/<org_id>/departments", summary="List the departments of a period (the active one by default)", tags=["orgs"]
)
def list_departments(
    org_id: UUID, actor: Authenticated, period_id: Annotated[UUID | None, Query()] = None
) -> DepartmentList:
    with org_store(actor) as store:
        return service.list_departments(store, org_id, period_id)


handler = lambda_handler(router)
