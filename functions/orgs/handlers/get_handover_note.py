"""GET /orgs/{org_id}/departments/{department_id}/handover-note: A department's note to the next board."""

from uuid import UUID

from aws_lambda_powertools.event_handler import Response

from functions.orgs import handover
from functions.orgs.handover_models import HandoverNote
from functions.orgs.handover_repository import handover_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import tagged

router = Router()


@router.get("/orgs/<org_id>/departments/<department_id>/handover-note", tags=["orgs"],
            summary="A department's handover note to the next board (members of the organization)")
def get_handover_note(org_id: UUID, department_id: UUID, actor: Authenticated) -> Response[HandoverNote]:
    with handover_store(actor) as store:
        return tagged(*handover.handover_note(store, org_id, department_id))


handler = lambda_handler(router)
