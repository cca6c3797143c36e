"""What a report says, built from the rows the repository read (plain functions, no SQL, no HTTP).

The figures that are derived about programs (progress, late, task counts) come from
program_service.metrics as every other view of a program shows them; what only a report shows
(planned progress, milestones due, budget lines, sign-off list) is derived here."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, get_args
from uuid import UUID

from functions.reports.models import (
    Assignee,
    Attachment,
    Background,
    Budget,
    BudgetLine,
    CommitteeMember,
    Department,
    DepartmentLine,
    Evaluation,
    Execution,
    FinanceLine,
    Finances,
    Identity,
    IndicatorResult,
    LpjDraft,
    Milestone,
    Milestones,
    Organization,
    OrganizationReport,
    OrganizationTotals,
    OverdueTask,
    ParticipantGroup,
    People,
    Period,
    Person,
    ProgramIdentity,
    ProgramLine,
    ProgramStatus,
    ProgramStatusCount,
    Progress,
    ProgressReport,
    Signatory,
    StatusChange,
    StatusCount,
    TaskCounts,
    Tasks,
    TaskStatus,
    Timeline,
)
from shared.store import Row

PROGRAM_STATUSES: tuple[str, ...] = get_args(ProgramStatus)
TASK_STATUSES: tuple[str, ...] = get_args(TaskStatus)
FINAL = frozenset({"selesai", "dibatalkan", "ditolak"})
ATTACHMENTS = ("Dokumentasi kegiatan", "Daftar hadir peserta", "Bukti pembayaran (kuitansi)")


def _uuid(value: Any) -> UUID | None:
    return None if value is None else value if isinstance(value, UUID) else UUID(str(value))


def _day(value: Any) -> date | None:
    return None if value is None else value if isinstance(value, date) else date.fromisoformat(str(value))


def _before(value: date | None, today: date) -> bool:
    return value is not None and value < today


def _money(value: Any) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal("0")


def _percent(part: Decimal | int, whole: Decimal | int) -> float | None:
    return float(round(Decimal(100) * Decimal(part) / Decimal(whole), 1)) if whole else None


def people_in(program: Row) -> set[UUID]:
    """Every user a program's report names (to look their names up at once)."""
    facts, identity = program["facts"], program["identity"] or {}
    found: set[UUID | None] = {_uuid(facts["program"]["person_in_charge"])}
    found |= {_uuid(c["user_id"]) for c in facts["committee"]}
    found |= {_uuid(h["changed_by"]) for h in facts["status_history"]}
    found |= {_uuid(u) for task in program["overdue"] for u in task["assignees"]}
    found |= {_uuid(a["user_id"]) for a in program["assignees"]}
    found |= officers_and_heads(identity)
    return {user for user in found if user is not None}


def officers_and_heads(identity: Mapping[str, Any]) -> set[UUID]:
    found = {_uuid(o["user_id"]) for o in identity.get("officers", [])}
    found |= {_uuid(d.get("head")) for d in identity.get("departments", [])}
    return {user for user in found if user is not None}


def today_of(identity: Mapping[str, Any]) -> date:
    """The organization's day (report_identity's ``today``)."""
    today = _day(identity["today"])
    assert today is not None
    return today


class Names:
    """User ids to ``Person``s, with the names looked up once."""

    def __init__(self, names: Mapping[UUID, str]) -> None:
        self.names = names

    def name(self, user_id: Any) -> str | None:
        return self.names.get(UUID(str(user_id)))

    def person(self, user_id: Any) -> Person | None:
        user = _uuid(user_id)
        return None if user is None else Person(user_id=user, name=self.names.get(user))


def planned_progress(start: date | None, end: date | None, today: date) -> float | None:
    """The share of the planned timeline elapsed on ``today`` (what the plan expects by now), percent."""
    if start is None or end is None:
        return None
    if today <= start:
        return 0.0
    if today >= end:
        return 100.0
    return float(round(Decimal(100) * (today - start).days / (end - start).days, 1))


def _identity(facts: Mapping[str, Any], identity: Mapping[str, Any], names: Names) -> Identity:
    program = facts["program"]
    department = next((d for d in identity["departments"] if d["id"] == program["department_id"]), None)
    return Identity(
        organization=Organization.model_validate(identity["organization"]),
        period=Period.model_validate(identity["period"]),
        department=Department.model_validate(department) if department else None,
        program=ProgramIdentity.model_validate(program),
        person_in_charge=names.person(program["person_in_charge"]))


def _tasks(row: Row, status_counts: Iterable[Mapping[str, Any]], names: Names) -> Tasks:
    counts = {c["status"]: int(c["tasks"]) for c in status_counts}
    total, done = int(row["tasks_total"] or 0), int(row["tasks_done"] or 0)
    return Tasks(
        total=total, done=done, late=int(row["tasks_late"] or 0), completion_percent=_percent(done, total),
        by_status=[StatusCount(status=status, tasks=counts.get(status, 0)) for status in TASK_STATUSES],  # type: ignore[arg-type]
        overdue=[OverdueTask.model_validate({**task, "assignees": [names.person(u) for u in task["assignees"]]})
                 for task in row["overdue"]])


def _budget(program: Mapping[str, Any], lines: list[BudgetLine]) -> Budget:
    def total(kind: str, field: str) -> Decimal:
        return sum((getattr(line, field) for line in lines if line.kind == kind), Decimal("0"))

    income_planned, income_actual = total("pemasukan", "planned"), total("pemasukan", "actual")
    expense_planned, expense_actual = total("pengeluaran", "planned"), total("pengeluaran", "actual")
    planned = _money(program["budget_planned"])
    return Budget(planned=planned, income_planned=income_planned, income_actual=income_actual,
                  expense_planned=expense_planned, expense_actual=expense_actual,
                  realization_percent=_percent(expense_actual, planned),
                  balance_planned=income_planned - expense_planned, balance_actual=income_actual - expense_actual,
                  lines=lines)


def _lines(facts: Mapping[str, Any]) -> list[BudgetLine]:
    return [BudgetLine.model_validate(line) for line in facts["budget_lines"]]


def _committee(facts: Mapping[str, Any], names: Names) -> list[CommitteeMember]:
    return [CommitteeMember(user_id=c["user_id"], name=names.name(c["user_id"]), committee_role=c["committee_role"])
            for c in facts["committee"]]


def progress_report(row: Row, names: Names, now: datetime | None = None) -> ProgressReport:
    """A program's progress report from the repository's ``program`` row."""
    facts, identity = row["facts"], row["identity"]
    program = facts["program"]
    today: date = row["today"] or today_of(identity)
    planned_start, planned_end = _day(program["planned_start"]), _day(program["planned_end"])
    actual_start, actual_end = _day(program["actual_start"]), _day(program["actual_end"])
    milestones = [Milestone(id=m["id"], name=m["name"], due_date=_day(m["due_date"]), done_at=m["done_at"],
                            done=m["done_at"] is not None,
                            overdue=m["done_at"] is None and _before(_day(m["due_date"]), today))
                  for m in facts["milestones"]]
    due = [m for m in milestones if m.due_date is not None and m.due_date <= today]
    actual = float(row["progress"] or 0)
    planned = planned_progress(planned_start, planned_end, today) if program["status"] not in FINAL else None
    return ProgressReport(
        generated_at=now or datetime.now(UTC), today=today, identity=_identity(facts, identity, names),
        timeline=Timeline(
            planned_start=planned_start, planned_end=planned_end, actual_start=actual_start, actual_end=actual_end,
            start_delay_days=(actual_start - planned_start).days if actual_start and planned_start else None,
            end_delay_days=(actual_end - planned_end).days if actual_end and planned_end else None,
            days_to_deadline=row["days_to_deadline"], late=bool(row["late"])),
        progress=Progress(actual=actual, planned=planned,
                          gap=round(actual - planned, 1) if planned is not None else None),
        milestones=Milestones(total=len(milestones), done=sum(m.done for m in milestones), due=len(due),
                              done_of_due=sum(m.done for m in due), items=milestones),
        tasks=_tasks(row, row["status_counts"], names),
        budget=_budget(program, _lines(facts)),
        people=People(person_in_charge=names.person(program["person_in_charge"]), committee=_committee(facts, names),
                      assignees=[Assignee(user_id=a["user_id"], name=names.name(a["user_id"]), tasks=a["tasks"],
                                          done=a["done"]) for a in row["assignees"]]),
        status_history=[StatusChange(from_status=h["from_status"], to_status=h["to_status"], note=h["note"],
                                     changed_by=names.person(h["changed_by"]), changed_at=h["changed_at"])
                        for h in facts["status_history"]])


def indicator_lines(text: str | None) -> list[IndicatorResult]:
    """A program's success indicators (one per line, bullets and numbers taken off), not judged yet."""
    lines = (re.sub(r"^\s*(?:[-*\u2022]|\d+[.)])\s*", "", line).strip() for line in (text or "").splitlines())
    return [IndicatorResult(indicator=line) for line in lines if line]


def _summed(values: Iterable[int | None]) -> int | None:
    given = [value for value in values if value is not None]
    return sum(given) if given else None


def _finance_lines(lines: list[BudgetLine], kind: str) -> list[FinanceLine]:
    return [FinanceLine(name=line.category, planned=line.planned, actual=line.actual,
                        difference=line.actual - line.planned) for line in lines if line.kind == kind]


def _sign_off(facts: Mapping[str, Any], identity: Mapping[str, Any], names: Names) -> list[Signatory]:
    program = facts["program"]
    officers: dict[str, Any] = {}
    for officer in identity["officers"]:
        officers.setdefault(officer["role"], officer["user_id"])
    department = next((d for d in identity["departments"] if d["id"] == program["department_id"]), None)
    head_title = f"Kepala Departemen {department['name']}" if department else "Kepala Departemen"
    return [
        Signatory(role="ketua_pelaksana", title="Ketua Pelaksana", person=names.person(program["person_in_charge"])),
        Signatory(role="sekretaris", title="Sekretaris", person=names.person(officers.get("sekretaris"))),
        Signatory(role="kepala_departemen", title=head_title,
                  person=names.person(department.get("head") if department else None)),
        Signatory(role="ketua", title="Ketua", person=names.person(officers.get("ketua"))),
        Signatory(role="pembina", title="Pembina", person=names.person(officers.get("pembina"))),
    ]


def lpj_draft(row: Row, names: Names, now: datetime | None = None) -> LpjDraft:
    """A program's LPJ draft from the repository's ``program`` row."""
    facts, identity = row["facts"], row["identity"]
    program = facts["program"]
    lines = _lines(facts)
    budget = _budget(program, lines)
    written = row.get("lpj") or {}  # the sections people wrote (report_service.lpj_sections), if any
    participants = [ParticipantGroup.model_validate(group) for group in written.get("participants", [])]
    indicators = ([IndicatorResult(indicator=i["indicator"], target=i.get("target") or "",
                                   result=i.get("result") or None, met=i.get("met"))
                   for i in written["indicators"]] if written else indicator_lines(program["success_indicators"]))
    return LpjDraft(
        generated_at=now or datetime.now(UTC), today=row["today"] or today_of(identity),
        identity=_identity(facts, identity, names), sign_off=_sign_off(facts, identity, names),
        background=Background(background=written.get("background") or program["description"] or "",
                              objectives=program["objectives"] or "", target_group=program["target_group"] or ""),
        execution=Execution(planned_start=_day(program["planned_start"]), planned_end=_day(program["planned_end"]),
                            actual_start=_day(program["actual_start"]), actual_end=_day(program["actual_end"]),
                            location=program["location"], committee=_committee(facts, names),
                            participants_target=_summed(group.target for group in participants),
                            participants_actual=_summed(group.actual for group in participants),
                            participants=participants, notes=written.get("execution_notes", "")),
        finances=Finances(
            income=_finance_lines(lines, "pemasukan"), expenses=_finance_lines(lines, "pengeluaran"),
            total_income_planned=budget.income_planned, total_income_actual=budget.income_actual,
            total_expense_planned=budget.expense_planned, total_expense_actual=budget.expense_actual,
            balance_planned=budget.balance_planned, balance_actual=budget.balance_actual, budget_planned=budget.planned,
            unverified_lines=sum(1 for line in lines if line.verified_items < line.items)),
        evaluation=Evaluation(indicators=indicators, obstacles=written.get("obstacles", ""),
                              solutions=written.get("solutions", ""),
                              recommendations=written.get("recommendations", "")),
        tasks=_tasks(row, row["status_counts"], names),
        attachments=[Attachment(title=title, url=None) for title in ATTACHMENTS],
        foreword=written.get("foreword", ""), closing=written.get("closing", ""))


def organization_report(identity: Mapping[str, Any], programs: list[Row], status_counts: list[Row], names: Names,
                        now: datetime | None = None) -> OrganizationReport:
    """An organization's summary of one period from its identity, its programs (with their metrics) and
    the task counts by status."""
    today = _day(identity["today"])
    assert today is not None
    departments = {UUID(str(d["id"])): d for d in identity["departments"]}
    lines: list[ProgramLine] = []
    for p in programs:
        department = departments.get(p["department_id"]) if p["department_id"] else None
        realized = _money(p["expense_actual"])
        lines.append(ProgramLine(
            id=p["id"], code=p["code"], name=p["name"], department_id=p["department_id"],
            department=department["name"] if department else None, status=p["status"],
            person_in_charge=names.person(p["person_in_charge"]), planned_start=p["planned_start"],
            planned_end=p["planned_end"], progress=float(p["progress"] or 0),
            planned_progress=(planned_progress(p["planned_start"], p["planned_end"], today)
                              if p["status"] not in FINAL else None),
            late=bool(p["late"]), days_to_deadline=p["days_to_deadline"],
            tasks=TaskCounts(total=p["tasks_total"] or 0, done=p["tasks_done"] or 0, late=p["tasks_late"] or 0),
            budget_planned=_money(p["budget_planned"]), budget_realized=realized,
            realization_percent=_percent(realized, _money(p["budget_planned"]))))
    grouped: dict[UUID | None, list[ProgramLine]] = defaultdict(list)
    for line in lines:
        grouped[line.department_id].append(line)
    order = [UUID(str(d["id"])) for d in identity["departments"]]
    keys = [key for key in order if key in grouped] + ([None] if None in grouped else [])
    department_lines = [_department_line(key, departments, grouped[key]) for key in keys]
    counts = {c["status"]: int(c["tasks"]) for c in status_counts}
    tasks = _sum_tasks(lines)
    planned = sum((line.budget_planned for line in lines), Decimal("0"))
    realized = sum((line.budget_realized for line in lines), Decimal("0"))
    officers = [names.person(o["user_id"]) for o in identity["officers"] if o["role"] in ("ketua", "wakil_ketua")]
    return OrganizationReport(
        generated_at=now or datetime.now(UTC), today=today,
        organization=Organization.model_validate(identity["organization"]),
        period=Period.model_validate(identity["period"]),
        officers=[person for person in officers if person is not None],
        totals=OrganizationTotals(
            programs=len(lines),
            by_status=[ProgramStatusCount(status=s, programs=sum(1 for line in lines if line.status == s))  # type: ignore[arg-type]
                       for s in PROGRAM_STATUSES],
            late=sum(line.late for line in lines), progress=_mean_progress(lines), tasks=tasks,
            tasks_by_status=[StatusCount(status=s, tasks=counts.get(s, 0)) for s in TASK_STATUSES],  # type: ignore[arg-type]
            budget_planned=planned, budget_realized=realized, realization_percent=_percent(realized, planned)),
        programs=lines, departments=department_lines)


NOT_RUN = ("dibatalkan", "ditolak")
"""Programs that will not run: their 0 % is no progress of the organization's (a mean leaves them out)."""


def _mean_progress(lines: Iterable[ProgramLine]) -> float:
    numbers = [line.progress for line in lines if line.status not in NOT_RUN]
    return round(sum(numbers) / len(numbers), 1) if numbers else 0.0


def _sum_tasks(lines: Iterable[ProgramLine]) -> TaskCounts:
    lines = list(lines)
    return TaskCounts(total=sum(line.tasks.total for line in lines), done=sum(line.tasks.done for line in lines),
                      late=sum(line.tasks.late for line in lines))


def _department_line(key: UUID | None, departments: Mapping[UUID, Any], lines: list[ProgramLine]) -> DepartmentLine:
    tasks = _sum_tasks(lines)
    planned = sum((line.budget_planned for line in lines), Decimal("0"))
    realized = sum((line.budget_realized for line in lines), Decimal("0"))
    return DepartmentLine(
        department_id=key, department=departments[key]["name"] if key is not None and key in departments else None,
        programs=len(lines),
        programs_done=sum(1 for line in lines if line.status == "selesai"), late=sum(line.late for line in lines),
        progress=_mean_progress(lines), completion_percent=_percent(tasks.done, tasks.total),
        tasks=tasks, budget_planned=planned, budget_realized=realized, realization_percent=_percent(realized, planned))


def people_in_organization(identity: Mapping[str, Any], programs: Iterable[Row]) -> set[UUID]:
    found = officers_and_heads(identity) | {p["person_in_charge"] for p in programs if p["person_in_charge"]}
    return {user for user in found if user is not None}
