"""GET /reports: an organization's stored reports, newest first, cursor-paginated (every member)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query

from functions.reports import listing
from functions.reports.repository import report_store
from functions.reports.stored import ReportKind, ReportSummary
from shared.api import Authenticated, Router, lambda_handler
from shared.pagination import DEFAULT_LIMIT, Cursor, Limit, Page

router = Router()


@router.get("/reports", summary="List an organization's stored reports (filters: program, kind)", tags=["reports"])
def list_reports(
    actor: Authenticated,
    organization_id: Annotated[UUID, Query()],
    program_id: Annotated[UUID | None, Query()] = None,
    kind: Annotated[ReportKind | None, Query()] = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Page[ReportSummary]:
    with report_store(actor) as store:
        return listing.list_reports(store, organization_id, program_id, kind, cursor, limit)


handler = lambda_handler(router)
