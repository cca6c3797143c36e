"""Use cases of tasks, their lifecycle and who may do them (docs/domain.md, "Who may do what"). RLS and
triggers enforce the same rules again in the database.

Who may do what, in the program's period:
- read: every member of the organization (pembina included); outsiders get 404.
- manage (create, edit, delete, assign, any status change but reopening): ketua, wakil ketua and
  sekretaris in every program; kepala / wakil kepala departemen in their department's programs; the
  program's person in charge (PJ) in their program.
- change the status of a task: as manage, plus its assignees (whatever their role), but not reopen.
- reopen a finished task (selesai -> dalam_progres): the board (ketua, wakil ketua), a head of the
  program's department, the PJ. Not the sekretaris: reopening questions what the program's owners
  signed off.
- comment: every active member of the period.
- bendahara and pembina: read only (unless assigned; the pembina cannot be assigned).
Tasks of a program in a final status, or of a finished period, are read-only.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from functions.tasks.errors import (
    AssigneesNotMembers,
    BulkForbidden,
    BulkNotFound,
    BulkRefusal,
    ChangedMeanwhile,
    IllegalTransition,
    InvalidDates,
    MilestoneNotInProgram,
    NotAllowed,
    OutsideProgramDates,
    PeriodFinished,
    ProgramFinal,
    ProgramNotFound,
    TaskNotFound,
)
from functions.tasks.models import (
    EDITABLE,
    REQUIRED,
    AssigneesRequest,
    BulkTransitionRequest,
    Comment,
    CommentAfter,
    CommentCreate,
    Priority,
    StatusChange,
    StatusHistory,
    Task,
    TaskAfter,
    TaskCreate,
    Tasks,
    TaskUpdate,
    TransitionRequest,
)
from functions.tasks.repository import Row, TaskStore
from shared import academic_calendar
from shared.errors import DomainError, FieldError, Forbidden, NotFound, StaleVersion
from shared.etags import lost_race
from shared.identity import Actor
from shared.pagination import Page, decode_cursor, page_of
from shared.vocabulary import BOARD, BOARD_AND_SEKRETARIS, FINAL_PROGRAM_STATUSES, TaskStatus

MANAGERS = BOARD_AND_SEKRETARIS
REOPENERS = BOARD
TRANSITIONS: dict[TaskStatus, tuple[TaskStatus, ...]] = {
    "belum_dimulai": ("dalam_progres", "dibatalkan"),
    "dalam_progres": ("review", "ditunda", "dibatalkan"),
    "review": ("selesai", "dalam_progres", "dibatalkan"),
    "ditunda": ("dalam_progres", "dibatalkan"),
    "selesai": ("dalam_progres",),
    "dibatalkan": (),
}
"""docs/domain.md's task lifecycle (the same table is task_service.allowed_transitions in SQL)."""
REOPENED_FROM = "selesai"
"""Leaving this status is reopening the task, which fewer people may do."""
IN_PERIOD = "this program's period"
"""Where the roles that decide what one may do to a task are held (what a refusal names)."""


def _task(row: Row) -> Task:
    task = Task.model_validate({**row, "allowed_transitions": list(TRANSITIONS[row["status"]])})
    if "calendar_ranges" in row:  # one task read alone (``TaskStore.task``): what its dates fall on
        task.calendar_warnings = academic_calendar.warnings(row["calendar_ranges"], row["start_date"],
                                                            row["due_date"], every_day=False)
    return task


def _versioned(row: Row) -> tuple[Task, int]:
    return _task(row), int(row["version"])


def _heads(actor: Actor, program: Row) -> bool:
    """The program's own people: a head of its department, or its PJ while an active member."""
    pic = program["person_in_charge"] == actor.user_id and program["role"] is not None
    return pic or (program["department_id"] is not None and program["department_id"] in program["headed"])


def _may_manage(actor: Actor, program: Row) -> bool:
    return program["role"] in MANAGERS or _heads(actor, program)


def _may_move(actor: Actor, program: Row, task: Row) -> bool:
    assigned = actor.user_id in task["assignees"] and program["role"] is not None
    return assigned or _may_manage(actor, program)


def _may_reopen(actor: Actor, program: Row) -> bool:
    return program["role"] in REOPENERS or _heads(actor, program)


def _check_writable(program: Row) -> None:
    if not program["open"]:
        raise PeriodFinished("This program's period")
    if program["status"] in FINAL_PROGRAM_STATUSES:
        raise ProgramFinal(program["status"], "This task's program")


def _program(store: TaskStore, program_id: UUID) -> Row:
    program = store.programs([program_id]).get(program_id)  # only for members of its organization
    if program is None:
        raise ProgramNotFound()
    return program


def _readable(store: TaskStore, task_id: UUID) -> tuple[Row, Row]:
    """The task (RLS: only members of its organization see it) and its program."""
    task = store.task(task_id)
    program = store.programs([task["program_id"]]).get(task["program_id"]) if task else None
    if task is None or program is None:
        raise TaskNotFound()
    return task, program


def _managed(store: TaskStore, actor: Actor, task_id: UUID, action: str,
             expected_version: int | None) -> tuple[Row, Row, int]:
    """The task, its program and the version to write with; a stale If-Match is refused before the rest."""
    task, program = _readable(store, task_id)
    version = _check_version(task, expected_version)
    if not _may_manage(actor, program):
        raise NotAllowed(action, role_in=IN_PERIOD)
    _check_writable(program)
    return task, program, version


def _check_version(task: Row, expected_version: int | None) -> int:
    if expected_version is not None and expected_version != task["version"]:
        raise StaleVersion("task")
    return int(task["version"])


def _lost_race(expected_version: int | None) -> DomainError:
    return lost_race(expected_version, StaleVersion("task"), "task")


def _check_dates(program: Row, after: Row, changed: set[str], outside_allowed: bool) -> None:
    """Due not before start; the dates being set within the program's planned dates unless allowed."""
    start, due = after.get("start_date"), after.get("due_date")
    if start is not None and due is not None and due < start:
        raise InvalidDates()
    if outside_allowed:
        return
    first, last = program["planned_start"], program["planned_end"]
    for field in ("start_date", "due_date"):
        day: date | None = after.get(field)
        if field in changed and day is not None and ((first and day < first) or (last and day > last)):
            raise OutsideProgramDates(field, first, last)


def _check_milestone(store: TaskStore, program_id: UUID, milestone_id: UUID | None) -> None:
    if milestone_id is not None and not store.milestone_in(program_id, milestone_id):
        raise MilestoneNotInProgram()


def _check_assignees(store: TaskStore, program: Row, users: list[UUID]) -> None:
    assignable = store.assignable(program["organization_id"], program["period_id"], users) if users else set()
    refused = [n for n, user in enumerate(users) if user not in assignable]
    if refused:
        raise AssigneesNotMembers(refused)


def _reread(store: TaskStore, task_id: UUID) -> tuple[Task, int]:
    row = store.task(task_id)
    if row is None:  # deleted by someone else right after this change committed
        raise TaskNotFound()
    return _versioned(row)


def create_task(store: TaskStore, actor: Actor, program_id: UUID, request: TaskCreate) -> tuple[Task, int]:
    program = _program(store, program_id)
    if not _may_manage(actor, program):
        raise NotAllowed("create tasks in this program", role_in=IN_PERIOD)
    _check_writable(program)
    fields = request.model_dump(include=set(EDITABLE), exclude_none=True)
    _check_dates(program, fields, set(fields), request.outside_program_dates)
    _check_milestone(store, program_id, request.milestone_id)
    _check_assignees(store, program, request.assignees)
    task_id = store.create_task({**fields, "program_id": program_id, "created_by": actor.user_id})
    store.change_assignees(task_id, add=request.assignees, remove=[])
    store.commit()
    return _reread(store, task_id)


def get_task(store: TaskStore, task_id: UUID) -> tuple[Task, int]:
    task, _ = _readable(store, task_id)
    return _versioned(task)


def update_task(store: TaskStore, actor: Actor, task_id: UUID, request: TaskUpdate,
                expected_version: int | None) -> tuple[Task, int]:
    task, program, version = _managed(store, actor, task_id, "edit this task", expected_version)
    changes = {name: value for name, value in request.model_dump(include=request.model_fields_set).items()
               if name in EDITABLE and not (name in REQUIRED and value is None)}
    if not changes:
        return _versioned(task)
    _check_dates(program, {**task, **changes}, set(changes), request.outside_program_dates)
    if "milestone_id" in changes:
        _check_milestone(store, task["program_id"], changes["milestone_id"])
    if not store.update_task(task_id, changes, version):
        raise _lost_race(expected_version)
    store.commit()
    return _reread(store, task_id)


def delete_task(store: TaskStore, actor: Actor, task_id: UUID, expected_version: int | None) -> None:
    _, _, version = _managed(store, actor, task_id, "delete this task", expected_version)
    if not store.delete_task(task_id, version):
        raise _lost_race(expected_version)
    store.commit()


def replace_assignees(store: TaskStore, actor: Actor, task_id: UUID, request: AssigneesRequest,
                      expected_version: int | None) -> tuple[Task, int]:
    """Make ``request.assignees`` the task's assignees. A change moves the task's version (its
    assignees are part of what its ETag stands for); the same list again changes nothing."""
    task, program, version = _managed(store, actor, task_id, "assign this task", expected_version)
    _check_assignees(store, program, request.assignees)
    add = [user for user in request.assignees if user not in task["assignees"]]
    remove = [user for user in task["assignees"] if user not in request.assignees]
    if not add and not remove:
        return _versioned(task)
    if not store.update_task(task_id, {}, version):
        raise _lost_race(expected_version)
    store.change_assignees(task_id, add=add, remove=remove)
    store.commit()
    return _reread(store, task_id)


def _refusal(actor: Actor, program: Row, task: Row, to: TaskStatus) -> DomainError | None:
    """Why the caller may not move ``task`` to ``to`` (None: they may). The order is the endpoints':
    their role (403), then the program being read-only (409), then the lifecycle (409)."""
    current = task["status"]
    try:
        if not _may_move(actor, program, task):
            raise NotAllowed("change this task's status (its assignees and those who manage the program's "
                             "tasks do)", role_in=IN_PERIOD)
        _check_writable(program)
        if to not in TRANSITIONS[current]:
            raise IllegalTransition("task", current, to, list(TRANSITIONS[current]))
        if current == REOPENED_FROM and not _may_reopen(actor, program):
            raise NotAllowed("reopen a finished task (the board, a head of the program's department and its "
                             "PJ do)", role_in=IN_PERIOD)
    except DomainError as refused:
        return refused
    return None


def transition_task(store: TaskStore, actor: Actor, task_id: UUID, request: TransitionRequest,
                    expected_version: int | None) -> tuple[Task, int]:
    task, program = _readable(store, task_id)
    version = _check_version(task, expected_version)  # a stale If-Match first: the move was chosen on it
    refused = _refusal(actor, program, task, request.to)
    if refused is not None:
        raise refused
    if not store.update_task(task_id, {"status": request.to}, version, note=request.note):
        raise _lost_race(expected_version)
    store.commit()
    return _reread(store, task_id)


def bulk_transition(store: TaskStore, actor: Actor, request: BulkTransitionRequest) -> Tasks:
    """All or nothing: every task moves to ``request.to``, or none does and the problem names each
    refused task (``errors[].field`` is ``body.task_ids.<n>``) with its reason: 403 when every refusal
    is the caller's role, 404 when every refused task does not exist for them, else 409."""
    tasks = store.tasks_by_id(request.task_ids)
    programs = store.programs(list({task["program_id"] for task in tasks.values()}))
    refusals: list[tuple[int, UUID, DomainError]] = []
    for n, task_id in enumerate(request.task_ids):
        task = tasks.get(task_id)
        program = programs.get(task["program_id"]) if task else None
        reason = TaskNotFound() if task is None or program is None else _refusal(actor, program, task, request.to)
        if reason is not None:
            refusals.append((n, task_id, reason))
    if refusals:
        errors = [FieldError(f"body.task_ids.{n}", f"task {task_id}: {reason.detail}", _code(reason))
                  for n, task_id, reason in refusals]
        for kind, bulk in ((Forbidden, BulkForbidden), (NotFound, BulkNotFound)):
            if all(isinstance(reason, kind) for _, _, reason in refusals):
                raise bulk(errors, len(request.task_ids))
        raise BulkRefusal(errors, len(request.task_ids))
    versions = {task_id: int(tasks[task_id]["version"]) for task_id in request.task_ids}
    if store.transition_tasks(versions, request.to, request.note) != len(versions):
        raise ChangedMeanwhile()
    store.commit()
    moved = store.tasks_by_id(request.task_ids)
    return Tasks(items=[_task(moved[task_id]) for task_id in request.task_ids])


def _code(reason: DomainError) -> str:
    return {TaskNotFound: "not_found", NotAllowed: "not_allowed", IllegalTransition: "illegal_transition",
            PeriodFinished: "read_only", ProgramFinal: "read_only"}[type(reason)]


def task_history(store: TaskStore, task_id: UUID) -> StatusHistory:
    _readable(store, task_id)
    return StatusHistory(items=[StatusChange.model_validate(row) for row in store.history(task_id)])


def _page(rows: list[Row], limit: int) -> Page[Task]:
    rows, next_cursor = page_of(rows, limit, lambda row: TaskAfter(due_date=row["due_date"], id=row["id"]))
    return Page[Task](items=[_task(row) for row in rows], next_cursor=next_cursor)


def list_program_tasks(store: TaskStore, program_id: UUID, *, status: TaskStatus | None, assignee: UUID | None,
                       milestone_id: UUID | None, priority: Priority | None, late: bool | None, q: str | None,
                       cursor: str | None, limit: int) -> Page[Task]:
    """Soonest due first (tasks without a due date last): at most two statements a page."""
    _program(store, program_id)
    after = decode_cursor(cursor, TaskAfter)
    filters = {"program_id": program_id, "status": status, "assignee": assignee, "milestone_id": milestone_id,
               "priority": priority, "late": late, "q": q}
    return _page(store.tasks(filters, after.model_dump() if after else None, limit + 1), limit)


def list_my_tasks(store: TaskStore, actor: Actor, *, status: TaskStatus | None, due_before: date | None,
                  late: bool | None, cursor: str | None, limit: int) -> Page[Task]:
    """Tasks assigned to me across all my organizations, soonest due first: one statement a page."""
    after = decode_cursor(cursor, TaskAfter)
    filters = {"assignee": actor.user_id, "status": status, "due_before": due_before, "late": late}
    return _page(store.tasks(filters, after.model_dump() if after else None, limit + 1), limit)


def create_comment(store: TaskStore, actor: Actor, task_id: UUID, request: CommentCreate) -> Comment:
    _, program = _readable(store, task_id)
    if program["role"] is None:
        raise NotAllowed("comment on this task (active members of its period do)", role_in=IN_PERIOD)
    _check_writable(program)
    row = store.create_comment(task_id, actor.user_id, request.body)
    store.commit()
    return Comment.model_validate(row)


def list_comments(store: TaskStore, task_id: UUID, cursor: str | None, limit: int) -> Page[Comment]:
    _readable(store, task_id)
    after = decode_cursor(cursor, CommentAfter)
    rows = store.comments(task_id, after.model_dump() if after else None, limit + 1)
    rows, next_cursor = page_of(rows, limit, lambda row: CommentAfter(created_at=row["created_at"], id=row["id"]))
    return Page[Comment](items=[Comment.model_validate(row) for row in rows], next_cursor=next_cursor)
