"""A program's progress report (laporan kemajuan), built from the row the repository read (plain functions, no
SQL, no HTTP); what it shares with the LPJ draft is in ``program_content``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from functions.reports import program_content
from functions.reports.models import Milestone, Milestones, StatusChange
from functions.reports.parts import Names, day_of, percent_of, planned_progress, today_of
from functions.reports.program_models import BudgetLine
from functions.reports.progress_models import Assignee, Budget, People, Progress, ProgressReport, Timeline
from shared.store import Row
from shared.vocabulary import FINAL_PROGRAM_STATUSES


def _before(value: date | None, today: date) -> bool:
    return value is not None and value < today


def _budget(program: Mapping[str, Any], lines: list[BudgetLine]) -> Budget:
    summed = program_content.totals(program, lines)
    return Budget(planned=summed.planned, income_planned=summed.income_planned, income_actual=summed.income_actual,
                  expense_planned=summed.expense_planned, expense_actual=summed.expense_actual,
                  realization_percent=percent_of(summed.expense_actual, summed.planned),
                  balance_planned=summed.balance_planned, balance_actual=summed.balance_actual, lines=lines)


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
    final = program["status"] in FINAL_PROGRAM_STATUSES
    planned = None if final else planned_progress(planned_start, planned_end, today)
    return ProgressReport(
        generated_at=now or datetime.now(UTC), today=today,
        identity=program_content.identity_of(facts, identity, names),
        timeline=Timeline(
            planned_start=planned_start, planned_end=planned_end, actual_start=actual_start, actual_end=actual_end,
            start_delay_days=(actual_start - planned_start).days if actual_start and planned_start else None,
            end_delay_days=(actual_end - planned_end).days if actual_end and planned_end else None,
            days_to_deadline=row["days_to_deadline"], late=bool(row["late"])),
        progress=Progress(actual=actual, planned=planned,
                          gap=round(actual - planned, 1) if planned is not None else None),
        milestones=Milestones(total=len(milestones), done=sum(m.done for m in milestones), due=len(due),
                              done_of_due=sum(m.done for m in due), items=milestones),
        tasks=program_content.tasks_of(row, row["status_counts"], names),
        budget=_budget(program, program_content.budget_lines(facts)),
        people=People(person_in_charge=names.person(program["person_in_charge"]),
                      committee=program_content.committee_of(facts, names),
                      assignees=[Assignee(user_id=a["user_id"], name=names.name(a["user_id"]), tasks=a["tasks"],
                                          done=a["done"]) for a in row["assignees"]]),
        status_history=[StatusChange(from_status=h["from_status"], to_status=h["to_status"], note=h["note"],
                                     changed_by=names.person(h["changed_by"]), changed_at=h["changed_at"])
                        for h in facts["status_history"]])
