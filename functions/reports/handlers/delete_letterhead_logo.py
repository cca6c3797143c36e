"""DELETE /orgs/{org_id}/letterhead/logo: the organization's documents go without a logo; its file is deleted
(the ketua and wakil ketua)."""

from uuid import UUID

from aws_lambda_powertools.event_handler import Response

from functions.reports import logo
from functions.reports.repository import report_store
from shared.api import Authenticated, Router, lambda_handler
from shared.files import file_store

router = Router()


@router.delete("/orgs/<org_id>/letterhead/logo", status_code=204, tags=["reports"],
               summary="Remove the logo from the organization's documents, with its file")
def delete_letterhead_logo(org_id: UUID, actor: Authenticated) -> Response[None]:
    with report_store(actor) as store:
        logo.remove_logo(store, file_store(), org_id)
    return Response(status_code=204)


handler = lambda_handler(router)
