"""An organization's stored reports, newest first, a page at a time (every member; RLS). A module of its own: only
the list pages, so no function storing or reading one report builds its keyset (issue 14)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from functions.reports.errors import OrganizationNotFound
from functions.reports.repository import ReportStore
from functions.reports.stored import ReportSummary, summary_of
from shared.pagination import Page, decode_cursor, page_of
from shared.types import Model


class ReportAfter(Model):
    """Keyset of the stored reports list (newest first)."""

    created_at: datetime
    id: UUID


def list_reports(store: ReportStore, org_id: UUID, program_id: UUID | None, kind: str | None, cursor: str | None,
                 limit: int) -> Page[ReportSummary]:
    if not store.organization(org_id, None)["allowed"]:
        raise OrganizationNotFound()
    after = decode_cursor(cursor, ReportAfter)
    rows = store.reports(org_id, program_id, kind, after.model_dump() if after else None, limit + 1)
    rows, next_cursor = page_of(rows, limit, lambda row: ReportAfter(created_at=row["created_at"], id=row["id"]))
    return Page[ReportSummary](items=[summary_of(row) for row in rows], next_cursor=next_cursor)
