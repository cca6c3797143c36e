"""Wire models of a program's progress report (laporan kemajuan), computed now from what was tracked
(``progress_content``). Its obstacles, solutions and next steps are empty placeholders."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import Field

from functions.reports.models import CommitteeMember, Milestones, StatusChange, Tasks
from functions.reports.parts import Person
from functions.reports.program_models import BudgetLine, Identity
from shared.types import Model


class Timeline(Model):
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None
    start_delay_days: int | None = Field(description="Actual start minus planned start, in days (positive: late).")
    end_delay_days: int | None = Field(description="Actual end minus planned end, in days (positive: late).")
    days_to_deadline: int | None = Field(description="Days until the planned end; null for a final program.")
    late: bool


class Progress(Model):
    actual: float = Field(description="Percent done, from the tasks (weighted by milestones): never the calendar.")
    planned: float | None = Field(description="Share of the planned timeline elapsed today, percent (the plan to "
                                              "compare with); null without planned dates.")
    gap: float | None = Field(description="actual - planned, percentage points (negative: behind the plan).")


class Budget(Model):
    planned: Decimal = Field(description="The program's planned budget (its ceiling).")
    income_planned: Decimal
    income_actual: Decimal
    expense_planned: Decimal
    expense_actual: Decimal
    realization_percent: float | None = Field(description="Actual expenses / planned budget; null without a budget.")
    balance_planned: Decimal = Field(description="Planned income - planned expenses.")
    balance_actual: Decimal = Field(description="Actual income - actual expenses.")
    lines: list[BudgetLine] = Field(description="Per kind and category, summed (the items themselves are in the "
                                                "budget items endpoints, for those who may see them).")


class Assignee(Person):
    tasks: int
    done: int


class People(Model):
    person_in_charge: Person | None
    committee: list[CommitteeMember]
    assignees: list[Assignee]


class ProgressReport(Model):
    """A program's progress report (laporan kemajuan), computed now."""

    kind: Literal["progress"] = "progress"
    generated_at: datetime
    today: date = Field(description="The organization's day the figures are for.")
    identity: Identity
    timeline: Timeline
    progress: Progress
    milestones: Milestones
    tasks: Tasks
    budget: Budget
    people: People
    status_history: list[StatusChange]
    obstacles: str = Field(default="", description="Kendala: written by the PJ (empty in a generated report).")
    solutions: str = Field(default="", description="Solusi.")
    next_steps: str = Field(default="", description="Langkah selanjutnya.")
