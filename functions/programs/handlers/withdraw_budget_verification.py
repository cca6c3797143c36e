"""DELETE /budget-items/{item_id}/verification: The bendahara withdraws a budget item's verification."""

from uuid import UUID

from aws_lambda_powertools.event_handler import Response

from functions.programs import parts_service
from functions.programs.parts_models import BudgetItem
from functions.programs.parts_repository import part_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import IfMatch, expected_version, tagged

router = Router()


@router.delete("/budget-items/<item_id>/verification", summary="Withdraw a budget item's verification "
               "(the bendahara)", tags=["budget"])
def withdraw_budget_verification(item_id: UUID, actor: Authenticated,
                                 if_match: IfMatch = None) -> Response[BudgetItem]:
    with part_store(actor) as store:
        return tagged(*parts_service.set_verification(store, actor, item_id, False, expected_version(if_match)))


handler = lambda_handler(router)
