"""A program's reports stored: a snapshot of its progress report or LPJ draft with their PDF and CSV, on
request, when the LPJ is approved (``lpj``), and weekly by a job. Computing them is ``program_reports`` and
``program_lpj``; each kind (its models and computation) is imported when a report of that kind is stored, so a
function starts without building the models of a kind it may never store (issue 14)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal
from uuid import UUID

from pydantic import Field

from functions.reports import labels
from functions.reports.errors import LpjFrozen, NotAllowed
from functions.reports.repository import ReportStore
from functions.reports.stored import Report, Stored, last_week, report_of, store_report
from shared.files import FileStore
from shared.types import Request

if TYPE_CHECKING:
    from functions.reports.lpj_draft_models import LpjDraft
    from functions.reports.progress_models import ProgressReport

class ProgramReportCreate(Request):
    kind: Literal["progress", "lpj"] = Field(description="Which report of the program to store.")


# ---- storing: a snapshot with its files ----

def _progress_span(report: ProgressReport) -> tuple[date, date]:
    """What a progress report covers: from the program's start (actual or planned) to today."""
    timeline = report.timeline
    started = [day for day in (timeline.actual_start, timeline.planned_start) if day]
    return min([*started, report.today]), report.today


def _lpj_span(report: LpjDraft) -> tuple[date, date]:
    """What an LPJ covers: the program's execution."""
    execution = report.execution
    start = execution.actual_start or execution.planned_start or report.today
    end = execution.actual_end or execution.planned_end or report.today
    return start, max(start, end)


def store_program_report(store: ReportStore, files: FileStore, actor_id: UUID, program_id: UUID,
                         kind: str) -> Report:
    """Store a program's progress report or LPJ draft now, with its CSV and PDF."""
    pictures: dict[UUID, bytes] = {}
    model: ProgressReport | LpjDraft
    if kind == "lpj":
        from functions.reports.program_lpj import approved_report, computed_lpj, photos

        if approved_report(store, program_id) is not None:
            raise LpjFrozen("disetujui")
        lpj = computed_lpj(store, program_id)
        model, (covers_from, covers_to) = lpj, _lpj_span(lpj)
    else:
        from functions.reports.program_reports import program_report

        progress = program_report(store, program_id)
        model, (covers_from, covers_to) = progress, _progress_span(progress)
    identity = model.identity
    if not store.may_write(identity.organization.id, identity.period.id, program_id):
        raise NotAllowed("store this program's reports (its PJ, the heads of its department, the sekretaris and "
                         "the board do)")
    if kind == "lpj":
        pictures = photos(store, files, program_id)
    title = f"{labels.KIND_TITLE[kind]}: {identity.program.name}"
    return store_report(store, files, org_id=identity.organization.id, period_id=identity.period.id,
                        program_id=program_id, kind="lpj" if kind == "lpj" else "progress", title=title,
                        covers_from=covers_from, covers_to=covers_to, model=model, created_by=actor_id,
                        pictures=pictures).report


def store_approved_lpj(store: ReportStore, files: FileStore, actor_id: UUID, program_id: UUID,
                       report_id: UUID) -> None:
    """The approved LPJ, stored once with its PDF and CSV (status disetujui): what the LPJ is from now on. In the
    transaction of the approval (``lpj.review_lpj``), which commits it."""
    from functions.reports.program_lpj import computed_lpj, photos

    model = computed_lpj(store, program_id)
    identity = model.identity
    organization = identity.organization
    sequence = store.approved_lpjs(organization.id, model.today.year) + 1
    model = model.model_copy(update={"document_number": labels.document_number(
        organization.document_number_format, sequence, organization.short_name, identity.program.code, model.today)})
    covers_from, covers_to = _lpj_span(model)
    store_report(store, files, org_id=identity.organization.id, period_id=identity.period.id, program_id=program_id,
                 kind="lpj", title=f"{labels.KIND_TITLE['lpj']}: {identity.program.name}", covers_from=covers_from,
                 covers_to=covers_to, model=model, created_by=actor_id, report_id=report_id, status="disetujui",
                 commit=False, pictures=photos(store, files, program_id))


# ---- scheduled jobs ----

def running_programs(store: ReportStore, org_id: UUID, period_id: UUID) -> list[UUID]:
    """The programs in progress (dalam_progres) of a period: those the weekly progress reports are for."""
    return [p["id"] for p in store.period_programs(org_id, period_id) if p["status"] == "dalam_progres"]


def weekly_progress_report(store: ReportStore, files: FileStore, program_id: UUID) -> Stored:
    """A running program's weekly progress report (a job, as a service): once per program and week."""
    from functions.reports.program_reports import program_report

    model = program_report(store, program_id)
    identity = model.identity
    covers_from, covers_to = last_week(model.today)
    existing = store.job_report(identity.organization.id, program_id, "progress", covers_from, covers_to)
    if existing is not None:
        return Stored(report=report_of(files, existing, {}), created=False)
    return store_report(store, files, org_id=identity.organization.id, period_id=identity.period.id,
                        program_id=program_id, kind="progress",
                        title=f"{labels.KIND_TITLE['progress']}: {identity.program.name}",
                        covers_from=covers_from, covers_to=covers_to, model=model, created_by=None)
