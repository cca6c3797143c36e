"""What a program's reports say, its progress report and its LPJ draft, built from the row the repository read
(plain functions, no SQL, no HTTP). An organization's summary is built by ``content``; what both derive alike
is in ``parts``.

The figures that are derived about programs (progress, late, task counts) come from
program_service.metrics as every other view of a program shows them; what only a report shows
(planned progress, milestones due, budget lines, sign-off list) is derived here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from functions.reports.models import (
    CommitteeMember,
    Department,
    Milestone,
    Milestones,
    Organization,
    OverdueTask,
    Period,
    StatusChange,
    StatusCount,
    Tasks,
)
from functions.reports.parts import (
    FINAL,
    TASK_STATUSES,
    Names,
    ParticipantGroup,
    day_of,
    money,
    officers_and_heads,
    percent_of,
    planned_progress,
    success_indicators,
    today_of,
    uuid_of,
)
from functions.reports.program_models import (
    Assignee,
    Attachment,
    Background,
    Budget,
    BudgetLine,
    Evaluation,
    Execution,
    FinanceLine,
    Finances,
    Identity,
    IndicatorResult,
    LpjDraft,
    People,
    ProgramIdentity,
    Progress,
    ProgressReport,
    Signatory,
    Timeline,
)
from shared.store import Row

ATTACHMENTS = ("Dokumentasi kegiatan", "Daftar hadir peserta", "Bukti pembayaran (kuitansi)")


def _before(value: date | None, today: date) -> bool:
    return value is not None and value < today


def people_in(program: Row) -> set[UUID]:
    """Every user a program's report names (to look their names up at once)."""
    facts, identity = program["facts"], program["identity"] or {}
    found: set[UUID | None] = {uuid_of(facts["program"]["person_in_charge"])}
    found |= {uuid_of(c["user_id"]) for c in facts["committee"]}
    found |= {uuid_of(h["changed_by"]) for h in facts["status_history"]}
    found |= {uuid_of(u) for task in program["overdue"] for u in task["assignees"]}
    found |= {uuid_of(a["user_id"]) for a in program["assignees"]}
    found |= officers_and_heads(identity)
    return {user for user in found if user is not None}


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
        total=total, done=done, late=int(row["tasks_late"] or 0), completion_percent=percent_of(done, total),
        by_status=[StatusCount(status=status, tasks=counts.get(status, 0)) for status in TASK_STATUSES],  # type: ignore[arg-type]
        overdue=[OverdueTask.model_validate({**task, "assignees": [names.person(u) for u in task["assignees"]]})
                 for task in row["overdue"]])


def _budget(program: Mapping[str, Any], lines: list[BudgetLine]) -> Budget:
    def total(kind: str, field: str) -> Decimal:
        return sum((getattr(line, field) for line in lines if line.kind == kind), Decimal("0"))

    income_planned, income_actual = total("pemasukan", "planned"), total("pemasukan", "actual")
    expense_planned, expense_actual = total("pengeluaran", "planned"), total("pengeluaran", "actual")
    planned = money(program["budget_planned"])
    return Budget(planned=planned, income_planned=income_planned, income_actual=income_actual,
                  expense_planned=expense_planned, expense_actual=expense_actual,
                  realization_percent=percent_of(expense_actual, planned),
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
    planned_start, planned_end = day_of(program["planned_start"]), day_of(program["planned_end"])
    actual_start, actual_end = day_of(program["actual_start"]), day_of(program["actual_end"])
    milestones = [Milestone(id=m["id"], name=m["name"], due_date=day_of(m["due_date"]), done_at=m["done_at"],
                            done=m["done_at"] is not None,
                            overdue=m["done_at"] is None and _before(day_of(m["due_date"]), today))
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
    return [IndicatorResult(indicator=line) for line in success_indicators(text)]


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
        execution=Execution(planned_start=day_of(program["planned_start"]), planned_end=day_of(program["planned_end"]),
                            actual_start=day_of(program["actual_start"]), actual_end=day_of(program["actual_end"]),
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
