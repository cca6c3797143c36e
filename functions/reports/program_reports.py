"""Use cases of a program's reports: its progress report and its LPJ draft, computed now, stored with their
PDF and CSV (on request, when the LPJ is approved, and weekly by a job). Who may do what: ``service``'s
docstring. An organization's reports are in ``service``, the LPJ's written sections and review in ``lpj``."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from functions.reports import labels, program_content
from functions.reports.errors import LpjFrozen, NotAllowed, ProgramNotFound
from functions.reports.parts import Names
from functions.reports.program_models import LpjDraft, ProgressReport
from functions.reports.repository import ReportStore
from functions.reports.stored import Report, Stored, last_week, report_of, store_report
from shared.files import FileStore
from shared.store import Row

# ---- reading: computed now ----

def _program(store: ReportStore, program_id: UUID) -> tuple[Row, Names]:
    row = store.program(program_id)  # no row: no such program among the caller's organizations
    if row is None or row["identity"] is None:
        raise ProgramNotFound()
    return row, Names(store.names(sorted(program_content.people_in(row))))


def program_report(store: ReportStore, program_id: UUID) -> ProgressReport:
    return program_content.progress_report(*_program(store, program_id))


def program_lpj(store: ReportStore, program_id: UUID) -> LpjDraft:
    """The LPJ computed now from what was tracked; once approved, the LPJ as it was approved (its stored report),
    never computed again."""
    approved = _approved_report(store, program_id)
    if approved is not None:
        return LpjDraft.model_validate(approved["content"])
    return program_content.lpj_draft(*_program(store, program_id))


def _approved_report(store: ReportStore, program_id: UUID) -> Row | None:
    row = store.lpj_sections(program_id)
    report_id = row["sections"]["report_id"] if row and row["sections"] else None
    return store.report(UUID(str(report_id))) if report_id else None


# ---- storing: a snapshot with its files ----

def _program_span(report: ProgressReport | LpjDraft) -> tuple[date, date]:
    """What a program's report covers: from its start (actual or planned) to today (progress), or its
    execution (LPJ)."""
    if isinstance(report, ProgressReport):
        timeline = report.timeline
        started = [day for day in (timeline.actual_start, timeline.planned_start) if day]
        return min([*started, report.today]), report.today
    execution = report.execution
    start = execution.actual_start or execution.planned_start or report.today
    end = execution.actual_end or execution.planned_end or report.today
    return start, max(start, end)


def store_program_report(store: ReportStore, files: FileStore, actor_id: UUID, program_id: UUID,
                         kind: str) -> Report:
    """Store a program's progress report or LPJ draft now, with its CSV and PDF."""
    if kind == "lpj":
        approved = _approved_report(store, program_id)
        if approved is not None:
            raise LpjFrozen("disetujui")
    model: ProgressReport | LpjDraft = (program_report(store, program_id) if kind == "progress"
                                        else program_lpj(store, program_id))
    identity = model.identity
    if not store.may_write(identity.organization.id, identity.period.id, program_id):
        raise NotAllowed("store this program's reports (its PJ, the heads of its department, the sekretaris and "
                         "the board do)")
    covers_from, covers_to = _program_span(model)
    title = f"{labels.KIND_TITLE[kind]}: {identity.program.name}"
    return store_report(store, files, org_id=identity.organization.id, period_id=identity.period.id,
                        program_id=program_id, kind="lpj" if kind == "lpj" else "progress", title=title,
                        covers_from=covers_from, covers_to=covers_to, model=model, created_by=actor_id).report


def store_approved_lpj(store: ReportStore, files: FileStore, actor_id: UUID, program_id: UUID,
                       report_id: UUID) -> None:
    """The approved LPJ, stored once with its PDF and CSV (status disetujui): what the LPJ is from now on. In the
    transaction of the approval (``lpj.review_lpj``), which commits it."""
    model = program_content.lpj_draft(*_program(store, program_id))
    identity = model.identity
    covers_from, covers_to = _program_span(model)
    store_report(store, files, org_id=identity.organization.id, period_id=identity.period.id, program_id=program_id,
                 kind="lpj", title=f"{labels.KIND_TITLE['lpj']}: {identity.program.name}", covers_from=covers_from,
                 covers_to=covers_to, model=model, created_by=actor_id, report_id=report_id, status="disetujui",
                 commit=False)


# ---- scheduled jobs ----

def running_programs(store: ReportStore, org_id: UUID, period_id: UUID) -> list[UUID]:
    """The programs in progress (dalam_progres) of a period: those the weekly progress reports are for."""
    return [p["id"] for p in store.period_programs(org_id, period_id) if p["status"] == "dalam_progres"]


def weekly_progress_report(store: ReportStore, files: FileStore, program_id: UUID) -> Stored:
    """A running program's weekly progress report (a job, as a service): once per program and week."""
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
