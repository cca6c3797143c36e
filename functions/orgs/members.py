"""Use cases of an organization's members: the list, a change of role or department, deactivation,
leaving; and who may do them (docs/domain.md, "Who may do what"). RLS enforces the same rules again in the
database."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from functions.orgs.access import (
    period_for,
    require_member,
    require_role,
    writable,
)
from functions.orgs.errors import (
    DepartmentOfAnotherPeriod,
    LastKetua,
    MemberNotFound,
    NotAMember,
    OwnMembership,
    PeriodFinished,
)
from functions.orgs.member_models import Member, MemberAfter, MemberUpdate
from functions.orgs.repository import OrgStore, Row
from shared.identity import Actor
from shared.pagination import Page, decode_cursor, page_of
from shared.vocabulary import BOARD, BOARD_AND_SEKRETARIS


def list_members(store: OrgStore, org_id: UUID, *, period_id: UUID | None, department_id: UUID | None,
                 role: str | None, active: bool | None, cursor: str | None, limit: int) -> Page[Member]:
    require_member(store, org_id)
    period = period_for(store, org_id, period_id)
    after = decode_cursor(cursor, MemberAfter)
    rows = store.members(org_id, period["id"], {"department_id": department_id, "role": role, "active": active},
                         after.model_dump() if after else None, limit + 1)
    rows, next_cursor = page_of(rows, limit, lambda row: MemberAfter(joined_at=row["joined_at"], id=row["id"]))
    return Page[Member](items=[Member.model_validate(row) for row in rows], next_cursor=next_cursor)


def _manageable_membership(store: OrgStore, org_id: UUID, membership_id: UUID, action: str) -> Row:
    membership = store.membership(org_id, membership_id)
    if membership is None:
        require_member(store, org_id)
        raise MemberNotFound()
    require_role(store, org_id, BOARD_AND_SEKRETARIS, action, membership["period_id"])
    writable(store, org_id)
    if not store.period_is_open(membership["period_id"]):
        raise PeriodFinished()
    return membership


def _keeps_a_ketua(store: OrgStore, membership: Row) -> None:
    last = membership["role"] == "ketua" and store.active_ketua_count(membership["period_id"]) <= 1
    if last and membership["active"]:
        raise LastKetua()


def _changes_own_role(actor: Actor, membership: Row, changes: Row) -> bool:
    """Would ``changes`` change the caller's own role? Sending the current one changes nothing. (A department
    and a position title are labels: whoever manages members sets their own too.)"""
    return membership["user_id"] == actor.user_id and changes.get("role", membership["role"]) != membership["role"]


def update_member(store: OrgStore, actor: Actor, org_id: UUID, membership_id: UUID, request: MemberUpdate) -> Member:
    membership = _manageable_membership(store, org_id, membership_id, "manage members")
    changes = request.model_dump(mode="json", include=request.model_fields_set)
    if changes.get("role") is None:
        changes.pop("role", None)
    if _changes_own_role(actor, membership, changes):
        # separation of duties: a sekretaris making themselves bendahara would verify budgets
        raise OwnMembership()
    if "role" in changes and (changes["role"] in BOARD or membership["role"] in BOARD):
        # only the board appoints or removes the board
        require_role(store, org_id, BOARD, "appoint or remove ketua and wakil ketua", membership["period_id"])
    if "role" in changes and changes["role"] != "ketua":
        _keeps_a_ketua(store, membership)
    department_id = changes.get("department_id")
    if department_id is not None:
        department = store.department(org_id, UUID(department_id))
        if department is None or department["period_id"] != membership["period_id"]:
            raise DepartmentOfAnotherPeriod()
    if not changes:
        return Member.model_validate(membership)
    row = store.update_membership(membership_id, changes)
    store.commit()
    return Member.model_validate(row)


def deactivate_member(store: OrgStore, org_id: UUID, membership_id: UUID) -> Member:
    membership = _manageable_membership(store, org_id, membership_id, "deactivate members")
    if membership["role"] in BOARD:
        require_role(store, org_id, BOARD, "remove ketua and wakil ketua", membership["period_id"])
    _keeps_a_ketua(store, membership)
    row = store.update_membership(membership_id, {"active": False, "left_at": datetime.now(UTC)})
    store.commit()
    return Member.model_validate(row)


def leave_organization(store: OrgStore, org_id: UUID) -> Member:
    """The caller leaves the active period of the organization."""
    require_member(store, org_id)
    period = store.active_period(org_id)
    membership = store.my_membership(org_id, period["id"]) if period else None
    if membership is None:
        raise NotAMember()
    _keeps_a_ketua(store, membership)
    row = store.update_membership(membership["id"], {"active": False, "left_at": datetime.now(UTC)})
    store.commit()
    return Member.model_validate(row)
