"""GET /programs/{program_id}/lpj/attachments: the files attached to a program's LPJ, each uploaded one with a
time-limited link (every member)."""

from uuid import UUID

from functions.reports import attachments
from functions.reports.attachment_models import LpjAttachments
from functions.reports.repository import report_store
from shared.api import Authenticated, Router, lambda_handler
from shared.files import file_store

router = Router()


@router.get("/programs/<program_id>/lpj/attachments", tags=["reports"],
            summary="The LPJ's attachments (photos, receipts, attendance lists, proposal), with links")
def list_lpj_attachments(program_id: UUID, actor: Authenticated) -> LpjAttachments:
    with report_store(actor) as store:
        return attachments.list_attachments(store, file_store(), program_id)


handler = lambda_handler(router)
