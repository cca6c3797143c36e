"""Wire models of a program's reports: its progress report and its LPJ draft, as computed now from what was
tracked (``program_content``), on the parts of them in ``models`` (those whose class name another service's
models also use: the OpenAPI document names them by their module). An organization's summary is in ``models``
too, what people write into the LPJ in ``lpj_models``, stored reports in ``stored``: a function builds the
models of its own use case only (issue 14).

Money is rupiah as exact decimals (JSON strings). What people write into an LPJ (its foreword, background,
execution notes, participants, evaluation, obstacles, solutions, recommendations, closing) is kept as its
sections (``LpjSections``) and printed in its draft; a progress report's obstacles, solutions and next steps
are empty placeholders."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import Field

from functions.reports.models import (
    CommitteeMember,
    Department,
    Milestones,
    Organization,
    Period,
    StatusChange,
    Tasks,
)
from functions.reports.parts import ParticipantGroup, Person, ProgramStatus
from shared.types import Model

# ---- identity ----

class ProgramIdentity(Model):
    id: UUID
    code: str | None
    name: str
    type: str
    status: ProgramStatus
    location: str | None
    cancel_reason: str | None


class Identity(Model):
    organization: Organization
    period: Period
    department: Department | None
    program: ProgramIdentity
    person_in_charge: Person | None


# ---- progress report ----

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


class BudgetLine(Model):
    kind: Literal["pemasukan", "pengeluaran"]
    category: str = Field(description="The source of an income, the item of an expense.")
    items: int
    realized_items: int = Field(description="Items with an actual amount entered.")
    verified_items: int = Field(description="Items the bendahara verified.")
    planned: Decimal
    actual: Decimal


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


# ---- LPJ draft ----

class Signatory(Model):
    role: Literal["ketua_pelaksana", "sekretaris", "kepala_departemen", "ketua", "pembina"]
    title: str = Field(description="As printed under the signature, in Indonesian.")
    person: Person | None = Field(description="Null when nobody holds the role.")


class Background(Model):
    background: str = Field(description="Latar belakang: the program's description.")
    objectives: str = Field(description="Tujuan.")
    target_group: str = Field(description="Sasaran.")


class Execution(Model):
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None
    location: str | None
    committee: list[CommitteeMember]
    participants_target: int | None = Field(default=None, description="The groups' targets summed; null until "
                                                                      "written.")
    participants_actual: int | None = Field(default=None, description="The groups' actual numbers summed.")
    participants: list[ParticipantGroup] = Field(default_factory=list, description="By group, as written.")
    notes: str = Field(default="", description="How it went, as the PJ tells it.")


class FinanceLine(Model):
    name: str = Field(description="Source (income) or item (expense).")
    planned: Decimal
    actual: Decimal
    difference: Decimal = Field(description="actual - planned.")


class Finances(Model):
    income: list[FinanceLine] = Field(description="Income by source.")
    expenses: list[FinanceLine] = Field(description="Expenses by item.")
    total_income_planned: Decimal
    total_income_actual: Decimal
    total_expense_planned: Decimal
    total_expense_actual: Decimal
    balance_planned: Decimal
    balance_actual: Decimal = Field(description="Actual income - actual expenses (saldo).")
    budget_planned: Decimal = Field(description="The program's planned budget.")
    unverified_lines: int = Field(description="Lines with items the bendahara has not verified yet.")


class IndicatorResult(Model):
    indicator: str
    target: str = Field(default="", description="What was aimed at (written in the LPJ's sections).")
    result: str | None = Field(default=None, description="What was achieved; null until written.")
    met: bool | None = Field(default=None, description="Met or not; null until judged.")


class Evaluation(Model):
    indicators: list[IndicatorResult] = Field(description="As written in the LPJ's sections; until then, one per "
                                                          "line of the program's success indicators.")
    obstacles: str = ""
    solutions: str = ""
    recommendations: str = ""


class Attachment(Model):
    title: str
    url: str | None


class LpjDraft(Model):
    """A program's accountability report (laporan pertanggungjawaban), drafted from what was tracked."""

    kind: Literal["lpj"] = "lpj"
    generated_at: datetime
    today: date
    identity: Identity
    sign_off: list[Signatory] = Field(description="PJ, sekretaris, kepala departemen, ketua, pembina.")
    background: Background
    execution: Execution
    finances: Finances
    evaluation: Evaluation
    tasks: Tasks
    attachments: list[Attachment] = Field(description="Placeholder: documentation, attendance, receipts.")
    foreword: str = Field(default="", description="Kata pengantar, as written.")
    closing: str = Field(default="", description="Penutup, as written.")
