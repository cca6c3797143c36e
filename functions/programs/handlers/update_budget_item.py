"""PATCH /budget-items/{item_id}: Edit a budget item, or enter what was actually spent or received."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.programs import parts_service
from functions.programs.parts_models import BudgetItem, BudgetItemUpdate
from functions.programs.parts_repository import part_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import IfMatch, expected_version, tagged

router = Router()


@router.patch("/budget-items/<item_id>",
              summary="Edit a budget item or enter its actual amount and receipt (heads of the program's "
                      "department; its PJ); a changed amount clears the verification",
              tags=["budget"])
def update_budget_item(item_id: UUID, body: Annotated[BudgetItemUpdate, Body()], actor: Authenticated,
                       if_match: IfMatch = None) -> Response[BudgetItem]:
    with part_store(actor) as store:
        return tagged(*parts_service.update_budget_item(store, actor, item_id, body, expected_version(if_match)))


handler = lambda_handler(router)
