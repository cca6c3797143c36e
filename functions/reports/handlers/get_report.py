"""GET /reports/{report_id}: a stored report, its content and time-limited links to its files."""

from uuid import UUID

from functions.reports import stored
from functions.reports.repository import report_store
from functions.reports.stored import Report
from shared.api import Authenticated, Router, lambda_handler
from shared.files import file_store

router = Router()


@router.get("/reports/<report_id>", summary="Read a stored report, with time-limited links to its files",
            tags=["reports"])
def get_report(report_id: UUID, actor: Authenticated) -> Report:
    with report_store(actor) as store:
        return stored.get_report(store, file_store(), report_id)


handler = lambda_handler(router)
