"""POST /programs/{program_id}/lpj/check: mark the submitted LPJ checked, diajukan → diperiksa (the
sekretaris; If-Match optional; docs/decisions/0018-lpj-review.md)."""

from uuid import UUID

from aws_lambda_powertools.event_handler import Response

from functions.reports import lpj
from functions.reports.lpj_models import LpjSections
from functions.reports.repository import report_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import IfMatch, expected_version, tagged

router = Router()


@router.post("/programs/<program_id>/lpj/check", tags=["reports"],
             summary="Mark the submitted LPJ checked (the sekretaris): diajukan → diperiksa")
def check_lpj(program_id: UUID, actor: Authenticated, if_match: IfMatch = None) -> Response[LpjSections]:
    with report_store(actor) as store:
        return tagged(*lpj.review_lpj(store, actor.user_id, program_id, "check", expected_version(if_match)))


handler = lambda_handler(router)
