"""Wire models of the parts of a program's reports and an organization's summary that share a class name
with a model of another service: the organization, its period and departments, tasks, committee members,
milestones and status changes. The OpenAPI document names those schemas by their module
(``functions__reports__models__Tasks``), and the web app's types use the names, so they are defined here.

The organization's summary is in ``organization_models``, the rest of a program's progress report and LPJ
draft in ``program_models``, what people write into an LPJ in ``lpj_models``, stored reports in ``stored``,
the people they name in ``parts``: a function builds the models of its own use case only (issue 14). Money
is rupiah as exact decimals (JSON strings)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import Field

from functions.reports.parts import Person
from shared.types import Model
from shared.vocabulary import ProgramStatus, TaskStatus

# ---- what an organization's summary and a program's reports share ----

class Organization(Model):
    id: UUID
    name: str
    short_name: str | None
    type: str
    institution: str | None
    faculty: str | None
    study_program: str | None
    address: str | None = None
    document_number_format: str | None = Field(None, description="How its documents are numbered (null: the "
                                                                 "default, `{nomor}/LPJ/{singkatan}/{bulan}/{tahun}`).")


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


# ---- a program line's task counts (the summary's, in organization_models; here for its schema name) ----

class TaskCounts(Model):
    total: int
    done: int
    late: int
