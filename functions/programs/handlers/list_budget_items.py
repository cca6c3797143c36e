"""GET /programs/{program_id}/budget-items: the program's budget items with their totals and balance."""

from uuid import UUID

from functions.programs import parts_service
from functions.programs.parts_models import BudgetItems
from functions.programs.parts_repository import part_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.get("/programs/<program_id>/budget-items",
            summary="A program's budget items, planned and actual totals per kind, and the balance "
                    "(board, sekretaris, bendahara, pembina; heads of its department; its PJ)",
            tags=["budget"])
def list_budget_items(program_id: UUID, actor: Authenticated) -> BudgetItems:
    with part_store(actor) as store:
        return parts_service.budget(store, actor, program_id)


handler = lambda_handler(router)
