"""Wire models of the task API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, Field, StringConstraints

from shared.academic_calendar import CalendarWarning
from shared.types import NON_BLANK, Bool, IsoDate, Model, Request
from shared.vocabulary import TaskStatus

Priority = Literal["rendah", "sedang", "tinggi", "kritis"]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), NON_BLANK]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=10000)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), NON_BLANK]
CommentBody = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000), NON_BLANK]

MAX_ASSIGNEES = 20
MAX_BULK = 100
EDITABLE = ("title", "description", "milestone_id", "start_date", "due_date", "priority")
REQUIRED = ("title", "priority")
"""Editable fields that cannot be cleared (null in a PATCH leaves them as they are)."""

OutsideDates = Annotated[Bool, Field(description="Allow start and due dates outside the program's planned dates "
                                                 "(by default they must fall within planned_start..planned_end).")]


def _unique(ids: list[UUID]) -> list[UUID]:
    """Each id once, in the order first given (a repeated id is no error: it means the same)."""
    return list(dict.fromkeys(ids))


Ids = Annotated[list[UUID], AfterValidator(_unique)]


class TaskCreate(Request):
    title: Title
    description: LongText | None = None
    milestone_id: UUID | None = Field(None, description="One of the program's milestones.")
    start_date: IsoDate | None = None
    due_date: IsoDate | None = Field(None, description="Not before start_date.")
    priority: Priority = "sedang"
    assignees: Ids = Field(default_factory=list, max_length=MAX_ASSIGNEES,
                           description="User ids: active members of the program's period (not the pembina).")
    outside_program_dates: OutsideDates = False


class TaskUpdate(Request):
    """Only the fields sent change; null clears an optional field. Status changes go through transitions,
    assignees through PUT /tasks/{task_id}/assignees."""

    title: Title | None = None
    description: LongText | None = None
    milestone_id: UUID | None = None
    start_date: IsoDate | None = None
    due_date: IsoDate | None = None
    priority: Priority | None = None
    outside_program_dates: OutsideDates = False


class AssigneesRequest(Request):
    assignees: Ids = Field(max_length=MAX_ASSIGNEES, description="The complete list; [] unassigns everyone.")


class TransitionRequest(Request):
    to: TaskStatus
    note: Note | None = Field(None, description="Why (kept in the task's history).")


class BulkTransitionRequest(Request):
    task_ids: Ids = Field(min_length=1, max_length=MAX_BULK)
    to: TaskStatus
    note: Note | None = None


class CommentCreate(Request):
    body: CommentBody


class TaskAssignee(Model):
    """An assignee of a task: their user id and the name of their profile (null while they have none)."""

    user_id: UUID
    display_name: str | None


class Task(Model):
    id: UUID
    program_id: UUID
    organization_id: UUID
    period_id: UUID
    milestone_id: UUID | None
    title: str
    description: str | None
    start_date: date | None
    due_date: date | None
    priority: Priority
    status: TaskStatus
    completed_at: datetime | None = Field(description="When it became `selesai`; null when not (or reopened).")
    late: bool = Field(description="Terlambat: due before today (in the organization's time zone) and not "
                                   "`selesai` nor `dibatalkan`. Derived, never stored.")
    assignees: list[UUID]
    assignee_people: list[TaskAssignee] = Field(
        description="The assignees with their names, in the order of `assignees` (a name is null while the "
                    "assignee has no profile).")
    allowed_transitions: list[TaskStatus] = Field(
        description="The statuses the lifecycle allows next (whether the caller may make them is another matter).")
    calendar_warnings: list[CalendarWarning] = Field(
        default_factory=list,
        description="On one task's answers (not in lists): the ranges of the organization's academic calendar and "
                    "the national holidays its start date or due date falls on. A warning, never a refusal.")
    created_by: UUID
    created_at: datetime
    updated_at: datetime


class Tasks(Model):
    items: list[Task]


class TaskAfter(Model):
    """Keyset of the task lists (due date first, tasks without one last)."""

    due_date: date | None
    id: UUID


class StatusChange(Model):
    from_status: TaskStatus | None = Field(description="Null for the status the task was created with.")
    to_status: TaskStatus
    note: str | None
    changed_by: UUID | None
    changed_at: datetime
    cause_event_id: UUID | None = Field(
        default=None,
        description="The event that made this change for a service, e.g. the program's program.status_changed when "
                    "cancelling or pausing the program changed its tasks (then `changed_by` is null and `note` says "
                    "so); null for a person's change.")


class StatusHistory(Model):
    items: list[StatusChange]


class Comment(Model):
    id: UUID
    task_id: UUID
    author_id: UUID
    author_name: str | None = Field(description="The author's display name; null while they have no profile.")
    body: str
    created_at: datetime


class CommentAfter(Model):
    """Keyset of a task's comments (oldest first)."""

    created_at: datetime
    id: UUID
