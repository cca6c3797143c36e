"""GET /orgs/{org_id}/reports/summary: an organization's programs of a period, per program and per
department (every member)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query

from functions.reports import service
from functions.reports.organization_models import OrganizationReport
from functions.reports.repository import report_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.get("/orgs/<org_id>/reports/summary", tags=["reports"],
            summary="An organization's report for a period: every program's status, progress, lateness and "
                    "budget; completion per department")
def get_organization_report(
    org_id: UUID,
    actor: Authenticated,
    period_id: Annotated[UUID | None, Query(description="The organization's active period when omitted.")] = None,
) -> OrganizationReport:
    with report_store(actor) as store:
        return service.organization_summary(store, org_id, period_id)


handler = lambda_handler(router)
