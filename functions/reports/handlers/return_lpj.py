"""POST /programs/{program_id}/lpj/return: send the LPJ back for revision with notes: the sekretaris what was
submitted (diajukan), the ketua and wakil ketua what was checked (diperiksa) → revisi (If-Match optional;
docs/decisions/0018-lpj-review.md)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.reports import lpj
from functions.reports.lpj_models import LpjReturn, LpjSections
from functions.reports.repository import report_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import IfMatch, expected_version, tagged

router = Router()


@router.post("/programs/<program_id>/lpj/return", tags=["reports"],
             summary="Send the LPJ back for revision with notes (sekretaris: submitted; ketua, wakil ketua: checked)")
def return_lpj(program_id: UUID, body: Annotated[LpjReturn, Body()], actor: Authenticated,
               if_match: IfMatch = None) -> Response[LpjSections]:
    with report_store(actor) as store:
        return tagged(*lpj.review_lpj(store, actor.user_id, program_id, "return", expected_version(if_match),
                                      notes=body.notes.strip()))


handler = lambda_handler(router)
