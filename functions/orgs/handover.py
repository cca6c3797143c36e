"""Use cases of the handover between periods (serah terima, docs/decisions/0020-handover.md): the next period
takes the departments and members the board chooses from the active one, and each department leaves a note for
the next board. Activating the next period (service.activate_period) then finishes the active one, which stays
read-only history. RLS enforces the same rules again in the database."""

from __future__ import annotations

from uuid import UUID

from functions.orgs.access import require_member, require_role, writable
from functions.orgs.errors import (
    DepartmentNotFound,
    HandoverNoteChanged,
    HeadNotAMember,
    NotAllowed,
    NotInActivePeriod,
    PeriodFinished,
    PeriodNotDraft,
    PeriodNotFound,
)
from functions.orgs.handover_models import CarriedMember, Handover, HandoverNote, HandoverNoteUpdate, HandoverRequest
from functions.orgs.handover_repository import HandoverStore
from functions.orgs.models import Department
from functions.orgs.repository import Row
from shared.errors import FieldError
from shared.etags import lost_race
from shared.vocabulary import BOARD


def hand_over(store: HandoverStore, org_id: UUID, period_id: UUID, request: HandoverRequest) -> Handover:
    """Carry departments (with new heads) and members from the active period into ``period_id``, a draft: the
    board of either may. Departments are copied (name, code, description, core flag) and remember the one they
    continue; members get a membership of the new period (their history stays in the old one). What the new
    period has already (a department's code, a member) is left as it is."""
    require_role(store, org_id, BOARD, "hand over to the next period", period_id)
    writable(store, org_id)
    target = store.period(org_id, period_id)
    if target is None:
        raise PeriodNotFound()
    if target["status"] != "draft":
        raise PeriodNotDraft(target["status"], "handed over to")
    source = store.active_period(org_id)
    if source is None:
        raise PeriodNotFound()
    own = {row["id"] for row in store.departments(org_id, source["id"])}
    problems = [FieldError(f"body.departments.{i}.department_id", "is not a department of the active period",
                           "wrong_period")
                for i, item in enumerate(request.departments) if item.department_id not in own]
    problems += [FieldError(f"body.members.{i}.department_id", "is not a department of the active period",
                            "wrong_period")
                 for i, item in enumerate(request.members)
                 if item.department_id is not None and item.department_id not in own]
    members = store.active_members(source["id"], [m.user_id for m in request.members])
    problems += [FieldError(f"body.members.{i}.user_id", "is not an active member of the active period",
                            "not_a_member")
                 for i, item in enumerate(request.members) if item.user_id not in members]
    if problems:
        raise NotInActivePeriod(problems)

    added = store.carry_departments(source["id"], period_id, [d.department_id for d in request.departments])
    carried = store.counterparts(source["id"], period_id)
    joined = store.carry_members(org_id, period_id, [
        {"user_id": m.user_id, "role": m.role, "department_id": _department(m, members[m.user_id], carried),
         # a title goes with the role it was held in ("Sekretaris Umum" stays one; a staff member made head does not)
         "position_title": members[m.user_id]["position_title"] if m.role == members[m.user_id]["role"] else None}
        for m in request.members])
    heads = {carried[d.department_id]: d.head_user_id for d in request.departments if d.head_user_id is not None}
    staying = store.active_members(period_id, list(heads.values()))
    missing = [i for i, d in enumerate(request.departments) if d.head_user_id and d.head_user_id not in staying]
    if missing:
        raise HeadNotAMember(f"body.departments.{missing[0]}.head_user_id")
    store.set_heads(heads)
    departments = [Department.model_validate(row) for row in store.departments(org_id, period_id)]
    store.commit()
    return Handover(period_id=period_id, from_period_id=source["id"], departments_added=added, members_added=joined,
                    already_there=len(request.departments) - added + len(request.members) - joined,
                    departments=departments)


def _department(member: CarriedMember, now: Row, carried: dict[UUID, UUID]) -> UUID | None:
    """The member's department in the new period: the counterpart of the one named, or of the one they are in
    now when none is named; none when that one is not carried over."""
    old = member.department_id if "department_id" in member.model_fields_set else now["department_id"]
    return carried.get(old) if old is not None else None


def handover_note(store: HandoverStore, org_id: UUID, department_id: UUID) -> tuple[HandoverNote, int]:
    """A department's note, for every member of the organization (of any period)."""
    require_member(store, org_id)
    row = store.handover_note(org_id, department_id)
    if row is None:
        raise DepartmentNotFound()
    note = row["note"] or {"worked": "", "did_not_work": "", "contacts": "", "whereabouts": "", "version": 0,
                           "updated_at": None, "updated_by": None}
    result = HandoverNote.model_validate({
        **{name: note[name] or "" for name in ("worked", "did_not_work", "contacts", "whereabouts")},
        "department_id": department_id, "period_id": row["period_id"], "version": note["version"],
        "updated_at": note["updated_at"], "updated_by": note["updated_by"], "may_edit": bool(row["may_edit"])})
    return result, result.version


def save_handover_note(store: HandoverStore, org_id: UUID, department_id: UUID, request: HandoverNoteUpdate,
                       expected_version: int | None) -> tuple[HandoverNote, int]:
    """Write the note (If-Match: the version read): the department's heads, the sekretaris and the board, while
    the department's period is open."""
    current, version = handover_note(store, org_id, department_id)
    if not current.may_edit:
        if not store.period_is_open(current.period_id):
            raise PeriodFinished()
        raise NotAllowed("write this department's handover note")
    if expected_version is not None and expected_version != version:
        raise HandoverNoteChanged()
    if not store.save_handover_note(department_id, request.model_dump(), version):
        raise lost_race(expected_version, HandoverNoteChanged(), "handover note")
    store.commit()
    return handover_note(store, org_id, department_id)
