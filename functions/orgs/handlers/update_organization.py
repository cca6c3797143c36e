"""PATCH /orgs/{org_id}: Edit an organization (ketua, wakil ketua)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.orgs import service
from functions.orgs.models import Organization, OrganizationUpdate
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.patch("/orgs/<org_id>", summary="Edit an organization (ketua, wakil ketua)", tags=["orgs"])
def update_organization(
    org_id: UUID, body: Annotated[OrganizationUpdate, Body()], actor: Authenticated
) -> Organization:
    with org_store(actor) as store:
        return service.update_organization(store, org_id, body)


handler = lambda_handler(router)
