"""POST /programs/carry-over: Carry programs into the next period as drafts (the handover's templates; whoever may
create programs there)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.programs import service
from functions.programs.models import CarriedOver, CarryOverRequest
from functions.programs.repository import program_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post("/programs/carry-over", tags=["programs"],
             summary="Carry programs into the next period as drafts (by default the active period's rutin and "
                     "berkelanjutan ones)")
def carry_over_programs(body: Annotated[CarryOverRequest, Body()], actor: Authenticated) -> CarriedOver:
    with program_store(actor) as store:
        return service.carry_over(store, actor, body)


handler = lambda_handler(router, idempotent=True)
