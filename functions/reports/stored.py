"""Stored reports: their wire models, and reading them (an organization's list, one report, a link to one of
its files). A module of its own, apart from the models of what a report holds (``models``) and from the
use cases that compute and store reports (``service``): the functions that only read stored reports do not
build those at their start (issue 14; ``python -m bench.cold_start``). Who may read: every member of the
organization (RLS), as ``service`` says."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import Field

from functions.reports import labels
from functions.reports.errors import FileNotFound, OrganizationNotFound, ReportNotFound
from functions.reports.repository import ReportStore
from shared.files import FileStore
from shared.pagination import Page, decode_cursor, page_of
from shared.store import Row
from shared.types import Model, Request

ReportKind = Literal["progress", "lpj", "weekly"]
ReportStatus = Literal["draft", "diajukan", "disetujui", "revisi"]
FileFormat = Literal["pdf", "csv"]
FORMATS: tuple[FileFormat, ...] = ("pdf", "csv")


# ---- wire models ----

class ProgramReportCreate(Request):
    kind: Literal["progress", "lpj"] = Field(description="Which report of the program to store.")


class OrganizationReportCreate(Request):
    period_id: UUID | None = Field(None, description="The organization's active period when omitted.")


class FileLink(Model):
    format: FileFormat
    url: str = Field(description="A time-limited link to download the file.")
    expires_at: datetime


class ReportSummary(Model):
    id: UUID
    organization_id: UUID
    period_id: UUID
    program_id: UUID | None = Field(description="Null for a report of the whole organization.")
    kind: ReportKind
    title: str
    covers_from: date
    covers_to: date
    status: ReportStatus
    formats: list[FileFormat] = Field(description="The files it has.")
    created_at: datetime
    created_by: UUID | None = Field(description="Null for a report a scheduled job made.")


class Report(ReportSummary):
    reviewer_notes: str | None
    content: dict[str, Any] = Field(description="The report as it was: a `ProgressReport` (kind progress of a "
                                                "program), an `LpjDraft` (lpj) or an `OrganizationReport` "
                                                "(weekly, or progress of the organization).")
    files: list[FileLink] = Field(description="Time-limited links to its files.")


class ReportAfter(Model):
    """Keyset of the stored reports list (newest first)."""

    created_at: datetime
    id: UUID


def file_name(title: str, covers_to: date, file_format: str) -> str:
    return f"{labels.slug(title)}-{covers_to.isoformat()}.{file_format}"


def file_links(files: FileStore, row: Row) -> list[FileLink]:
    links = []
    for file_format in FORMATS:
        key = row[f"{file_format}_key"]
        if key:
            link = files.link(key, file_name(row["title"], row["covers_to"], file_format))
            links.append(FileLink(format=file_format, url=link.url, expires_at=link.expires_at))
    return links


def summary_of(row: Row) -> ReportSummary:
    return ReportSummary.model_validate({**row, "formats": [f for f in FORMATS if row[f"{f}_key"]]})


def report_of(files: FileStore, row: Row, content_value: Any = None) -> Report:
    return Report.model_validate({**summary_of(row).model_dump(), "reviewer_notes": row.get("reviewer_notes"),
                                  "content": content_value if content_value is not None else row["content"],
                                  "files": file_links(files, row)})



# ---- reading them ----

def list_reports(store: ReportStore, org_id: UUID, program_id: UUID | None, kind: str | None, cursor: str | None,
                 limit: int) -> Page[ReportSummary]:
    if not store.organization(org_id, None)["allowed"]:
        raise OrganizationNotFound()
    after = decode_cursor(cursor, ReportAfter)
    rows = store.reports(org_id, program_id, kind, after.model_dump() if after else None, limit + 1)
    rows, next_cursor = page_of(rows, limit, lambda row: ReportAfter(created_at=row["created_at"], id=row["id"]))
    return Page[ReportSummary](items=[summary_of(row) for row in rows], next_cursor=next_cursor)


def get_report(store: ReportStore, files: FileStore, report_id: UUID) -> Report:
    row = store.report(report_id)  # RLS: members of its organization only
    if row is None:
        raise ReportNotFound()
    return report_of(files, row)


def report_file(store: ReportStore, files: FileStore, report_id: UUID, file_format: FileFormat) -> FileLink:
    row = store.report(report_id)
    if row is None:
        raise ReportNotFound()
    link = next((link for link in file_links(files, row) if link.format == file_format), None)
    if link is None:
        raise FileNotFound(file_format)
    return link
