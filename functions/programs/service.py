"""Use cases of programs (proker), their lifecycle and who may do them (docs/domain.md's permission
table). RLS and a trigger enforce the same rules again in the database.

Who may do what, per period:
- read: every member of the organization (pembina included); outsiders get 404.
- create: ketua / wakil ketua anywhere; kepala / wakil kepala departemen in their own department.
- edit, submit, start, pause, finish, cancel, delete a draft: as create, plus the program's person in
  charge (PJ) while an active member.
- decide on a submitted program (disetujui, revisi, ditolak): ketua / wakil ketua only.
A finished period's programs, and programs in a final status, are read-only.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from functions.programs.access import DECIDED_BY_BOARD, TRANSITIONS, editable, may_create, may_edit, readable
from functions.programs.errors import (
    CancelReasonMissing,
    CarryOverIntoSamePeriod,
    DepartmentNotInPeriod,
    IllegalTransition,
    InvalidDates,
    NoActivePeriod,
    NotADraft,
    NotAllowed,
    OrganizationNotFound,
    PeriodFinished,
    PeriodNotFound,
    PeriodNotYours,
    PersonInChargeNotAMember,
    ProgramHasTasks,
    ProgramNotFound,
    ProgramOfAnotherOrganization,
    StaleVersion,
)
from functions.programs.models import (
    EDITABLE,
    REQUIRED,
    CarriedOver,
    CarryOverRequest,
    Program,
    ProgramAfter,
    ProgramCreate,
    ProgramDuplicate,
    ProgramSort,
    ProgramSummary,
    ProgramUpdate,
    StatusChange,
    StatusHistory,
    TransitionRequest,
)
from functions.programs.repository import ProgramStore, Row
from shared import academic_calendar
from shared.identity import Actor
from shared.pagination import InvalidCursor, Page, decode_cursor, page_of
from shared.vocabulary import BOARD, ProgramStatus


def _percent(part: Decimal, whole: Decimal) -> float | None:
    return float(round(100 * part / whole, 1)) if whole else None


def _program(row: Row) -> Program:
    """A program row with its metrics (repository's ``program_view``/``programs``) as the wire model."""
    return Program.model_validate({
        **row, "allowed_transitions": list(TRANSITIONS[row["status"]]), "progress": float(row["progress"]),
        "tasks": {"total": row["tasks_total"], "done": row["tasks_done"], "late": row["tasks_late"]},
        "budget_realization_percent": _percent(row["budget_realized"], row["budget_planned"])})


def _viewed(store: ProgramStore, program_id: UUID) -> tuple[Program, int]:
    """The program as its wire model with its version (the ETag), read again after a change."""
    row = store.program_view(program_id)
    assert row is not None, "read in the transaction that just changed it"
    return _warned(row), int(row["version"])


def _warned(row: Row) -> Program:
    """A program read alone, with the academic calendar's warnings about its planned dates (see
    ``Program.calendar_warnings``): the organization's ranges came with the row, the national holidays are
    read here."""
    program = _program(row)
    program.calendar_warnings = academic_calendar.warnings(
        row.get("calendar_ranges") or [], row["planned_start"], row["planned_end"],
        every_day=row["type"] == "event")  # a one-off event: any day of it; a long program: its first and last day
    return program


def _check_version(program: Row, expected_version: int | None) -> int:
    if expected_version is not None and expected_version != program["version"]:
        raise StaleVersion("program")
    return int(program["version"])


def _check_dates(values: Row) -> None:
    for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
        if values.get(start) and values.get(end) and _day(values[end]) < _day(values[start]):
            raise InvalidDates(end, start)


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def create_program(store: ProgramStore, actor: Actor, request: ProgramCreate) -> tuple[Program, int]:
    period_id = request.period_id or store.active_period(request.organization_id)
    standing = store.standing(request.organization_id, period_id)
    if not standing["member"]:
        raise OrganizationNotFound()
    if period_id is None:
        raise NoActivePeriod()
    if standing["role"] is None:
        raise PeriodNotYours()
    if not may_create(standing, request.department_id):
        raise NotAllowed("create programs" if request.department_id is None
                         else "create programs in this department")
    if not standing["open"]:
        raise PeriodFinished()
    fields = request.model_dump(exclude_none=True)
    _check_dates(fields)
    department = request.department_id
    if department is not None and not store.department_in(request.organization_id, period_id, department):
        raise DepartmentNotInPeriod()
    pic = request.person_in_charge
    if pic is not None and not store.is_active_member(request.organization_id, period_id, pic):
        raise PersonInChargeNotAMember()
    row = store.create_program({**fields, "period_id": period_id, "created_by": actor.user_id})
    store.commit()
    return _viewed(store, row["id"])


COPIED = ("name", "type", "description", "objectives", "target_group", "success_indicators", "location",
          "budget_planned")
"""What a duplicate takes from its source (with its milestones and planned budget items): what a next kabinet
reuses, not what happened (status, actual dates, committee, tasks, PJ, code)."""


def duplicate_program(store: ProgramStore, actor: Actor, program_id: UUID,
                      request: ProgramDuplicate) -> tuple[Program, int]:
    """A new draft from a program: in its period or a later one of its organization (the active one by
    default), by whoever may create a program there; any member of the organization may copy what they read."""
    copy = _duplicate(store, actor, readable(store, program_id), request)
    store.commit()
    return _viewed(store, copy)


def _duplicate(store: ProgramStore, actor: Actor, source: Row, request: ProgramDuplicate) -> UUID:
    """The copy's id: the plan of ``source`` as a new draft, as ``request`` asks (not committed)."""
    org = source["organization_id"]
    period_id = request.period_id or store.active_period(org)
    if period_id is None:
        raise NoActivePeriod()
    standing = store.standing(org, period_id)
    if standing["role"] is None:  # not a member of that period, or not a period of this organization
        raise PeriodNotYours()
    department = request.department_id
    if department is None and source["department_id"] is not None:
        department = (source["department_id"] if period_id == source["period_id"]
                      else store.department_counterpart(source["department_id"], period_id))
    if not may_create(standing, department):
        raise NotAllowed("create programs" if department is None else "create programs in this department")
    if not standing["open"]:
        raise PeriodFinished()
    if request.department_id is not None and not store.department_in(org, period_id, request.department_id):
        raise DepartmentNotInPeriod()
    fields: Row = {name: source[name] for name in COPIED}
    shift: int | None = None
    if request.planned_start is not None:
        start = _day(request.planned_start)
        fields["planned_start"] = start
        if source["planned_start"] is not None:
            shift = (start - source["planned_start"]).days
            if source["planned_end"] is not None:
                fields["planned_end"] = source["planned_end"] + timedelta(days=shift)
    row = store.create_program({
        **fields, "name": request.name or source["name"], "organization_id": org, "period_id": period_id,
        "department_id": department, "source_program_id": source["id"], "created_by": actor.user_id})
    store.copy_budget_plan(row["id"])  # first: it takes only a duplicate nothing has touched yet
    store.copy_milestones(source["id"], row["id"], shift)
    return UUID(str(row["id"]))


CARRIED_TYPES = ("rutin", "berkelanjutan")
"""What a kabinet carries over by default: the programs that recur or continue, not one-off events."""


def carry_over(store: ProgramStore, actor: Actor, request: CarryOverRequest) -> CarriedOver:
    """Programs of one period as drafts of the next (the handover's templates, docs/decisions/0020-handover.md):
    those named, or else the active period's rutin and berkelanjutan programs that were not rejected or
    cancelled. Each copy is a duplicate (the plan, its department by code); a program that has a copy in the
    period already is left alone. All or nothing: one the caller may not copy refuses the whole request."""
    org, period_id = request.organization_id, request.period_id
    standing = store.standing(org, period_id)
    if not standing["member"]:
        raise OrganizationNotFound()
    if standing["role"] is None:
        raise PeriodNotYours()
    active = store.active_period(org)
    if request.program_ids is None:
        if active is None:
            raise NoActivePeriod()
        if active == period_id:
            raise CarryOverIntoSamePeriod()
        sources = store.carry_candidates(org, active, CARRIED_TYPES)
    else:
        sources = [readable(store, program_id) for program_id in dict.fromkeys(request.program_ids)]
        strangers = [i for i, row in enumerate(sources) if row["organization_id"] != org]
        if strangers:
            raise ProgramOfAnotherOrganization(f"body.program_ids.{strangers[0]}")
    there = store.copied_into(period_id, [row["id"] for row in sources])
    into = ProgramDuplicate(period_id=period_id, department_id=None, name=None, planned_start=None)
    copies = [_duplicate(store, actor, row, into) for row in sources if row["id"] not in there]
    store.commit()
    return CarriedOver(period_id=period_id, programs=[_viewed(store, copy)[0] for copy in copies],
                       already_there=[row["id"] for row in sources if row["id"] in there])


def get_program(store: ProgramStore, program_id: UUID) -> tuple[Program, int]:
    row = store.program_view(program_id)  # RLS: only members of the program's organization see it
    if row is None:
        raise ProgramNotFound()
    return _warned(row), int(row["version"])


def update_program(store: ProgramStore, actor: Actor, program_id: UUID, request: ProgramUpdate,
                   expected_version: int | None) -> tuple[Program, int]:
    program = readable(store, program_id)
    standing = editable(store, actor, program, "edit this program")
    version = _check_version(program, expected_version)
    changes = {name: value for name, value in request.model_dump(include=request.model_fields_set).items()
               if name in EDITABLE and not (name in REQUIRED and value is None)}
    if not changes:
        return _viewed(store, program_id)
    after = {**program, **changes}
    _check_dates(after)
    if not may_edit(actor, standing, after):  # e.g. a head moving it out of their department, a PJ handing it on
        raise NotAllowed("make this change (afterwards you could no longer edit the program)")
    department = changes.get("department_id")
    if department is not None and not store.department_in(program["organization_id"], program["period_id"],
                                                           department):
        raise DepartmentNotInPeriod()
    pic = changes.get("person_in_charge")
    if pic is not None and not store.is_active_member(program["organization_id"], program["period_id"], pic):
        raise PersonInChargeNotAMember()
    if store.update_program(program_id, changes, version) is None:
        raise StaleVersion("program")
    store.commit()
    return _viewed(store, program_id)


def delete_program(store: ProgramStore, actor: Actor, program_id: UUID, expected_version: int | None) -> None:
    program = readable(store, program_id)
    editable(store, actor, program, "delete this program")
    if program["status"] != "draft":
        raise NotADraft(program["status"])
    tasks = store.task_count(program_id)
    if tasks:  # tasks live in the tasks service's schema: nothing would cascade to them
        raise ProgramHasTasks(tasks)
    if not store.delete_program(program_id, _check_version(program, expected_version)):
        raise StaleVersion("program")
    store.commit()


def transition_program(store: ProgramStore, actor: Actor, program_id: UUID, request: TransitionRequest,
                       expected_version: int | None) -> tuple[Program, int]:
    program = readable(store, program_id)
    current: ProgramStatus = program["status"]
    standing = store.standing(program["organization_id"], program["period_id"])
    if current == DECIDED_BY_BOARD:
        if standing["role"] not in BOARD:
            raise NotAllowed("approve, send back or reject a submitted program")
    elif not may_edit(actor, standing, program):
        raise NotAllowed("change this program's status")
    if not standing["open"]:
        raise PeriodFinished("This program's period")
    allowed = TRANSITIONS[current]
    if request.to not in allowed:
        raise IllegalTransition("program", current, request.to, list(allowed))
    if request.to == "dibatalkan" and not request.note:
        raise CancelReasonMissing()
    version = _check_version(program, expected_version)
    changes: Row = {"status": request.to}
    today = date.today()
    if request.to == "dalam_progres" and program["actual_start"] is None:
        changes["actual_start"] = today
    if request.to == "selesai" and program["actual_end"] is None:
        changes["actual_end"] = max(today, program["actual_start"] or today)
    if request.to == "dibatalkan":
        changes["cancel_reason"] = request.note
    if store.update_program(program_id, changes, version, note=request.note) is None:
        raise StaleVersion("program")
    store.commit()
    return _viewed(store, program_id)


def program_history(store: ProgramStore, program_id: UUID) -> StatusHistory:
    readable(store, program_id)
    return StatusHistory(items=[StatusChange.model_validate(row) for row in store.history(program_id)])


def list_programs(store: ProgramStore, *, organization_id: UUID | None, period_id: UUID | None,
                  department_id: UUID | None, status: ProgramStatus | None, person_in_charge: UUID | None,
                  q: str | None, late: bool | None, sort: ProgramSort, cursor: str | None,
                  limit: int) -> Page[Program]:
    """Across the caller's organizations (or one of them), in ``sort`` order: one statement a page
    (two with ``organization_id``)."""
    if organization_id is not None and not store.standing(organization_id, None)["member"]:
        raise OrganizationNotFound()
    after = decode_cursor(cursor, ProgramAfter)
    if after is not None and after.sort != sort:
        raise InvalidCursor()
    filters = {"organization_id": organization_id, "period_id": period_id, "department_id": department_id,
               "status": status, "person_in_charge": person_in_charge}
    rows = store.programs(filters, q, late, sort, after.model_dump() if after else None, limit + 1)
    rows, next_cursor = page_of(rows, limit, lambda row: ProgramAfter(sort=sort, value=row["sort_value"],
                                                                      id=row["id"]))
    return Page[Program](items=[_program(row) for row in rows], next_cursor=next_cursor)


def program_summary(store: ProgramStore, organization_id: UUID, period_id: UUID | None) -> ProgramSummary:
    """Counts by status, late programs, tasks and budget per department, for a period (the active
    one by default) of one of the caller's organizations."""
    row = store.summary(organization_id, period_id)  # one statement, the checks included
    if not row["member"]:
        raise OrganizationNotFound()
    if row["period_id"] is None:
        raise NoActivePeriod("query.period_id")
    if not row["period_found"]:
        raise PeriodNotFound()
    departments = [{**department, "budget_realization_percent": _percent(Decimal(department["budget_realized"]),
                                                                         Decimal(department["budget_planned"]))}
                   for department in row["departments"]]  # rupiah come as text (exact), see SUMMARY
    return ProgramSummary.model_validate({
        **row, "departments": departments,
        "budget_realization_percent": _percent(row["budget_realized"], row["budget_planned"])})
