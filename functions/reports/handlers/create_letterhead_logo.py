"""POST /orgs/{org_id}/letterhead/logo: record a new logo and get the form to upload it with, straight to the
file store (the ketua and wakil ketua). A retry with the same Idempotency-Key answers the first answer."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.reports import logo
from functions.reports.logo_models import LogoCreate, NewLogo
from functions.reports.repository import report_store
from shared.api import Authenticated, Router, lambda_handler
from shared.files import file_store

router = Router()


@router.post("/orgs/<org_id>/letterhead/logo", status_code=201, tags=["reports"],
             summary="Upload a new logo for the organization's documents: its record and the upload form "
                     "(ketua, wakil ketua)")
def create_letterhead_logo(org_id: UUID, body: Annotated[LogoCreate, Body()],
                           actor: Authenticated) -> Response[NewLogo]:
    with report_store(actor) as store:
        created = logo.add_logo(store, file_store(), org_id, body)
    return Response(status_code=201, body=created, content_type="application/json")


handler = lambda_handler(router, idempotent=True)
