"""PUT /programs/{program_id}/lpj/sections: write a program's LPJ sections (its PJ, the heads of its department,
the sekretaris, the board; If-Match optional, a stale one is 412)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.reports import lpj
from functions.reports.lpj_models import LpjSections, LpjSectionsUpdate
from functions.reports.repository import report_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import IfMatch, expected_version, tagged

router = Router()


@router.put("/programs/<program_id>/lpj/sections", tags=["reports"],
            summary="Write the LPJ's sections (PJ; heads of its department; sekretaris; board)")
def update_lpj_sections(program_id: UUID, body: Annotated[LpjSectionsUpdate, Body()], actor: Authenticated,
                        if_match: IfMatch = None) -> Response[LpjSections]:
    with report_store(actor) as store:
        return tagged(*lpj.save_lpj_sections(store, program_id, body, expected_version(if_match)))


handler = lambda_handler(router)
