"""POST /orgs/{org_id}/reports: store an organization's report of a period, with its CSV and PDF
(the sekretaris and the board)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.reports import service
from functions.reports.repository import report_store
from functions.reports.service import OrganizationReportCreate
from functions.reports.stored import Report
from shared.api import Authenticated, Router, lambda_handler
from shared.files import file_store

router = Router()


@router.post("/orgs/<org_id>/reports", status_code=201, tags=["reports"],
             summary="Store an organization's report of a period with its PDF and CSV (sekretaris, board)")
def create_organization_report(org_id: UUID, body: Annotated[OrganizationReportCreate, Body()],
                               actor: Authenticated) -> Response[Report]:
    with report_store(actor) as store:
        report = service.store_organization_report(store, file_store(), actor.user_id, org_id, body.period_id)
    return Response(status_code=201, body=report, content_type="application/json")


handler = lambda_handler(router, idempotent=True)
