"""Use cases of a program's LPJ draft: computed now from what was tracked and what people wrote, until it is
approved; from then on, as it was approved. Storing it is ``program_files``; its written sections and review
are ``lpj``. Who may do what: ``service``'s docstring."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from functions.reports import lpj_content
from functions.reports.lpj_draft_models import LpjDraft
from functions.reports.program_content import program_row
from functions.reports.repository import ReportStore
from shared.store import Row

if TYPE_CHECKING:
    from shared.files import FileStore


def program_lpj(store: ReportStore, program_id: UUID) -> LpjDraft:
    """The LPJ computed now from what was tracked; once approved, the LPJ as it was approved (its stored report),
    never computed again."""
    approved = approved_report(store, program_id)
    if approved is not None:
        return LpjDraft.model_validate(approved["content"])
    return computed_lpj(store, program_id)


def computed_lpj(store: ReportStore, program_id: UUID) -> LpjDraft:
    """The LPJ as what was tracked, written and attached says now, its signatories with their NIMs."""
    draft = lpj_content.lpj_draft(*program_row(store, program_id), store.lpj_attachment_rows(program_id))
    signing = [signatory.person.user_id for signatory in draft.sign_off if signatory.person]
    return lpj_content.numbered(draft, store.document_numbers(signing))


def photos(store: ReportStore, files: FileStore, program_id: UUID) -> dict[UUID, bytes]:
    """The documentation photos its PDF prints, by attachment id, read from the file store."""
    return {row["id"]: files.read(row["file_key"]) for row in store.lpj_attachment_rows(program_id)
            if row["kind"] == "dokumentasi" and row["content_type"].startswith("image/")}


def approved_report(store: ReportStore, program_id: UUID) -> Row | None:
    row = store.lpj_sections(program_id)
    report_id = row["sections"]["report_id"] if row and row["sections"] else None
    return store.report(UUID(str(report_id))) if report_id else None
