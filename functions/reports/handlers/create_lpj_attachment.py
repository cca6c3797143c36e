"""POST /programs/{program_id}/lpj/attachments: record a file for a program's LPJ and get the form to upload it
with, straight to the file store (who may write the LPJ, while it is draft or revisi). A retry with the same
Idempotency-Key answers the first answer (the same record and form)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.reports import attachments
from functions.reports.attachment_models import AttachmentCreate, NewAttachment
from functions.reports.repository import report_store
from shared.api import Authenticated, Router, lambda_handler
from shared.files import file_store

router = Router()


@router.post("/programs/<program_id>/lpj/attachments", status_code=201, tags=["reports"],
             summary="Add an attachment to the LPJ: its record and a form to upload the file with (PJ; heads of its "
                     "department; sekretaris; board)")
def create_lpj_attachment(program_id: UUID, body: Annotated[AttachmentCreate, Body()],
                          actor: Authenticated) -> Response[NewAttachment]:
    with report_store(actor) as store:
        created = attachments.add_attachment(store, file_store(), program_id, body)
    return Response(status_code=201, body=created, content_type="application/json")


handler = lambda_handler(router, idempotent=True)
