"""POST /programs/{program_id}/reports: store a program's progress report or LPJ draft, with its CSV and
PDF (its PJ, the heads of its department, the sekretaris, the board)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.reports import program_files
from functions.reports.program_files import ProgramReportCreate
from functions.reports.repository import report_store
from functions.reports.stored import Report
from shared.api import Authenticated, Router, lambda_handler
from shared.files import file_store

router = Router()


@router.post("/programs/<program_id>/reports", status_code=201, tags=["reports"],
             summary="Store a program's report with its PDF and CSV (its PJ, heads of its department, sekretaris, "
                     "board)")
def create_program_report(program_id: UUID, body: Annotated[ProgramReportCreate, Body()],
                          actor: Authenticated) -> Response[Report]:
    with report_store(actor) as store:
        report = program_files.store_program_report(store, file_store(), actor.user_id, program_id, body.kind)
    return Response(status_code=201, body=report, content_type="application/json")


handler = lambda_handler(router, idempotent=True)
