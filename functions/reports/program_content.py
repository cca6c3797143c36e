"""What a program's reports derive alike, built from the row the repository read (``program_row``; the rest
are plain functions, no SQL, no HTTP): who and what the report is about, its task figures, budget lines and
totals, committee. The progress report is built by ``progress_content``, the LPJ draft by ``lpj_content``, an
organization's summary by ``content``; what all of them derive alike is in ``parts``.

The figures that are derived about programs (progress, late, task counts) come from
program_service.metrics as every other view of a program shows them; what only a report shows
(planned progress, milestones due, budget lines, sign-off list) is derived here and in those modules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from functions.reports.errors import ProgramNotFound
from functions.reports.models import CommitteeMember, Department, Organization, OverdueTask, Period, StatusCount, Tasks
from functions.reports.parts import Names, money, officers_and_heads, percent_of, uuid_of
from functions.reports.program_models import BudgetLine, Identity, ProgramIdentity
from functions.reports.repository import ReportStore
from shared.store import Row
from shared.vocabulary import TASK_STATUSES


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


def identity_of(facts: Mapping[str, Any], identity: Mapping[str, Any], names: Names) -> Identity:
    program = facts["program"]
    department = next((d for d in identity["departments"] if d["id"] == program["department_id"]), None)
    return Identity(
        organization=Organization.model_validate(identity["organization"]),
        period=Period.model_validate(identity["period"]),
        department=Department.model_validate(department) if department else None,
        program=ProgramIdentity.model_validate(program),
        person_in_charge=names.person(program["person_in_charge"]))


def tasks_of(row: Row, status_counts: Iterable[Mapping[str, Any]], names: Names) -> Tasks:
    counts = {c["status"]: int(c["tasks"]) for c in status_counts}
    total, done = int(row["tasks_total"] or 0), int(row["tasks_done"] or 0)
    return Tasks(
        total=total, done=done, late=int(row["tasks_late"] or 0), completion_percent=percent_of(done, total),
        by_status=[StatusCount(status=status, tasks=counts.get(status, 0)) for status in TASK_STATUSES],
        overdue=[OverdueTask.model_validate({**task, "assignees": [names.person(u) for u in task["assignees"]]})
                 for task in row["overdue"]])


@dataclass(frozen=True)
class Totals:
    """A program's budget summed from its lines (both reports print them)."""

    planned: Decimal
    income_planned: Decimal
    income_actual: Decimal
    expense_planned: Decimal
    expense_actual: Decimal

    @property
    def balance_planned(self) -> Decimal:
        return self.income_planned - self.expense_planned

    @property
    def balance_actual(self) -> Decimal:
        return self.income_actual - self.expense_actual


def totals(program: Mapping[str, Any], lines: list[BudgetLine]) -> Totals:
    def total(kind: str, field: str) -> Decimal:
        return sum((getattr(line, field) for line in lines if line.kind == kind), Decimal("0"))

    return Totals(planned=money(program["budget_planned"]), income_planned=total("pemasukan", "planned"),
                  income_actual=total("pemasukan", "actual"), expense_planned=total("pengeluaran", "planned"),
                  expense_actual=total("pengeluaran", "actual"))


def budget_lines(facts: Mapping[str, Any]) -> list[BudgetLine]:
    return [BudgetLine.model_validate(line) for line in facts["budget_lines"]]


def committee_of(facts: Mapping[str, Any], names: Names) -> list[CommitteeMember]:
    return [CommitteeMember(user_id=c["user_id"], name=names.name(c["user_id"]), committee_role=c["committee_role"])
            for c in facts["committee"]]


def program_row(store: ReportStore, program_id: UUID) -> tuple[Row, Names]:
    """The row every report of a program is built from (the repository's ``program``), and its people's names."""
    row = store.program(program_id)  # no row: no such program among the caller's organizations
    if row is None or row["identity"] is None:
        raise ProgramNotFound()
    return row, Names(store.names(sorted(people_in(row))))
