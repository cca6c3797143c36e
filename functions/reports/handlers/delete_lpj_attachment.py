"""DELETE /programs/{program_id}/lpj/attachments/{attachment_id}: remove an attachment and its file from a
program's LPJ (who may write the LPJ, while it is draft or revisi)."""

from uuid import UUID

from aws_lambda_powertools.event_handler import Response

from functions.reports import attachments
from functions.reports.repository import report_store
from shared.api import Authenticated, Router, lambda_handler
from shared.files import file_store

router = Router()


@router.delete("/programs/<program_id>/lpj/attachments/<attachment_id>", status_code=204, tags=["reports"],
               summary="Remove an attachment from the LPJ, with its file")
def delete_lpj_attachment(program_id: UUID, attachment_id: UUID, actor: Authenticated) -> Response[None]:
    with report_store(actor) as store:
        attachments.remove_attachment(store, file_store(), program_id, attachment_id)
    return Response(status_code=204)


handler = lambda_handler(router)
