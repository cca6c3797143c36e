"""GET /programs/{program_id}/lpj/sections: what has been written into a program's LPJ (every member)."""

from uuid import UUID

from aws_lambda_powertools.event_handler import Response

from functions.reports import lpj
from functions.reports.lpj_models import LpjSections
from functions.reports.repository import report_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import tagged

router = Router()


@router.get("/programs/<program_id>/lpj/sections", tags=["reports"],
            summary="The LPJ's written sections: foreword, background, execution, participants, evaluation, closing")
def get_lpj_sections(program_id: UUID, actor: Authenticated) -> Response[LpjSections]:
    with report_store(actor) as store:
        return tagged(*lpj.lpj_sections(store, program_id))


handler = lambda_handler(router)
