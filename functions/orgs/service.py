"""Use cases of organizations, periods and departments, and who may do them (DOMAIN.md's
permission table). RLS enforces the same rules again in the database."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID

from functions.orgs.errors import (
    AlreadyAMember,
    DepartmentNotEmpty,
    DepartmentNotFound,
    DepartmentOfAnotherPeriod,
    EmailNotVerified,
    HeadNotAMember,
    InvalidPeriodDates,
    InvitationAnswered,
    InvitationExpired,
    InvitationNotFound,
    InvitationNotPending,
    InvitationOrganizationArchived,
    InvitationPending,
    InvitationPeriodFinished,
    InvitationRevoked,
    InvitationUsedUp,
    LastKetua,
    MaxUsesOfEmailInvitation,
    MemberNotFound,
    NotAllowed,
    NotAMember,
    OrganizationArchived,
    OrganizationNotFound,
    OwnMembership,
    PeriodFinished,
    PeriodHasNoKetua,
    PeriodNotDraft,
    PeriodNotFound,
)
from functions.orgs.models import (
    Department,
    DepartmentCreate,
    DepartmentList,
    DepartmentUpdate,
    Invitation,
    InvitationAfter,
    InvitationCreate,
    InvitationStatus,
    Member,
    MemberAfter,
    MemberUpdate,
    MyInvitation,
    MyInvitationList,
    Organization,
    OrganizationCreate,
    OrganizationList,
    OrganizationUpdate,
    Period,
    PeriodCreateRequest,
    PeriodList,
)
from functions.orgs.repository import OrgStore, Row
from shared.config import get_settings
from shared.errors import DomainError
from shared.identity import Actor
from shared.pagination import Page, decode_cursor, page_of

BOARD = ("ketua", "wakil_ketua")
MEMBER_MANAGERS = (*BOARD, "sekretaris")
CHAT_FIELDS = ("discord_webhook_url", "slack_webhook_url")
"""The board's secrets: stored apart from the organization (organization_service.chat_channels), which
only the board reads."""


def _organization(row: Row) -> Organization:
    organization = Organization.model_validate(row)
    if row.get("my_role") not in BOARD:  # the webhooks are secrets of the board
        organization.discord_webhook_url = organization.slack_webhook_url = None
    return organization


def _require_member(store: OrgStore, org_id: UUID) -> None:
    if not store.is_member(org_id):
        raise OrganizationNotFound()


def _require_role(store: OrgStore, org_id: UUID, roles: tuple[str, ...], action: str,
                  period_id: UUID | None = None) -> None:
    """The caller holds one of ``roles`` in the active period (or in ``period_id``)."""
    _require_member(store, org_id)
    if store.my_role(org_id) in roles:
        return
    if period_id is not None and store.my_role(org_id, period_id) in roles:
        return
    raise NotAllowed(action)


def _writable(store: OrgStore, org_id: UUID) -> Row:
    row = store.organization(org_id)
    if row is None:
        raise OrganizationNotFound()
    if row["archived_at"] is not None:
        raise OrganizationArchived()
    return row


def create_organization(store: OrgStore, actor: Actor, request: OrganizationCreate) -> Organization:
    if request.period.ends_on <= request.period.starts_on:
        raise InvalidPeriodDates("body.period.ends_on")
    fields = request.model_dump(mode="json", exclude={"period", *CHAT_FIELDS}, exclude_none=True)
    chat = request.model_dump(mode="json", include=set(CHAT_FIELDS), exclude_none=True)
    org_id = store.create_organization(fields, created_by=actor.user_id)["id"]
    period_id = store.create_period(org_id, request.period.name, request.period.starts_on,
                                    request.period.ends_on, "aktif")
    store.add_membership(org_id, period_id, actor.user_id, "ketua")
    if chat:  # the board's own table: writable once the creator is its ketua
        store.set_chat_channels(org_id, chat)
    row = store.organization(org_id)
    assert row is not None
    store.commit()
    return _organization(row)


def list_organizations(store: OrgStore) -> OrganizationList:
    return OrganizationList(items=[_organization(row) for row in store.my_organizations()])


def get_organization(store: OrgStore, org_id: UUID) -> Organization:
    row = store.organization(org_id)
    if row is None:
        raise OrganizationNotFound()
    return _organization(row)


def update_organization(store: OrgStore, org_id: UUID, request: OrganizationUpdate) -> Organization:
    _require_role(store, org_id, BOARD, "edit the organization")
    _writable(store, org_id)
    changes = request.model_dump(mode="json", include=request.model_fields_set)
    for required in ("name", "type", "time_zone"):
        if required in changes and changes[required] is None:
            changes.pop(required)
    chat = {name: changes.pop(name) for name in CHAT_FIELDS if name in changes}
    if not changes and not chat:
        return get_organization(store, org_id)
    if chat:
        store.set_chat_channels(org_id, chat)
    row = store.update_organization(org_id, changes)
    store.commit()
    return _organization(row)


def archive_organization(store: OrgStore, org_id: UUID) -> Organization:
    _require_role(store, org_id, BOARD, "archive the organization")
    row = store.archive_organization(org_id)
    store.commit()
    return _organization(row)


# ---- periods ----

def list_periods(store: OrgStore, org_id: UUID) -> PeriodList:
    _require_member(store, org_id)
    return PeriodList(items=[Period.model_validate(row) for row in store.periods(org_id)])


def create_period(store: OrgStore, actor: Actor, org_id: UUID, request: PeriodCreateRequest) -> Period:
    _require_role(store, org_id, BOARD, "create periods")
    _writable(store, org_id)
    if request.ends_on <= request.starts_on:
        raise InvalidPeriodDates()
    period_id = store.create_period(org_id, request.name, request.starts_on, request.ends_on, "draft")
    ketua = request.ketua_user_id or actor.user_id
    active = store.active_period(org_id)
    if ketua != actor.user_id and not (active and store.is_active_member(active["id"], ketua)):
        raise HeadNotAMember("body.ketua_user_id")
    store.add_membership(org_id, period_id, ketua, "ketua")
    row = store.period(org_id, period_id)
    assert row is not None
    store.commit()
    return Period.model_validate(row)


def activate_period(store: OrgStore, org_id: UUID, period_id: UUID) -> Period:
    """Make a draft period the active one; the period that was active is finished."""
    _require_role(store, org_id, BOARD, "activate periods")
    _writable(store, org_id)
    period = store.period(org_id, period_id)
    if period is None:
        raise PeriodNotFound()
    if period["status"] != "draft":
        raise PeriodNotDraft(period["status"])
    if not store.has_active_ketua(period_id):
        raise PeriodHasNoKetua()
    store.activate_period(org_id, period_id)
    row = store.period(org_id, period_id)
    assert row is not None
    store.commit()
    return Period.model_validate(row)


# ---- departments ----

def _period_for(store: OrgStore, org_id: UUID, period_id: UUID | None) -> Row:
    period = store.period(org_id, period_id) if period_id else store.active_period(org_id)
    if period is None:
        raise PeriodNotFound()
    return period


def list_departments(store: OrgStore, org_id: UUID, period_id: UUID | None) -> DepartmentList:
    _require_member(store, org_id)
    period = _period_for(store, org_id, period_id)
    return DepartmentList(items=[Department.model_validate(r) for r in store.departments(org_id, period["id"])])


def get_department(store: OrgStore, org_id: UUID, department_id: UUID) -> Department:
    _require_member(store, org_id)
    row = store.department(org_id, department_id)
    if row is None:
        raise DepartmentNotFound()
    return Department.model_validate(row)


def _manageable_period(store: OrgStore, org_id: UUID, period: Row, roles: tuple[str, ...] = BOARD,
                       action: str = "manage departments") -> None:
    _require_role(store, org_id, roles, action, period["id"])
    _writable(store, org_id)
    if period["status"] == "selesai":
        raise PeriodFinished()


def create_department(store: OrgStore, org_id: UUID, request: DepartmentCreate) -> Department:
    _require_member(store, org_id)
    period = _period_for(store, org_id, request.period_id)
    _manageable_period(store, org_id, period)
    if request.head_user_id and not store.is_active_member(period["id"], request.head_user_id):
        raise HeadNotAMember()
    fields = request.model_dump(mode="json", exclude={"period_id"}, exclude_none=True)
    row = store.create_department(org_id, period["id"], fields)
    store.commit()
    return Department.model_validate(row)


def update_department(store: OrgStore, org_id: UUID, department_id: UUID, request: DepartmentUpdate) -> Department:
    department = get_department(store, org_id, department_id)
    period = _period_for(store, org_id, department.period_id)
    _manageable_period(store, org_id, period)
    changes = request.model_dump(mode="json", include=request.model_fields_set)
    for required in ("name", "code", "is_core"):
        if required in changes and changes[required] is None:
            changes.pop(required)
    head = changes.get("head_user_id")
    if head and not store.is_active_member(period["id"], UUID(head)):
        raise HeadNotAMember()
    if not changes:
        return department
    row = store.update_department(department_id, changes)
    store.commit()
    return Department.model_validate(row)


def delete_department(store: OrgStore, org_id: UUID, department_id: UUID) -> None:
    department = get_department(store, org_id, department_id)
    _manageable_period(store, org_id, _period_for(store, org_id, department.period_id))
    if department.member_count:
        raise DepartmentNotEmpty()
    store.delete_department(department_id)
    store.commit()


# ---- members ----

def list_members(store: OrgStore, org_id: UUID, *, period_id: UUID | None, department_id: UUID | None,
                 role: str | None, active: bool | None, cursor: str | None, limit: int) -> Page[Member]:
    _require_member(store, org_id)
    period = _period_for(store, org_id, period_id)
    after = decode_cursor(cursor, MemberAfter)
    rows = store.members(org_id, period["id"], {"department_id": department_id, "role": role, "active": active},
                         after.model_dump() if after else None, limit + 1)
    rows, next_cursor = page_of(rows, limit, lambda row: MemberAfter(joined_at=row["joined_at"], id=row["id"]))
    return Page[Member](items=[Member.model_validate(row) for row in rows], next_cursor=next_cursor)


def _manageable_membership(store: OrgStore, org_id: UUID, membership_id: UUID, action: str) -> Row:
    membership = store.membership(org_id, membership_id)
    if membership is None:
        _require_member(store, org_id)
        raise MemberNotFound()
    _require_role(store, org_id, MEMBER_MANAGERS, action, membership["period_id"])
    _writable(store, org_id)
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
        _require_role(store, org_id, BOARD, "appoint or remove ketua and wakil ketua", membership["period_id"])
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
        _require_role(store, org_id, BOARD, "remove ketua and wakil ketua", membership["period_id"])
    _keeps_a_ketua(store, membership)
    row = store.update_membership(membership_id, {"active": False, "left_at": datetime.now(UTC)})
    store.commit()
    return Member.model_validate(row)


def leave_organization(store: OrgStore, org_id: UUID) -> Member:
    """The caller leaves the active period of the organization."""
    _require_member(store, org_id)
    period = store.active_period(org_id)
    membership = store.my_membership(org_id, period["id"]) if period else None
    if membership is None:
        raise NotAMember()
    _keeps_a_ketua(store, membership)
    row = store.update_membership(membership["id"], {"active": False, "left_at": datetime.now(UTC)})
    store.commit()
    return Member.model_validate(row)


# ---- invitations ----

CODE_BYTES = 18  # secrets.token_urlsafe: 24 characters, 144 random bits


def _invitation_managers(role: str) -> tuple[tuple[str, ...], str]:
    """Who may invite into ``role`` (and revoke such invitations): only the board into the board."""
    if role in BOARD:
        return BOARD, "invite into ketua or wakil ketua"
    return MEMBER_MANAGERS, "invite members"


def create_invitation(store: OrgStore, actor: Actor, org_id: UUID, request: InvitationCreate) -> Invitation:
    """An e-mail invitation (``email`` given) or a code invitation, into an open period."""
    _require_member(store, org_id)
    period = _period_for(store, org_id, request.period_id)
    _manageable_period(store, org_id, period, *_invitation_managers(request.role))
    if request.department_id is not None:
        department = store.department(org_id, request.department_id)
        if department is None or department["period_id"] != period["id"]:
            raise DepartmentOfAnotherPeriod()
    if request.email is not None:
        if request.max_uses not in (None, 1):
            raise MaxUsesOfEmailInvitation()
        if store.has_pending_invitation(period["id"], request.email):
            raise InvitationPending()
    fields = request.model_dump(mode="json", include={"email", "role", "department_id", "position_title"})
    fields |= {"organization_id": org_id, "period_id": period["id"], "created_by": actor.user_id,
               "max_uses": request.max_uses or 1,
               "code": None if request.email else secrets.token_urlsafe(CODE_BYTES)}
    row = store.create_invitation(fields, request.expires_in_days)
    store.commit()
    # the insert wrote invitation.created (trigger, functions/orgs/migrations/0005): the notifications
    # service tells the address, by e-mail and, when it has an account, in the app
    return Invitation.model_validate(row)


def list_invitations(store: OrgStore, org_id: UUID, *, period_id: UUID | None, status: InvitationStatus | None,
                     cursor: str | None, limit: int) -> Page[Invitation]:
    """Newest first. Sekretaris sees the invitations into roles below the board (RLS)."""
    _require_role(store, org_id, MEMBER_MANAGERS, "see invitations", period_id)
    after = decode_cursor(cursor, InvitationAfter)
    rows = store.invitations(org_id, {"period_id": period_id, "status": status},
                             after.model_dump() if after else None, limit + 1)
    rows, next_cursor = page_of(rows, limit, lambda row: InvitationAfter(created_at=row["created_at"], id=row["id"]))
    return Page[Invitation](items=[Invitation.model_validate(row) for row in rows], next_cursor=next_cursor)


def revoke_invitation(store: OrgStore, org_id: UUID, invitation_id: UUID) -> Invitation:
    invitation = store.invitation(org_id, invitation_id)
    if invitation is None:
        _require_role(store, org_id, MEMBER_MANAGERS, "revoke invitations")
        raise InvitationNotFound()
    managers, _ = _invitation_managers(invitation["role"])
    _manageable_period(store, org_id, _period_for(store, org_id, invitation["period_id"]), managers,
                       "revoke this invitation")
    if invitation["status"] != "pending":
        raise InvitationNotPending(invitation["status"])
    store.revoke_invitation(invitation_id)
    row = store.invitation(org_id, invitation_id)
    assert row is not None
    store.commit()
    return Invitation.model_validate(row)


def list_my_invitations(store: OrgStore) -> MyInvitationList:
    """The pending e-mail invitations addressed to the caller's (signed-in) address."""
    return MyInvitationList(items=[MyInvitation.model_validate(row) for row in store.my_invitations()])


_NOT_YOURS = "No such invitation for you: check the code, or the address you signed in with."
_ANSWER_REFUSED: dict[str, Callable[[], DomainError]] = {
    "not_found": lambda: InvitationNotFound(_NOT_YOURS),
    "answered": InvitationAnswered,
    "revoked": InvitationRevoked,
    "expired": InvitationExpired,
    "used_up": InvitationUsedUp,
    "period_finished": InvitationPeriodFinished,
    "archived": InvitationOrganizationArchived,
    "already_member": AlreadyAMember,
}


def _answer(store: OrgStore, invitation_id: UUID | None, code: str | None, answer: str) -> Row:
    """Answer in one locked step (organization_service.answer_invitation); refused: nothing changed. An e-mail
    invitation trusts the token's address only once the account proved it (a link mailed to it)."""
    if invitation_id is not None and get_settings().invitations_require_verified_email \
            and not store.email_is_verified():
        raise EmailNotVerified()
    result = store.answer_invitation(invitation_id, code, answer)
    if result["outcome"] != answer:
        raise _ANSWER_REFUSED[result["outcome"]]()
    return result


def _joined(store: OrgStore, result: Row) -> Member:
    membership = store.membership(result["organization"], result["membership"])
    assert membership is not None
    store.commit()
    return Member.model_validate(membership)


def accept_invitation(store: OrgStore, invitation_id: UUID) -> Member:
    """The caller accepts an e-mail invitation addressed to them and becomes a member."""
    return _joined(store, _answer(store, invitation_id, None, "accepted"))


def accept_invitation_code(store: OrgStore, code: str) -> Member:
    """The caller (anyone signed in who has the code) accepts a code invitation and becomes a member."""
    return _joined(store, _answer(store, None, code, "accepted"))


def decline_invitation(store: OrgStore, invitation_id: UUID) -> None:
    _answer(store, invitation_id, None, "declined")
    store.commit()
