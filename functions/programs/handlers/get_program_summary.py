"""GET /programs/summary: an organization's programs of a period at a glance (one SQL statement)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query

from functions.programs import service
from functions.programs.models import ProgramSummary
from functions.programs.repository import program_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.get("/programs/summary",
            summary="Summary of an organization's programs: counts by status, late, tasks, budget per department",
            tags=["programs"])
def get_program_summary(
    actor: Authenticated,
    organization_id: Annotated[UUID, Query()],
    period_id: Annotated[UUID | None, Query(description="The organization's active period when omitted.")] = None,
) -> ProgramSummary:
    with program_store(actor) as store:
        return service.program_summary(store, organization_id, period_id)


handler = lambda_handler(router)
