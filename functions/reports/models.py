"""Wire models of an organization's summary for a period (every program's status, progress, lateness and
budget; completion per department: ``content``), and of the parts of a program's reports that share a class
name with a model of another service: the organization, its period and departments, tasks, committee members,
milestones and status changes. The OpenAPI document names those schemas by their module
(``functions__reports__models__Tasks``), and the web app's types use the names, so they are defined here.

The rest of a program's progress report and LPJ draft is in ``program_models``, what people write into an LPJ
in ``lpj_models``, stored reports in ``stored``, the people they name in ``parts``: a function builds the
models of its own use case only (issue 14). Money is rupiah as exact decimals (JSON strings)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import Field

from functions.reports.parts import Person, ProgramStatus, TaskStatus
from shared.types import Model

# ---- what an organization's summary and a program's reports share ----

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


class CommitteeMember(Person):
    committee_role: str


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


class StatusChange(Model):
    from_status: ProgramStatus | None
    to_status: ProgramStatus
    note: str | None
    changed_by: Person | None
    changed_at: datetime


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
