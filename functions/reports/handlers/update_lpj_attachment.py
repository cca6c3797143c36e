"""PATCH /programs/{program_id}/lpj/attachments/{attachment_id}: retitle an attachment of a program's LPJ, or name
the budget item a receipt is for (who may write the LPJ, while it is draft or revisi)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.reports import attachments
from functions.reports.attachment_models import AttachmentUpdate, LpjAttachment
from functions.reports.repository import report_store
from shared.api import Authenticated, Router, lambda_handler
from shared.files import file_store

router = Router()


@router.patch("/programs/<program_id>/lpj/attachments/<attachment_id>", tags=["reports"],
              summary="Change an attachment's title, or the budget item a receipt is for")
def update_lpj_attachment(program_id: UUID, attachment_id: UUID, body: Annotated[AttachmentUpdate, Body()],
                          actor: Authenticated) -> LpjAttachment:
    with report_store(actor) as store:
        return attachments.change_attachment(store, file_store(), program_id, attachment_id, body)


handler = lambda_handler(router)
