"""POST /orgs/{org_id}/letterhead/logo/{logo_id}/uploaded: the picture is up; the API checks what arrived (size,
type), makes it the logo and deletes the one before (the ketua and wakil ketua)."""

from uuid import UUID

from functions.reports import logo
from functions.reports.logo_models import LetterheadLogo
from functions.reports.repository import report_store
from shared.api import Authenticated, Router, lambda_handler
from shared.files import file_store

router = Router()


@router.post("/orgs/<org_id>/letterhead/logo/<logo_id>/uploaded", tags=["reports"],
             summary="Confirm a logo's upload: checked (size, type), then on the organization's documents")
def confirm_letterhead_logo(org_id: UUID, logo_id: UUID, actor: Authenticated) -> LetterheadLogo:
    with report_store(actor) as store:
        return logo.confirm_logo(store, file_store(), org_id, logo_id)


handler = lambda_handler(router)
