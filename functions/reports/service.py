"""Use cases of reports and who may do them (docs/domain.md, "Who may do what" and "Reports"). RLS and the
other services' SQL contracts enforce the same again in the database. Users never write a report row themselves: the
service decides as the user, then stores what it computed as service_role (the repository), and the
database checks the row's program, period and author again.

- read (a program's progress report and LPJ draft, an organization's summary, stored reports and
  their files): every member of the organization, of any period, pembina included; outsiders 404.
- store a program's report (with its CSV and PDF): its PJ ("write"), the heads of its department
  ("submit"), the sekretaris ("compile") and the board ("approve"), active in the program's period.
- store an organization's report: the sekretaris and the board.
- scheduled jobs (service_role) store the weekly organization reports and the programs' weekly progress
  reports; each once per week however often the job runs.

This module holds an organization's reports (its summary of a period: read, stored on request, stored weekly by
a job). A program's reports are in ``program_reports`` (its progress report), ``program_lpj`` (its LPJ draft)
and ``program_files`` (both stored), the LPJ's written sections and review in ``lpj``, storing and reading
stored reports in ``stored``: each function imports the use cases of its route only (issue 14;
``python -m bench.cold_start``).
"""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from functions.reports import content, labels
from functions.reports.errors import NoActivePeriod, NotAllowed, OrganizationNotFound, PeriodNotFound
from functions.reports.organization_models import OrganizationReport
from functions.reports.parts import Names, today_of
from functions.reports.repository import ReportStore
from functions.reports.stored import Report, Stored, last_week, report_of, store_report
from shared.files import FileStore
from shared.store import Row
from shared.types import Request

# ---- reading: computed now ----

class OrganizationReportCreate(Request):
    period_id: UUID | None = Field(None, description="The organization's active period when omitted.")


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
    names = Names(store.names(sorted(content.people_in_organization(identity, programs))))
    return content.organization_report(identity, programs, counts, names)


def organization_summary(store: ReportStore, org_id: UUID, period_id: UUID | None) -> OrganizationReport:
    """An organization's programs of a period (the active one by default), per program and department."""
    asked = _organization(store, org_id, period_id, "query.period_id")
    return _organization_report(store, asked["identity"], org_id, asked["period_id"])


# ---- storing: a snapshot with its files ----

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
    return store_report(store, files, org_id=org_id, period_id=model.period.id, program_id=None, kind="progress",
                        title=_organization_title("summary", model), covers_from=model.period.starts_on,
                        covers_to=max(covers_to, model.period.starts_on), model=model, created_by=actor_id).report


# ---- scheduled jobs ----

def weekly_report(store: ReportStore, files: FileStore, org_id: UUID, period_id: UUID) -> Stored:
    """The organization's weekly report (a job, as a service): once per organization and week."""
    asked = _organization(store, org_id, period_id, "period_id")
    covers_from, covers_to = last_week(today_of(asked["identity"]))
    existing = store.job_report(org_id, None, "weekly", covers_from, covers_to)
    if existing is not None:
        return Stored(report=report_of(files, existing, {}), created=False)
    model = _organization_report(store, asked["identity"], org_id, period_id)
    return store_report(store, files, org_id=org_id, period_id=period_id, program_id=None, kind="weekly",
                        title=_organization_title("weekly", model), covers_from=covers_from, covers_to=covers_to,
                        model=model, created_by=None)
