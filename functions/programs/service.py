"""Use cases of programs (proker), their lifecycle and who may do them (DOMAIN.md's permission
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

from datetime import date
from typing import Any
from uuid import UUID

from functions.programs.errors import (
    CancelReasonMissing,
    DepartmentNotInPeriod,
    IllegalTransition,
    InvalidDates,
    NotADraft,
    NotAllowed,
    OrganizationNotFound,
    PeriodFinished,
    PeriodNotYours,
    PersonInChargeNotAMember,
    ProgramFinal,
    ProgramNotFound,
    VersionMismatch,
)
from functions.programs.models import (
    EDITABLE,
    REQUIRED,
    Program,
    ProgramAfter,
    ProgramCreate,
    ProgramStatus,
    ProgramUpdate,
    StatusChange,
    StatusHistory,
    TransitionRequest,
)
from functions.programs.repository import ProgramStore, Row
from shared.identity import Actor
from shared.pagination import Page, decode_cursor, page_of

BOARD = ("ketua", "wakil_ketua")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("diajukan",),
    "diajukan": ("disetujui", "revisi", "ditolak"),
    "revisi": ("diajukan",),
    "disetujui": ("dalam_progres", "dibatalkan"),
    "dalam_progres": ("ditunda", "selesai", "dibatalkan"),
    "ditunda": ("dalam_progres", "dibatalkan"),
    "selesai": (),
    "dibatalkan": (),
    "ditolak": (),
}
"""DOMAIN.md's program lifecycle (the same table is program_service.allowed_transitions in SQL)."""
FINAL = frozenset(status for status, nexts in TRANSITIONS.items() if not nexts)
DECIDED_BY_BOARD = "diajukan"
"""The transitions out of this status (approve, send back for revision, reject) are the board's."""


def _program(row: Row) -> Program:
    return Program.model_validate({**row, "allowed_transitions": list(TRANSITIONS[row["status"]])})


def _versioned(row: Row) -> tuple[Program, int]:
    return _program(row), int(row["version"])


def _may_create(standing: Row, department_id: UUID | None) -> bool:
    return standing["role"] in BOARD or (department_id is not None and department_id in standing["headed"])


def _may_edit(actor: Actor, standing: Row, program: Row) -> bool:
    pic = program["person_in_charge"] == actor.user_id and standing["role"] is not None
    return _may_create(standing, program["department_id"]) or pic


def _readable(store: ProgramStore, program_id: UUID) -> Row:
    row = store.program(program_id)  # RLS: only members of the program's organization see it
    if row is None:
        raise ProgramNotFound()
    return row


def _editable(store: ProgramStore, actor: Actor, program: Row, action: str) -> Row:
    """The caller's standing, once they may ``action`` this program in its current state."""
    standing = store.standing(program["organization_id"], program["period_id"])
    if not _may_edit(actor, standing, program):
        raise NotAllowed(action)
    if not standing["open"]:
        raise PeriodFinished()
    if program["status"] in FINAL:
        raise ProgramFinal(program["status"])
    return standing


def _check_version(program: Row, expected_version: int | None) -> int:
    if expected_version is not None and expected_version != program["version"]:
        raise VersionMismatch()
    return int(program["version"])


def _check_dates(values: Row) -> None:
    for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
        if values.get(start) and values.get(end) and _day(values[end]) < _day(values[start]):
            raise InvalidDates(end, start)


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def create_program(store: ProgramStore, actor: Actor, request: ProgramCreate) -> tuple[Program, int]:
    standing = store.standing(request.organization_id, request.period_id)
    if not standing["member"]:
        raise OrganizationNotFound()
    if standing["role"] is None:
        raise PeriodNotYours()
    if not _may_create(standing, request.department_id):
        raise NotAllowed("create programs" if request.department_id is None
                         else "create programs in this department")
    if not standing["open"]:
        raise PeriodFinished()
    fields = request.model_dump(exclude_none=True)
    _check_dates(fields)
    department = request.department_id
    if department is not None and not store.department_in(request.organization_id, request.period_id, department):
        raise DepartmentNotInPeriod()
    pic = request.person_in_charge
    if pic is not None and not store.is_active_member(request.organization_id, request.period_id, pic):
        raise PersonInChargeNotAMember()
    row = store.create_program({**fields, "created_by": actor.user_id})
    store.commit()
    return _versioned(row)


def get_program(store: ProgramStore, program_id: UUID) -> tuple[Program, int]:
    return _versioned(_readable(store, program_id))


def update_program(store: ProgramStore, actor: Actor, program_id: UUID, request: ProgramUpdate,
                   expected_version: int | None) -> tuple[Program, int]:
    program = _readable(store, program_id)
    standing = _editable(store, actor, program, "edit this program")
    version = _check_version(program, expected_version)
    changes = {name: value for name, value in request.model_dump(include=request.model_fields_set).items()
               if name in EDITABLE and not (name in REQUIRED and value is None)}
    if not changes:
        return _versioned(program)
    after = {**program, **changes}
    _check_dates(after)
    if not _may_edit(actor, standing, after):  # e.g. a head moving it out of their department, a PJ handing it on
        raise NotAllowed("make this change (afterwards you could no longer edit the program)")
    department = changes.get("department_id")
    if department is not None and not store.department_in(program["organization_id"], program["period_id"],
                                                           department):
        raise DepartmentNotInPeriod()
    pic = changes.get("person_in_charge")
    if pic is not None and not store.is_active_member(program["organization_id"], program["period_id"], pic):
        raise PersonInChargeNotAMember()
    row = store.update_program(program_id, changes, version)
    if row is None:
        raise VersionMismatch()
    store.commit()
    return _versioned(row)


def delete_program(store: ProgramStore, actor: Actor, program_id: UUID, expected_version: int | None) -> None:
    program = _readable(store, program_id)
    _editable(store, actor, program, "delete this program")
    if program["status"] != "draft":
        raise NotADraft(program["status"])
    if not store.delete_program(program_id, _check_version(program, expected_version)):
        raise VersionMismatch()
    store.commit()


def transition_program(store: ProgramStore, actor: Actor, program_id: UUID, request: TransitionRequest,
                       expected_version: int | None) -> tuple[Program, int]:
    program = _readable(store, program_id)
    current: ProgramStatus = program["status"]
    standing = store.standing(program["organization_id"], program["period_id"])
    if current == DECIDED_BY_BOARD:
        if standing["role"] not in BOARD:
            raise NotAllowed("approve, send back or reject a submitted program")
    elif not _may_edit(actor, standing, program):
        raise NotAllowed("change this program's status")
    if not standing["open"]:
        raise PeriodFinished()
    allowed = TRANSITIONS[current]
    if request.to not in allowed:
        raise IllegalTransition(current, request.to, list(allowed))
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
    row = store.update_program(program_id, changes, version, note=request.note)
    if row is None:
        raise VersionMismatch()
    store.commit()
    return _versioned(row)


def program_history(store: ProgramStore, program_id: UUID) -> StatusHistory:
    _readable(store, program_id)
    return StatusHistory(items=[StatusChange.model_validate(row) for row in store.history(program_id)])


def list_programs(store: ProgramStore, *, organization_id: UUID | None, period_id: UUID | None,
                  department_id: UUID | None, status: ProgramStatus | None, person_in_charge: UUID | None,
                  q: str | None, cursor: str | None, limit: int) -> Page[Program]:
    """Newest first, across the caller's organizations (or one of them): at most two statements a page."""
    if organization_id is not None and not store.standing(organization_id, None)["member"]:
        raise OrganizationNotFound()
    after = decode_cursor(cursor, ProgramAfter)
    filters = {"organization_id": organization_id, "period_id": period_id, "department_id": department_id,
               "status": status, "person_in_charge": person_in_charge}
    rows = store.programs(filters, q, after.model_dump() if after else None, limit + 1)
    rows, next_cursor = page_of(rows, limit, lambda row: ProgramAfter(created_at=row["created_at"], id=row["id"]))
    return Page[Program](items=[_program(row) for row in rows], next_cursor=next_cursor)
