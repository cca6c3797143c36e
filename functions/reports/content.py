"""What an organization's summary of a period says, built from the rows the repository read (plain functions,
no SQL, no HTTP). A program's reports are built by ``program_content``; what both derive alike is in ``parts``.

The figures that are derived about programs (progress, late, task counts) come from
program_service.metrics as every other view of a program shows them; what only a report shows
(planned progress, department lines) is derived here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from functions.reports.models import Organization, Period, StatusCount, TaskCounts
from functions.reports.organization_models import (
    DepartmentLine,
    OrganizationReport,
    OrganizationTotals,
    ProgramLine,
    ProgramStatusCount,
)
from functions.reports.parts import (
    Names,
    day_of,
    money,
    officers_and_heads,
    percent_of,
    planned_progress,
)
from shared.store import Row
from shared.vocabulary import (
    BOARD,
    FINAL_PROGRAM_STATUSES,
    PROGRAM_STATUSES,
    TASK_STATUSES,
    UNRUN_PROGRAM_STATUSES,
)


def organization_report(identity: Mapping[str, Any], programs: list[Row], status_counts: list[Row], names: Names,
                        now: datetime | None = None) -> OrganizationReport:
    """An organization's summary of one period from its identity, its programs (with their metrics) and
    the task counts by status."""
    today = day_of(identity["today"])
    assert today is not None
    departments = {UUID(str(d["id"])): d for d in identity["departments"]}
    lines: list[ProgramLine] = []
    for p in programs:
        department = departments.get(p["department_id"]) if p["department_id"] else None
        realized = money(p["expense_actual"])
        lines.append(ProgramLine(
            id=p["id"], code=p["code"], name=p["name"], department_id=p["department_id"],
            department=department["name"] if department else None, status=p["status"],
            person_in_charge=names.person(p["person_in_charge"]), planned_start=p["planned_start"],
            planned_end=p["planned_end"], progress=float(p["progress"] or 0),
            planned_progress=(planned_progress(p["planned_start"], p["planned_end"], today)
                              if p["status"] not in FINAL_PROGRAM_STATUSES else None),
            late=bool(p["late"]), days_to_deadline=p["days_to_deadline"],
            tasks=TaskCounts(total=p["tasks_total"] or 0, done=p["tasks_done"] or 0, late=p["tasks_late"] or 0),
            budget_planned=money(p["budget_planned"]), budget_realized=realized,
            realization_percent=percent_of(realized, money(p["budget_planned"]))))
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
    officers = [names.person(o["user_id"]) for o in identity["officers"] if o["role"] in BOARD]
    return OrganizationReport(
        generated_at=now or datetime.now(UTC), today=today,
        organization=Organization.model_validate(identity["organization"]),
        period=Period.model_validate(identity["period"]),
        officers=[person for person in officers if person is not None],
        totals=OrganizationTotals(
            programs=len(lines),
            by_status=[ProgramStatusCount(status=s, programs=sum(1 for line in lines if line.status == s))
                       for s in PROGRAM_STATUSES],
            late=sum(line.late for line in lines), progress=_mean_progress(lines), tasks=tasks,
            tasks_by_status=[StatusCount(status=s, tasks=counts.get(s, 0)) for s in TASK_STATUSES],
            budget_planned=planned, budget_realized=realized, realization_percent=percent_of(realized, planned)),
        programs=lines, departments=department_lines)




def _mean_progress(lines: Iterable[ProgramLine]) -> float:
    numbers = [line.progress for line in lines if line.status not in UNRUN_PROGRAM_STATUSES]  # their 0 %: no progress
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
        progress=_mean_progress(lines), completion_percent=percent_of(tasks.done, tasks.total),
        tasks=tasks, budget_planned=planned, budget_realized=realized,
        realization_percent=percent_of(realized, planned))


def people_in_organization(identity: Mapping[str, Any], programs: Iterable[Row]) -> set[UUID]:
    found = officers_and_heads(identity) | {p["person_in_charge"] for p in programs if p["person_in_charge"]}
    return {user for user in found if user is not None}
