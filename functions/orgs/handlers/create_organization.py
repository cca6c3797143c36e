"""POST /orgs: Create an organization (you become its ketua)."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.orgs import service
from functions.orgs.models import Organization, OrganizationCreate
from functions.orgs.repository import org_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post("/orgs", summary="Create an organization (you become its ketua)", tags=["orgs"], status_code=201)
def create_organization(body: Annotated[OrganizationCreate, Body()], actor: Authenticated) -> Response[Organization]:
    with org_store(actor) as store:
        result = service.create_organization(store, actor, body)
    return Response(status_code=201, body=result, content_type="application/json")


handler = lambda_handler(router, idempotent=True)
