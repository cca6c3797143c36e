"""Use cases of invitations into an organization: by e-mail or by code, their list, revoking, and
answering one; and who may do them (docs/domain.md, "Who may do what"). RLS enforces the same rules again in
the database."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from uuid import UUID

from functions.orgs.access import (
    manageable_period,
    period_for,
    require_member,
    require_role,
)
from functions.orgs.errors import (
    AlreadyAMember,
    DepartmentOfAnotherPeriod,
    EmailNotVerified,
    InvitationAnswered,
    InvitationExpired,
    InvitationNotFound,
    InvitationNotPending,
    InvitationOrganizationArchived,
    InvitationPending,
    InvitationPeriodFinished,
    InvitationRevoked,
    InvitationUsedUp,
    MaxUsesOfEmailInvitation,
)
from functions.orgs.fields import InvitationStatus
from functions.orgs.invitation_models import (
    Invitation,
    InvitationAfter,
    InvitationCreate,
    MyInvitation,
    MyInvitationList,
)
from functions.orgs.member_models import Member
from functions.orgs.repository import OrgStore, Row
from shared.config import get_settings
from shared.errors import DomainError
from shared.identity import Actor
from shared.pagination import Page, decode_cursor, page_of
from shared.vocabulary import BOARD, BOARD_AND_SEKRETARIS, Role

CODE_BYTES = 18  # secrets.token_urlsafe: 24 characters, 144 random bits


def _invitation_managers(role: str) -> tuple[tuple[Role, ...], str]:
    """Who may invite into ``role`` (and revoke such invitations): only the board into the board."""
    if role in BOARD:
        return BOARD, "invite into ketua or wakil ketua"
    return BOARD_AND_SEKRETARIS, "invite members"


def create_invitation(store: OrgStore, actor: Actor, org_id: UUID, request: InvitationCreate) -> Invitation:
    """An e-mail invitation (``email`` given) or a code invitation, into an open period."""
    require_member(store, org_id)
    period = period_for(store, org_id, request.period_id)
    manageable_period(store, org_id, period, *_invitation_managers(request.role))
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
    require_role(store, org_id, BOARD_AND_SEKRETARIS, "see invitations", period_id)
    after = decode_cursor(cursor, InvitationAfter)
    rows = store.invitations(org_id, {"period_id": period_id, "status": status},
                             after.model_dump() if after else None, limit + 1)
    rows, next_cursor = page_of(rows, limit, lambda row: InvitationAfter(created_at=row["created_at"], id=row["id"]))
    return Page[Invitation](items=[Invitation.model_validate(row) for row in rows], next_cursor=next_cursor)


def revoke_invitation(store: OrgStore, org_id: UUID, invitation_id: UUID) -> Invitation:
    invitation = store.invitation(org_id, invitation_id)
    if invitation is None:
        require_role(store, org_id, BOARD_AND_SEKRETARIS, "revoke invitations")
        raise InvitationNotFound()
    managers, _ = _invitation_managers(invitation["role"])
    manageable_period(store, org_id, period_for(store, org_id, invitation["period_id"]), managers,
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
