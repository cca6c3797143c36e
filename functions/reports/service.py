"""Use cases of reports and who may do them (DOMAIN.md, "reports" row). RLS and the other services'
SQL contracts enforce the same again in the database. Users never write a report row themselves: the
service decides as the user, then stores what it computed as service_role (the repository), and the
database checks the row's program, period and author again.

- read (a program's progress report and LPJ draft, an organization's summary, stored reports and
  their files): every member of the organization, of any period, pembina included; outsiders 404.
- store a program's report (with its CSV and PDF): its PJ ("write"), the heads of its department
  ("submit"), the sekretaris ("compile") and the board ("approve"), active in the program's period.
- store an organization's report: the sekretaris and the board.
- scheduled jobs (service_role) store the weekly organization reports and the programs' weekly progress
  reports; each once per week however often the job runs.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from functions.reports import content, labels
from functions.reports.errors import (
    LpjChanged,
    LpjFrozen,
    LpjNotWritten,
    LpjStepConflict,
    NoActivePeriod,
    NotAllowed,
    OrganizationNotFound,
    PeriodNotFound,
    ProgramNotFound,
)
from functions.reports.models import (
    IndicatorEvaluation,
    LpjAction,
    LpjDraft,
    LpjReviewStep,
    LpjSections,
    LpjSectionsUpdate,
    OrganizationReport,
    ProgressReport,
)
from functions.reports.repository import ReportStore
from functions.reports.stored import (
    FileFormat,
    Report,
    ReportKind,
    ReportStatus,
    file_links,
    file_name,
    report_of,
    summary_of,
)
from shared.etags import lost_race
from shared.files import FileStore
from shared.store import Row

CONTENT_TYPES = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}
WEEK = timedelta(days=7)


# ---- reading: computed now ----

def _program(store: ReportStore, program_id: UUID) -> tuple[Row, content.Names]:
    row = store.program(program_id)  # no row: no such program among the caller's organizations
    if row is None or row["identity"] is None:
        raise ProgramNotFound()
    return row, content.Names(store.names(sorted(content.people_in(row))))


def program_report(store: ReportStore, program_id: UUID) -> ProgressReport:
    return content.progress_report(*_program(store, program_id))


def program_lpj(store: ReportStore, program_id: UUID) -> LpjDraft:
    """The LPJ computed now from what was tracked; once approved, the LPJ as it was approved (its stored report),
    never computed again."""
    approved = _approved_report(store, program_id)
    if approved is not None:
        return LpjDraft.model_validate(approved["content"])
    return content.lpj_draft(*_program(store, program_id))


def _approved_report(store: ReportStore, program_id: UUID) -> Row | None:
    row = store.lpj_sections(program_id)
    report_id = row["sections"]["report_id"] if row and row["sections"] else None
    return store.report(UUID(str(report_id))) if report_id else None


# ---- the LPJ's written sections: the PJ (and who may store the program's reports) writes, members read ----

REVIEW: dict[LpjAction, tuple[tuple[str, ...], str, str]] = {
    "submit": (("draft", "revisi"), "diajukan", "submitted"),
    "check": (("diajukan",), "diperiksa", "checked"),
    "approve": (("diperiksa",), "disetujui", "approved"),
    "return": (("diajukan", "diperiksa"), "revisi", "sent back for revision"),
}
"""Each review step: the states it goes from, the state it reaches, and how the answers name it."""
EDITABLE = ("draft", "revisi")


def _actions(row: Row, status: str) -> list[LpjAction]:
    """The steps the caller's role allows from ``status`` (the database asks the same again: may_review)."""
    written = row["sections"] is not None
    allowed: list[LpjAction] = []
    if row["may_edit"] and written and status in EDITABLE:
        allowed.append("submit")
    if row["may_check"] and status == "diajukan":
        allowed += ["check", "return"]
    if row["may_approve"] and status == "diperiksa":
        allowed += ["approve", "return"]
    return allowed


def lpj_sections(store: ReportStore, program_id: UUID) -> tuple[LpjSections, int]:
    """The sections as written with their review, and their version (the ETag): until the first save, empty, the
    evaluation listing the program's success indicators."""
    row = store.lpj_sections(program_id)
    if row is None:
        raise ProgramNotFound()
    written = row["sections"]
    steps = row["steps"] or []
    if written is None:
        indicators = [IndicatorEvaluation(indicator=line.indicator)
                      for line in content.indicator_lines(row["success_indicators"])]
        return LpjSections(program_id=program_id, foreword="", background="", execution_notes="", participants=[],
                           indicators=indicators, obstacles="", solutions="", recommendations="", closing="",
                           version=0, updated_at=None, updated_by=None, may_edit=row["may_edit"], status="draft",
                           review_notes=None, report_id=None, actions=[], history=[]), 0
    names = content.Names(store.names([written["updated_by"], *(step["changed_by"] for step in steps)]))
    history = [LpjReviewStep.model_validate({**step, "changed_by": names.person(step["changed_by"])})
               for step in steps]
    status = written["status"]
    sections = LpjSections.model_validate({
        **written, "program_id": program_id, "may_edit": bool(row["may_edit"]) and status in EDITABLE,
        "updated_by": names.person(written["updated_by"]), "actions": _actions(row, status), "history": history})
    return sections, sections.version


def save_lpj_sections(store: ReportStore, program_id: UUID, request: LpjSectionsUpdate,
                      expected_version: int | None) -> tuple[LpjSections, int]:
    """Replace the sections (If-Match: the version read). Who may store the program's reports may write them,
    while the LPJ is a draft or sent back for revision."""
    row = store.lpj_sections(program_id)
    if row is None:
        raise ProgramNotFound()
    if not row["may_edit"]:
        raise NotAllowed("write this program's LPJ")
    version = row["sections"]["version"] if row["sections"] else 0
    if expected_version is not None and expected_version != version:
        raise LpjChanged()
    status = row["sections"]["status"] if row["sections"] else "draft"
    if status not in EDITABLE:
        raise LpjFrozen(status)
    if not store.save_lpj_sections(program_id, row["organization_id"], row["period_id"],
                                   request.model_dump(mode="json"), version):
        raise lost_race(expected_version, LpjChanged(), "LPJ")
    store.commit()
    return lpj_sections(store, program_id)


_WHO_MAY = {
    "submit": ("may_edit", "submit this program's LPJ (its PJ, the heads of its department, the sekretaris and "
                           "the board do)"),
    "check": ("may_check", "check this LPJ (the sekretaris does)"),
    "approve": ("may_approve", "approve this LPJ (the ketua and wakil ketua do)"),
}


def review_lpj(store: ReportStore, actor_id: UUID, program_id: UUID, action: LpjAction, expected_version: int | None,
               notes: str | None = None, files: FileStore | None = None) -> tuple[LpjSections, int]:
    """One step of the LPJ's review (docs/decisions/0018-lpj-review.md), decided here as the caller (404 outsiders,
    403 a role that may not take it, 412 a stale If-Match, 409 a step the state does not allow) and written through
    the service's own transaction; approving stores the LPJ as a report (status disetujui) in the same one."""
    row = store.lpj_sections(program_id)
    if row is None:
        raise ProgramNotFound()
    written = row["sections"]
    status: str = written["status"] if written else "draft"
    from_statuses, to_status, done = REVIEW[action]
    if action == "return":
        if not (row["may_check"] or row["may_approve"]):
            raise NotAllowed("send this LPJ back for revision (the sekretaris and the ketua do)")
    elif not row[_WHO_MAY[action][0]]:
        raise NotAllowed(_WHO_MAY[action][1])
    version = written["version"] if written else 0
    if expected_version is not None and expected_version != version:
        raise LpjChanged()
    if action == "return":  # the sekretaris sends back what was submitted, the ketua what was checked
        from_statuses = tuple(s for s, may in (("diajukan", row["may_check"]), ("diperiksa", row["may_approve"]))
                              if may)
    if status not in from_statuses:
        raise LpjStepConflict(status, done, from_statuses)
    if written is None:
        raise LpjNotWritten()
    step = {"by": actor_id, "action": action, "notes": notes}
    report_id = uuid.uuid4() if action == "approve" else None
    if not store.review_lpj(program_id, step, from_statuses, to_status, version, report_id):
        raise lost_race(expected_version, LpjChanged(), "LPJ")
    if report_id is not None:
        assert files is not None, "approving stores the LPJ's files"
        _store_approved(store, files, actor_id, program_id, report_id)
    store.commit()
    return lpj_sections(store, program_id)


def _store_approved(store: ReportStore, files: FileStore, actor_id: UUID, program_id: UUID, report_id: UUID) -> None:
    """The approved LPJ, stored once with its PDF and CSV (status disetujui): what the LPJ is from now on."""
    model = content.lpj_draft(*_program(store, program_id))
    identity = model.identity
    covers_from, covers_to = _program_span(model)
    _store(store, files, org_id=identity.organization.id, period_id=identity.period.id, program_id=program_id,
           kind="lpj", title=f"{labels.KIND_TITLE['lpj']}: {identity.program.name}", covers_from=covers_from,
           covers_to=covers_to, model=model, created_by=actor_id, report_id=report_id, status="disetujui",
           commit=False)


def _organization(store: ReportStore, org_id: UUID, period_id: UUID | None, field: str) -> Row:
    asked = store.organization(org_id, period_id)
    if not asked["allowed"]:
        raise OrganizationNotFound()
    if asked["period_id"] is None:
        raise NoActivePeriod(field)
    if asked["identity"] is None:
        raise PeriodNotFound()
    return asked


def _organization_report(store: ReportStore, identity: Row, org_id: UUID, period_id: UUID) -> OrganizationReport:
    programs = store.period_programs(org_id, period_id)
    counts = store.task_status_counts([p["id"] for p in programs]) if programs else []
    names = content.Names(store.names(sorted(content.people_in_organization(identity, programs))))
    return content.organization_report(identity, programs, counts, names)


def organization_summary(store: ReportStore, org_id: UUID, period_id: UUID | None) -> OrganizationReport:
    """An organization's programs of a period (the active one by default), per program and department."""
    asked = _organization(store, org_id, period_id, "query.period_id")
    return _organization_report(store, asked["identity"], org_id, asked["period_id"])


# ---- storing: a snapshot with its files ----

@dataclass(frozen=True)
class Stored:
    report: Report
    created: bool
    """False when a job found this week's report already stored."""


def _render(kind: str, model: ProgressReport | LpjDraft | OrganizationReport, title: str,
            covers: str) -> dict[FileFormat, bytes]:
    # Imported here: fpdf2 (and Pillow, fontTools) cost import time only to the functions that render.
    from functions.reports import render_csv, render_pdf

    if isinstance(model, ProgressReport):
        return {"pdf": render_pdf.progress_pdf(model, title, covers), "csv": render_csv.progress_csv(model)}
    if isinstance(model, LpjDraft):
        return {"pdf": render_pdf.lpj_pdf(model, title, covers), "csv": render_csv.lpj_csv(model)}
    return {"pdf": render_pdf.organization_pdf(model, kind, title, covers),
            "csv": render_csv.organization_csv(model, title)}


def _store(store: ReportStore, files: FileStore, *, org_id: UUID, period_id: UUID, program_id: UUID | None,
           kind: ReportKind, title: str, covers_from: date, covers_to: date,
           model: ProgressReport | LpjDraft | OrganizationReport, created_by: UUID | None,
           report_id: UUID | None = None, status: ReportStatus = "draft", commit: bool = True) -> Stored:
    report_id = report_id or uuid.uuid4()
    covers = labels.span(covers_from, covers_to)
    rendered = _render(kind, model, title, covers)
    keys: dict[str, str] = {}
    for file_format, body in rendered.items():
        name = file_name(title, covers_to, file_format)
        keys[file_format] = f"{org_id}/{report_id}/{name}"
        files.put(keys[file_format], body, CONTENT_TYPES[file_format], name)
    row: Row = {"id": report_id, "organization_id": org_id, "period_id": period_id, "program_id": program_id,
                "kind": kind, "title": title, "covers_from": covers_from, "covers_to": covers_to, "status": status,
                "reviewer_notes": None, "csv_key": keys["csv"], "pdf_key": keys["pdf"],
                "created_at": datetime.now(UTC), "created_by": created_by}
    links = file_links(files, row)
    announced: Row = {link.format: {"url": link.url, "expires_at": link.expires_at.isoformat()} for link in links}
    stored_content = model.model_dump(mode="json")
    fields = {name: row[name] for name in ("id", "organization_id", "period_id", "program_id", "kind", "title",
                                           "covers_from", "covers_to", "status", "csv_key", "pdf_key", "created_by")}
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
    return _store(store, files, org_id=identity.organization.id, period_id=identity.period.id, program_id=program_id,
                  kind="lpj" if kind == "lpj" else "progress", title=title, covers_from=covers_from,
                  covers_to=covers_to, model=model, created_by=actor_id).report


def _organization_title(kind: str, report: OrganizationReport) -> str:
    return f"{labels.KIND_TITLE[kind]} {report.organization.short_name or report.organization.name}"


def store_organization_report(store: ReportStore, files: FileStore, actor_id: UUID, org_id: UUID,
                              period_id: UUID | None) -> Report:
    """Store an organization's summary of a period now (sekretaris and board)."""
    asked = _organization(store, org_id, period_id, "body.period_id")
    if not store.may_write(org_id, asked["period_id"], None):
        raise NotAllowed("store the organization's reports (the sekretaris and the board do)")
    model = _organization_report(store, asked["identity"], org_id, asked["period_id"])
    covers_to = min(model.today, model.period.ends_on)
    return _store(store, files, org_id=org_id, period_id=model.period.id, program_id=None, kind="progress",
                  title=_organization_title("summary", model), covers_from=model.period.starts_on,
                  covers_to=max(covers_to, model.period.starts_on), model=model, created_by=actor_id).report


# ---- scheduled jobs ----

def last_week(today: date) -> tuple[date, date]:
    """The seven days before ``today`` (a Monday's run covers Monday to Sunday of the week before)."""
    return today - WEEK, today - timedelta(days=1)


def weekly_report(store: ReportStore, files: FileStore, org_id: UUID, period_id: UUID) -> Stored:
    """The organization's weekly report (a job, as a service): once per organization and week."""
    asked = _organization(store, org_id, period_id, "period_id")
    covers_from, covers_to = last_week(content.today_of(asked["identity"]))
    existing = store.job_report(org_id, None, "weekly", covers_from, covers_to)
    if existing is not None:
        return Stored(report=report_of(files, existing, {}), created=False)
    model = _organization_report(store, asked["identity"], org_id, period_id)
    return _store(store, files, org_id=org_id, period_id=period_id, program_id=None, kind="weekly",
                  title=_organization_title("weekly", model), covers_from=covers_from, covers_to=covers_to,
                  model=model, created_by=None)


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
    return _store(store, files, org_id=identity.organization.id, period_id=identity.period.id, program_id=program_id,
                  kind="progress", title=f"{labels.KIND_TITLE['progress']}: {identity.program.name}",
                  covers_from=covers_from, covers_to=covers_to, model=model, created_by=None)
