"""GET /programs/{program_id}/report: a program's progress report, computed now (every member)."""

from uuid import UUID

from functions.reports import program_reports
from functions.reports.progress_models import ProgressReport
from functions.reports.repository import report_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.get("/programs/<program_id>/report", tags=["reports"],
            summary="A program's progress report: status, progress vs plan, milestones, tasks, budget, people")
def get_program_report(program_id: UUID, actor: Authenticated) -> ProgressReport:
    with report_store(actor) as store:
        return program_reports.program_report(store, program_id)


handler = lambda_handler(router)
