"""Wire models of an organization's summary for a period (laporan ringkas): every program's status, progress,
lateness and budget, and completion per department (computed in ``content``). Apart from ``models``, which a
program's reports share, so that a function storing one program's report does not build them (issue 14)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import Field

from functions.reports.models import Organization, Period, StatusCount, TaskCounts
from functions.reports.parts import Person
from shared.types import Model
from shared.vocabulary import ProgramStatus


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
