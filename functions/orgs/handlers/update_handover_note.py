"""PUT /orgs/{org_id}/departments/{department_id}/handover-note: Write a department's handover note (its heads,
the sekretaris, the board, while its period is open; If-Match optional, a stale one is 412)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.orgs import handover
from functions.orgs.handover_models import HandoverNote, HandoverNoteUpdate
from functions.orgs.handover_repository import handover_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import IfMatch, expected_version, tagged

router = Router()


@router.put("/orgs/<org_id>/departments/<department_id>/handover-note", tags=["orgs"],
            summary="Write a department's handover note (its heads; sekretaris; board)")
def update_handover_note(org_id: UUID, department_id: UUID, body: Annotated[HandoverNoteUpdate, Body()],
                         actor: Authenticated, if_match: IfMatch = None) -> Response[HandoverNote]:
    with handover_store(actor) as store:
        return tagged(*handover.save_handover_note(store, org_id, department_id, body, expected_version(if_match)))


handler = lambda_handler(router)
