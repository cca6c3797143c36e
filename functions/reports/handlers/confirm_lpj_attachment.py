"""POST /programs/{program_id}/lpj/attachments/{attachment_id}/uploaded: the file is up; the API checks what
arrived (size, type) and lists it in the LPJ."""

from uuid import UUID

from functions.reports import attachments
from functions.reports.attachment_models import LpjAttachment
from functions.reports.repository import report_store
from shared.api import Authenticated, Router, lambda_handler
from shared.files import file_store

router = Router()


@router.post("/programs/<program_id>/lpj/attachments/<attachment_id>/uploaded", tags=["reports"],
             summary="Confirm an attachment's upload: checked (size, type), then listed in the LPJ")
def confirm_lpj_attachment(program_id: UUID, attachment_id: UUID, actor: Authenticated) -> LpjAttachment:
    with report_store(actor) as store:
        return attachments.confirm_upload(store, file_store(), program_id, attachment_id)


handler = lambda_handler(router)
