"""Who may act in an organization: what its use cases (the organization, its periods, departments,
members and invitations, its calendar, a handover) ask before they act. Apart from ``service`` so that a
function imports only its own use case. RLS enforces the same rules again in the database.
"""

from __future__ import annotations

from uuid import UUID

from functions.orgs.errors import NotAllowed, OrganizationArchived, OrganizationNotFound, PeriodFinished, PeriodNotFound
from functions.orgs.repository import OrgStore, Row
from shared.vocabulary import BOARD, Role


def require_member(store: OrgStore, org_id: UUID) -> None:
    if not store.is_member(org_id):
        raise OrganizationNotFound()


def require_role(store: OrgStore, org_id: UUID, roles: tuple[Role, ...], action: str,
                 period_id: UUID | None = None) -> None:
    """The caller holds one of ``roles`` in the active period (or in ``period_id``)."""
    require_member(store, org_id)
    if store.my_role(org_id) in roles:
        return
    if period_id is not None and store.my_role(org_id, period_id) in roles:
        return
    raise NotAllowed(action)


def writable(store: OrgStore, org_id: UUID) -> Row:
    row = store.organization(org_id)
    if row is None:
        raise OrganizationNotFound()
    if row["archived_at"] is not None:
        raise OrganizationArchived()
    return row


def period_for(store: OrgStore, org_id: UUID, period_id: UUID | None) -> Row:
    period = store.period(org_id, period_id) if period_id else store.active_period(org_id)
    if period is None:
        raise PeriodNotFound()
    return period


def manageable_period(store: OrgStore, org_id: UUID, period: Row, roles: tuple[Role, ...] = BOARD,
                      action: str = "manage departments") -> None:
    require_role(store, org_id, roles, action, period["id"])
    writable(store, org_id)
    if period["status"] == "selesai":
        raise PeriodFinished()
