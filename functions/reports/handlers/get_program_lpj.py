"""GET /programs/{program_id}/lpj: a program's accountability report (LPJ) drafted from what was
tracked (every member)."""

from uuid import UUID

from functions.reports import program_lpj
from functions.reports.lpj_draft_models import LpjDraft
from functions.reports.repository import report_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.get("/programs/<program_id>/lpj", tags=["reports"],
            summary="A program's LPJ draft: identity and sign-off, background, execution, finances, evaluation")
def get_program_lpj(program_id: UUID, actor: Authenticated) -> LpjDraft:
    with report_store(actor) as store:
        return program_lpj.program_lpj(store, program_id)


handler = lambda_handler(router)
