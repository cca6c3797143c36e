"""POST /programs/{program_id}/lpj/approve: approve the checked LPJ, diperiksa → disetujui, stored once as its
final report with its PDF and CSV (the ketua and wakil ketua; If-Match optional; docs/decisions/0018-lpj-review.md)."""

from uuid import UUID

from aws_lambda_powertools.event_handler import Response

from functions.reports import lpj
from functions.reports.lpj_models import LpjSections
from functions.reports.repository import report_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import IfMatch, expected_version, tagged
from shared.files import file_store

router = Router()


@router.post("/programs/<program_id>/lpj/approve", tags=["reports"],
             summary="Approve the checked LPJ (ketua, wakil ketua): diperiksa → disetujui, stored as its final report")
def approve_lpj(program_id: UUID, actor: Authenticated, if_match: IfMatch = None) -> Response[LpjSections]:
    with report_store(actor) as store:
        return tagged(*lpj.review_lpj(store, actor.user_id, program_id, "approve", expected_version(if_match),
                                      files=file_store()))


handler = lambda_handler(router)
