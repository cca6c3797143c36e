"""GET /reports/{report_id}/files/{file_format}: a fresh time-limited link to a stored report's PDF or CSV, in the
reader's language (their settings') or the one asked for."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query

from functions.reports import stored
from functions.reports.language import Language
from functions.reports.repository import report_store
from functions.reports.stored import FileFormat, FileLink
from shared.api import Authenticated, Router, lambda_handler
from shared.files import file_store

router = Router()


@router.get("/reports/<report_id>/files/<file_format>", tags=["reports"],
            summary="A time-limited download link to a stored report's PDF or CSV")
def get_report_file(report_id: UUID, file_format: FileFormat, actor: Authenticated,
                    language: Annotated[Language | None, Query(
                        description="`id` or `en`: the file in this language (the reader's settings' when "
                                    "omitted).")] = None) -> FileLink:
    with report_store(actor) as store:
        return stored.report_file(store, file_store(), report_id, file_format, language)


handler = lambda_handler(router)
