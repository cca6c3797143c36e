"""Wire models of the program API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import Field

from functions.programs.fields import (
    Code,
    LongText,
    Name,
    Note,
    Place,
    ProgramType,
    Rupiah,
    ShortText,
)
from shared.academic_calendar import CalendarWarning
from shared.types import IsoDate, Model, Request
from shared.vocabulary import ProgramStatus

EDITABLE = ("department_id", "code", "name", "description", "objectives", "target_group", "success_indicators",
            "type", "location", "planned_start", "planned_end", "actual_start", "actual_end", "person_in_charge",
            "budget_planned")
REQUIRED = ("name", "type", "budget_planned")
"""Editable fields that cannot be cleared (null in a PATCH leaves them as they are)."""


class ProgramFields(Request):
    department_id: UUID | None = Field(None, description="A department of the program's period.")
    code: Code | None = Field(None, description="Short code, unique (case-insensitive) in the period.")
    description: LongText | None = None
    objectives: LongText | None = Field(None, description="Tujuan.")
    target_group: ShortText | None = Field(None, description="Sasaran.")
    success_indicators: LongText | None = Field(None, description="Indikator keberhasilan.")
    location: Place | None = None
    planned_start: IsoDate | None = None
    planned_end: IsoDate | None = None
    actual_start: IsoDate | None = None
    actual_end: IsoDate | None = None
    person_in_charge: UUID | None = Field(None, description="The PJ: a user who is an active member of the period.")


class ProgramCreate(ProgramFields):
    organization_id: UUID
    period_id: UUID | None = Field(None, description="A period of the organization that you are a member of; "
                                                     "the organization's active period when omitted.")
    name: Name
    type: ProgramType
    budget_planned: Rupiah = Decimal("0")


class ProgramUpdate(ProgramFields):
    """Only the fields sent change; null clears an optional field. Status changes go through transitions."""

    name: Name | None = None
    type: ProgramType | None = None
    budget_planned: Rupiah | None = None


class ProgramDuplicate(Request):
    """What changes in a copy; the rest comes from the program copied (see POST /programs/{id}/duplicate)."""

    period_id: UUID | None = Field(None, description="A period of the program's organization (the same or a later "
                                                     "one); the organization's active period when omitted.")
    department_id: UUID | None = Field(None, description="A department of that period; by default the program's "
                                                         "own (in a later period: the one with the same code), "
                                                         "else none.")
    name: Name | None = Field(None, description="The copy's name; the program's when omitted.")
    planned_start: IsoDate | None = Field(
        None, description="The copy's planned start: its planned end and its milestones' due dates move by the same "
                          "number of days. Without it the copy has no planned dates and no due dates.")


class CarryOverRequest(Request):
    organization_id: UUID
    period_id: UUID = Field(description="The period the copies go into: the next kabinet's (a draft or the new "
                                        "active one).")
    program_ids: list[UUID] | None = Field(
        None, max_length=200, description="The programs to carry over; when omitted, the active period's `rutin` and "
                                          "`berkelanjutan` programs that were not rejected or cancelled.")


class TransitionRequest(Request):
    to: ProgramStatus
    note: Note | None = Field(None, description="Why; required (the reason) when cancelling (`dibatalkan`).")


class TaskCounts(Model):
    total: int = Field(description="Tasks, not counting cancelled ones.")
    done: int = Field(description="Tasks `selesai`.")
    late: int = Field(description="Open tasks past their due date.")


class Program(Model):
    id: UUID
    organization_id: UUID
    period_id: UUID
    department_id: UUID | None
    code: str | None
    name: str
    description: str | None
    objectives: str | None
    target_group: str | None
    success_indicators: str | None
    type: ProgramType
    location: str | None
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None
    person_in_charge: UUID | None
    person_in_charge_name: str | None = Field(description="The PJ's display name; null without a PJ or while "
                                                          "they have no profile.")
    department_name: str | None = Field(description="The department's name; null without a department.")
    budget_planned: Decimal
    status: ProgramStatus
    cancel_reason: str | None
    allowed_transitions: list[ProgramStatus] = Field(
        description="The statuses the lifecycle allows next (whether the caller may make them is another matter).")
    progress: float = Field(description="Percent done, from the tasks (cancelled ones left out), weighted by "
                                        "milestones when the program has any; 100 once `selesai`. Never stored.")
    late: bool = Field(description="Terlambat: `planned_end` has passed (the organization's day) and the program "
                                   "is not final.")
    days_to_deadline: int | None = Field(description="Days until `planned_end` (negative once passed); null "
                                                     "without one or for a final program.")
    tasks: TaskCounts
    budget_realized: Decimal = Field(description="Actual expenses entered in the budget items (rupiah).")
    budget_realization_percent: float | None = Field(
        description="`budget_realized` / `budget_planned` in percent; null when nothing is planned.")
    source_program_id: UUID | None = Field(description="The program this one was duplicated from (POST "
                                                       "/programs/{id}/duplicate); null otherwise, or once it is "
                                                       "deleted.")
    calendar_warnings: list[CalendarWarning] = Field(
        default_factory=list,
        description="On one program's answers (not in lists): what its planned dates fall on. An `event`: every range "
                    "of the academic calendar and national holiday between its planned start and end; a `rutin` or "
                    "`berkelanjutan` program: those on its start or end day. A warning, never a refusal.")
    created_by: UUID
    created_at: datetime
    updated_at: datetime


ProgramSort = Literal["created_at", "-created_at", "name", "-name", "planned_start", "-planned_start",
                      "planned_end", "-planned_end"]
"""A column, descending with a leading ``-``; programs without the date come last either way."""


class ProgramAfter(Model):
    """Keyset of the program list: the sort it was made for, the last item's sort value and id."""

    sort: ProgramSort
    value: str | None
    id: UUID


class StatusCount(Model):
    status: ProgramStatus
    programs: int


class DepartmentSummary(Model):
    department_id: UUID | None = Field(description="Null for programs outside any department.")
    programs: int
    late: int
    progress: float = Field(description="Mean progress of its programs, percent.")
    tasks: TaskCounts
    budget_planned: Decimal
    budget_realized: Decimal
    budget_realization_percent: float | None


class ProgramSummary(Model):
    """An organization's programs in one period at a glance (one SQL statement)."""

    organization_id: UUID
    period_id: UUID
    today: date = Field(description="The organization's day the figures were computed for.")
    programs: int
    by_status: list[StatusCount] = Field(description="Every status, with zero counts.")
    late: int
    tasks: TaskCounts
    budget_planned: Decimal
    budget_realized: Decimal
    budget_realization_percent: float | None
    departments: list[DepartmentSummary]


class StatusChange(Model):
    from_status: ProgramStatus | None = Field(description="Null for the status the program was created with.")
    to_status: ProgramStatus
    note: str | None
    changed_by: UUID | None
    changed_at: datetime


class StatusHistory(Model):
    items: list[StatusChange]


class CarriedOver(Model):
    period_id: UUID
    programs: list[Program] = Field(description="The new drafts, each with `source_program_id` its source.")
    already_there: list[UUID] = Field(description="Programs that had a copy in the period already: left alone.")
