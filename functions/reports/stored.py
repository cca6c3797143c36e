"""Stored reports: their wire models, storing one with its PDF and CSV (for the use cases that compute a
report: ``program_files``, ``service``), and reading one (the report, a link to one of its files; an
organization's list is ``listing``). A module of its own, apart from the models of what a report holds
(``program_models``, ``models``) and from the use cases that compute reports: the functions that only read stored
reports do not build those at their start (issue 14; ``python -m bench.cold_start``). Who may read: every member
of the organization (RLS), as ``service`` says."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal
from uuid import UUID

from aws_lambda_powertools import Logger
from pydantic import Field

from functions.reports import labels
from functions.reports.errors import FileNotFound, ReportNotFound
from functions.reports.language import LANGUAGES, Language, speaking
from functions.reports.repository import ReportStore
from shared.files import FileStore
from shared.store import Row
from shared.types import Model

logger = Logger(child=True)

if TYPE_CHECKING:
    from functions.reports.lpj_draft_models import LpjDraft
    from functions.reports.organization_models import OrganizationReport
    from functions.reports.progress_models import ProgressReport

ReportKind = Literal["progress", "lpj", "weekly"]
ReportStatus = Literal["draft", "diajukan", "disetujui", "revisi"]
FileFormat = Literal["pdf", "csv"]
FORMATS: tuple[FileFormat, ...] = ("pdf", "csv")
CONTENT_TYPES = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}
WEEK = timedelta(days=7)


# ---- wire models ----

class FileLink(Model):
    format: FileFormat
    language: Language = Field(description="The language the file is written in: the reader's (their settings' "
                                            "`language`, or `?language=`), or Indonesian for a report stored before "
                                            "its files were written in English too.")
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


def file_name(title: str, covers_to: date, file_format: str) -> str:
    return f"{labels.slug(title)}-{covers_to.isoformat()}.{file_format}"


def _key_column(file_format: str, language: Language) -> str:
    """Where a stored report keeps its file of ``file_format`` in ``language``: ``pdf_key``, ``pdf_key_en``."""
    return f"{file_format}_key" if language == "id" else f"{file_format}_key_{language}"


def file_links(files: FileStore, row: Row, language: Language = "id") -> list[FileLink]:
    """Links to a stored report's files in ``language``; in Indonesian where it has none in that language (a report
    stored before its files were written in English too)."""
    links = []
    for file_format in FORMATS:
        written = language if row.get(_key_column(file_format, language)) else "id"
        key = row[_key_column(file_format, written)]
        if key:
            with speaking(written):
                name = file_name(labels.title_in_language(row["title"]), row["covers_to"], file_format)
            link = files.link(key, name)
            links.append(FileLink(format=file_format, language=written, url=link.url, expires_at=link.expires_at))
    return links


def summary_of(row: Row) -> ReportSummary:
    return ReportSummary.model_validate({**row, "formats": [f for f in FORMATS if row[f"{f}_key"]]})


def report_of(files: FileStore, row: Row, content_value: Any = None, language: Language = "id") -> Report:
    return Report.model_validate({**summary_of(row).model_dump(), "reviewer_notes": row.get("reviewer_notes"),
                                  "content": content_value if content_value is not None else row["content"],
                                  "files": file_links(files, row, language)})


# ---- storing one: a snapshot with its files ----

@dataclass(frozen=True)
class Stored:
    report: Report
    created: bool
    """False when a job found this week's report already stored."""


def _render(kind: str, model: ProgressReport | LpjDraft | OrganizationReport, title: str, covers_from: date,
            covers_to: date, pictures: Mapping[UUID, bytes],
            logo: bytes | None) -> dict[tuple[Language, FileFormat], tuple[str, bytes]]:
    """The report's files in every language (``language``), by language and format: each its file name and bytes.
    The photos are made printable once, for both languages' PDFs."""
    # Imported here: fpdf2 (and Pillow, fontTools) cost import time only to the functions that render. The
    # renderers import every report's models, a program's too: checking which one this is adds nothing.
    from functions.reports import render_csv, render_pdf
    from functions.reports.lpj_draft_models import LpjDraft
    from functions.reports.progress_models import ProgressReport

    printable = render_pdf.printable(pictures)
    rendered: dict[tuple[Language, FileFormat], tuple[str, bytes]] = {}
    for language in LANGUAGES:
        with speaking(language):
            named, covers = labels.title_in_language(title), labels.span(covers_from, covers_to)
            if isinstance(model, ProgressReport):
                pdf, csv = render_pdf.progress_pdf(model, named, covers, logo), render_csv.progress_csv(model)
            elif isinstance(model, LpjDraft):
                pdf, csv = render_pdf.lpj_pdf(model, named, covers, printable, logo), render_csv.lpj_csv(model)
            else:
                # stored on request, an organization's summary is of kind progress; its title page names it so
                heading = "weekly" if kind == "weekly" else "summary"
                pdf = render_pdf.organization_pdf(model, heading, named, covers, logo)
                csv = render_csv.organization_csv(model, named)
        rendered[language, "pdf"] = file_name(named, covers_to, "pdf"), pdf
        rendered[language, "csv"] = file_name(named, covers_to, "csv"), csv
    return rendered


def _logo(store: ReportStore, files: FileStore, org_id: UUID) -> bytes | None:
    """The organization's logo for the letterhead, if it has one. One that cannot be read from the file store leaves
    the letterhead without it (logged), rather than the report unmade."""
    key = store.logo_key(org_id)
    if key is None:
        return None
    try:
        return files.read(key)
    except Exception:
        logger.exception("the organization's logo could not be read: the report is printed without it",
                         extra={"organization_id": str(org_id), "file_key": key})
        return None


def store_report(store: ReportStore, files: FileStore, *, org_id: UUID, period_id: UUID, program_id: UUID | None,
                 kind: ReportKind, title: str, covers_from: date, covers_to: date,
                 model: ProgressReport | LpjDraft | OrganizationReport, created_by: UUID | None,
                 report_id: UUID | None = None, status: ReportStatus = "draft", commit: bool = True,
                 pictures: Mapping[UUID, bytes] | None = None) -> Stored:
    """``pictures``: an LPJ's documentation photos by attachment id, printed in its PDF; the organization's logo is
    read here, for every PDF's letterhead. The files are written in Indonesian and in English; the answer links
    those in the language of who stores it (their settings'; a job's in Indonesian), the report.generated event
    the Indonesian ones."""
    report_id = report_id or uuid.uuid4()
    language: Language = store.reader_language() if created_by is not None else "id"
    rendered = _render(kind, model, title, covers_from, covers_to, pictures or {}, _logo(store, files, org_id))
    keys: dict[str, str] = {}
    for (written, file_format), (name, body) in rendered.items():
        column = _key_column(file_format, written)
        keys[column] = f"{org_id}/{report_id}/{name}" if written == "id" else f"{org_id}/{report_id}/{written}/{name}"
        files.put(keys[column], body, CONTENT_TYPES[file_format], name)
    row: Row = {"id": report_id, "organization_id": org_id, "period_id": period_id, "program_id": program_id,
                "kind": kind, "title": title, "covers_from": covers_from, "covers_to": covers_to, "status": status,
                "reviewer_notes": None, **keys, "created_at": datetime.now(UTC), "created_by": created_by}
    links = file_links(files, row, language)
    announced: Row = {link.format: {"url": link.url, "expires_at": link.expires_at.isoformat()}
                      for link in file_links(files, row)}
    stored_content = model.model_dump(mode="json")
    fields = {name: row[name] for name in ("id", "organization_id", "period_id", "program_id", "kind", "title",
                                           "covers_from", "covers_to", "status", *keys, "created_by")}
    if not store.insert_report({**fields, "content": stored_content}, announced):
        # a job's concurrent run stored this week's report first: that one stands (the files just
        # written are left unreferenced)
        existing = store.job_report(org_id, program_id, kind, covers_from, covers_to)
        assert existing is not None
        return Stored(report=report_of(files, existing, {}), created=False)
    if commit:
        store.commit()
    return Stored(report=Report.model_validate({**summary_of(row).model_dump(), "reviewer_notes": None,
                                                "content": stored_content, "files": links}), created=True)


def last_week(today: date) -> tuple[date, date]:
    """The seven days before ``today`` (a Monday's run covers Monday to Sunday of the week before): what a
    scheduled job's report covers."""
    return today - WEEK, today - timedelta(days=1)


# ---- reading them ----

def get_report(store: ReportStore, files: FileStore, report_id: UUID) -> Report:
    row = store.report(report_id)  # RLS: members of its organization only
    if row is None:
        raise ReportNotFound()
    return report_of(files, row, language=row["reader_language"])


def report_file(store: ReportStore, files: FileStore, report_id: UUID, file_format: FileFormat,
                language: Language | None = None) -> FileLink:
    """A link to the report's file in ``language``, or in the reader's (their settings')."""
    row = store.report(report_id)
    if row is None:
        raise ReportNotFound()
    links = file_links(files, row, language or row["reader_language"])
    link = next((link for link in links if link.format == file_format), None)
    if link is None:
        raise FileNotFound(file_format)
    return link
