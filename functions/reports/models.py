"""Wire models of the reports API: the progress report and the LPJ draft of a program, an
organization's summary for a period. Stored reports (their summaries, content and files) are
``functions/reports/stored.py``'s.

Money is rupiah as exact decimals (JSON strings). What people write into an LPJ (its foreword, background,
execution notes, participants, evaluation, obstacles, solutions, recommendations, closing) is kept as its
sections (``LpjSections``) and printed in its draft; a progress report's obstacles, solutions and next steps
are empty placeholders."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, StringConstraints

from shared.types import NON_BLANK, WHOLE_NUMBER, Bool, Model, Request

ProgramStatus = Literal["draft", "diajukan", "revisi", "disetujui", "dalam_progres", "ditunda", "selesai",
                        "dibatalkan", "ditolak"]
TaskStatus = Literal["belum_dimulai", "dalam_progres", "review", "selesai", "ditunda", "dibatalkan"]
LpjStatus = Literal["draft", "diajukan", "diperiksa", "disetujui", "revisi"]
LpjAction = Literal["submit", "check", "approve", "return"]


# ---- identity ----

class Person(Model):
    user_id: UUID
    name: str | None = Field(description="Display name; null when the user has no profile.")


class Organization(Model):
    id: UUID
    name: str
    short_name: str | None
    type: str
    institution: str | None
    faculty: str | None
    study_program: str | None


class Period(Model):
    id: UUID
    name: str
    starts_on: date
    ends_on: date
    status: str


class Department(Model):
    id: UUID
    name: str
    code: str


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


class Milestone(Model):
    id: UUID
    name: str
    due_date: date | None
    done_at: datetime | None
    done: bool
    overdue: bool = Field(description="Due before today and not done.")


class Milestones(Model):
    total: int
    done: int
    due: int = Field(description="Milestones due by today.")
    done_of_due: int = Field(description="Of those due by today, how many are done.")
    items: list[Milestone]


class StatusCount(Model):
    status: TaskStatus
    tasks: int


class OverdueTask(Model):
    task_id: UUID
    title: str
    due_date: date
    days_overdue: int
    priority: str
    status: TaskStatus
    assignees: list[Person]


class Tasks(Model):
    total: int = Field(description="Tasks, not counting cancelled ones.")
    done: int
    late: int
    completion_percent: float | None = Field(description="done / total; null without tasks.")
    by_status: list[StatusCount] = Field(description="Every status, with zero counts.")
    overdue: list[OverdueTask]


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


class CommitteeMember(Person):
    committee_role: str


class Assignee(Person):
    tasks: int
    done: int


class People(Model):
    person_in_charge: Person | None
    committee: list[CommitteeMember]
    assignees: list[Assignee]


class StatusChange(Model):
    from_status: ProgramStatus | None
    to_status: ProgramStatus
    note: str | None
    changed_by: Person | None
    changed_at: datetime


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


# ---- LPJ ----

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


# ---- what people write into an LPJ ----

ShortText = Annotated[str, Field(max_length=1000)]
LongText = Annotated[str, Field(max_length=20000)]
Count = Annotated[int, Field(ge=0, le=1_000_000), WHOLE_NUMBER]


class ParticipantGroup(Request):
    group: str = Field(min_length=1, max_length=200, description="Who, e.g. \"Mahasiswa baru\" or \"Umum\".")
    target: Count | None = Field(default=None, description="How many were expected.")
    actual: Count | None = Field(default=None, description="How many came.")


class IndicatorEvaluation(Request):
    indicator: str = Field(min_length=1, max_length=1000, description="A success indicator of the program.")
    target: ShortText = Field(default="", description="What was aimed at, e.g. \"80 % hadir\".")
    result: Annotated[str, Field(max_length=2000)] = Field(default="", description="What was achieved.")
    met: Bool | None = Field(default=None, description="Met or not; null while not judged.")


class LpjSectionsUpdate(Request):
    """Every section of the LPJ a person writes; a PUT replaces them all (send what you read, changed)."""

    foreword: Annotated[str, Field(max_length=10000)] = Field(default="", description="Kata pengantar.")
    background: LongText = Field(default="", description="Latar belakang; empty: the program's description.")
    execution_notes: LongText = Field(default="", description="How the execution went.")
    participants: list[ParticipantGroup] = Field(default_factory=list, max_length=50,
                                                 description="Participants by group, target and actual.")
    indicators: list[IndicatorEvaluation] = Field(default_factory=list, max_length=50,
                                                  description="The evaluation, one per success indicator.")
    obstacles: LongText = Field(default="", description="Kendala.")
    solutions: LongText = Field(default="", description="Solusi.")
    recommendations: LongText = Field(default="", description="Rekomendasi, for whoever runs it next.")
    closing: Annotated[str, Field(max_length=10000)] = Field(default="", description="Penutup.")


class LpjSections(Model):
    """The sections of a program's LPJ as written so far. Until someone writes them, ``version`` is 0 and
    the indicators are the program's success indicators, unjudged."""

    program_id: UUID
    foreword: str
    background: str
    execution_notes: str
    participants: list[ParticipantGroup]
    indicators: list[IndicatorEvaluation]
    obstacles: str
    solutions: str
    recommendations: str
    closing: str
    version: int = Field(description="The ETag's number; 0 before the first save.")
    updated_at: datetime | None
    updated_by: Person | None
    may_edit: bool = Field(description="Whether the caller may write them now: the PJ, the heads of the program's "
                                       "department, the sekretaris and the board, while the LPJ is `draft` or "
                                       "`revisi`.")
    status: LpjStatus = Field(description="The review: `draft` → `diajukan` (submitted) → `diperiksa` (checked by "
                                          "the sekretaris) → `disetujui` (approved by the ketua; final), or back to "
                                          "`revisi` with notes.")
    review_notes: str | None = Field(description="The notes of the last step (why it was sent back).")
    report_id: UUID | None = Field(description="Once approved: the stored LPJ (status `disetujui`), whose PDF and "
                                               "CSV are the LPJ from then on.")
    actions: list[LpjAction] = Field(description="The review steps the caller may take now.")
    history: list[LpjReviewStep] = Field(description="Every step, oldest first.")


class LpjReviewStep(Model):
    action: LpjAction
    from_status: LpjStatus
    to_status: LpjStatus
    notes: str | None
    changed_by: Person | None
    changed_at: datetime
    report_id: UUID | None


class LpjReturn(Request):
    """Sending the LPJ back for revision: say what to change."""

    notes: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000), NON_BLANK] = Field(
        description="What to revise (required, not blank).")


# ---- organization summary ----

class TaskCounts(Model):
    total: int
    done: int
    late: int


class ProgramLine(Model):
    id: UUID
    code: str | None
    name: str
    department_id: UUID | None
    department: str | None
    status: ProgramStatus
    person_in_charge: Person | None
    planned_start: date | None
    planned_end: date | None
    progress: float
    planned_progress: float | None
    late: bool
    days_to_deadline: int | None
    tasks: TaskCounts
    budget_planned: Decimal
    budget_realized: Decimal
    realization_percent: float | None


class DepartmentLine(Model):
    department_id: UUID | None = Field(description="Null for programs outside any department.")
    department: str | None
    programs: int
    programs_done: int = Field(description="Programs `selesai`.")
    late: int
    progress: float = Field(description="Mean progress of its programs, percent; cancelled and rejected "
                                        "programs not counted.")
    completion_percent: float | None = Field(description="Done tasks / tasks of its programs; null without tasks.")
    tasks: TaskCounts
    budget_planned: Decimal
    budget_realized: Decimal
    realization_percent: float | None


class ProgramStatusCount(Model):
    status: ProgramStatus
    programs: int


class OrganizationTotals(Model):
    programs: int
    by_status: list[ProgramStatusCount]
    late: int
    progress: float = Field(description="Mean progress of the period's programs, percent; cancelled and "
                                        "rejected programs not counted.")
    tasks: TaskCounts
    tasks_by_status: list[StatusCount]
    budget_planned: Decimal
    budget_realized: Decimal
    realization_percent: float | None


class OrganizationReport(Model):
    """An organization's programs in one period: per program and per department (laporan ringkas)."""

    kind: Literal["summary"] = "summary"
    generated_at: datetime
    today: date
    organization: Organization
    period: Period
    officers: list[Person] = Field(description="The board: ketua and wakil ketua of the period.")
    totals: OrganizationTotals
    programs: list[ProgramLine]
    departments: list[DepartmentLine]
