"""GET /orgs/{org_id}/letterhead/logo: the logo printed on the organization's documents, with a time-limited link
(every member)."""

from uuid import UUID

from functions.reports import logo
from functions.reports.logo_models import LetterheadLogo
from functions.reports.repository import report_store
from shared.api import Authenticated, Router, lambda_handler
from shared.files import file_store

router = Router()


@router.get("/orgs/<org_id>/letterhead/logo", tags=["reports"],
            summary="The logo on the organization's documents, with a link")
def get_letterhead_logo(org_id: UUID, actor: Authenticated) -> LetterheadLogo:
    with report_store(actor) as store:
        return logo.letterhead_logo(store, file_store(), org_id)


handler = lambda_handler(router)
