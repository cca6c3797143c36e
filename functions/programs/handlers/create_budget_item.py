"""POST /programs/{program_id}/budget-items: Add an income or expense line (heads of its department; its PJ)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.programs import parts_service
from functions.programs.parts_models import BudgetItem, BudgetItemCreate
from functions.programs.parts_repository import part_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import tagged

router = Router()


@router.post("/programs/<program_id>/budget-items",
             summary="Add a budget item, income or expense (heads of the program's department; its PJ)",
             tags=["budget"], status_code=201)
def create_budget_item(program_id: UUID, body: Annotated[BudgetItemCreate, Body()],
                       actor: Authenticated) -> Response[BudgetItem]:
    with part_store(actor) as store:
        return tagged(*parts_service.create_budget_item(store, actor, program_id, body), status=201)


handler = lambda_handler(router, idempotent=True)
