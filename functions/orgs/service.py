"""Use cases of organizations, periods and departments, and who may do them (docs/domain.md,
"Who may do what"). RLS enforces the same rules again in the database."""

from __future__ import annotations

from uuid import UUID

from functions.orgs.access import (
    manageable_period,
    period_for,
    require_member,
    require_role,
    writable,
)
from functions.orgs.errors import (
    DepartmentNotEmpty,
    DepartmentNotFound,
    HeadNotAMember,
    InvalidPeriodDates,
    OrganizationNotFound,
    PeriodHasNoKetua,
    PeriodNotDraft,
    PeriodNotFound,
)
from functions.orgs.models import (
    Department,
    DepartmentCreate,
    DepartmentList,
    DepartmentUpdate,
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
from shared.identity import Actor
from shared.vocabulary import BOARD

CHAT_FIELDS = ("discord_webhook_url", "slack_webhook_url")
"""The board's secrets: stored apart from the organization (organization_service.chat_channels), which
only the board reads."""
PUBLIC_SCHEDULE_PATH = "/calendar/orgs/{}.ics"
"""The public schedule's address on the API (the tasks service answers it, beside the personal feeds)."""


def _organization(row: Row) -> Organization:
    organization = Organization.model_validate(row)
    if row.get("my_role") not in BOARD:  # the webhooks are secrets of the board
        organization.discord_webhook_url = organization.slack_webhook_url = None
    if organization.public_schedule:
        address = PUBLIC_SCHEDULE_PATH.format(organization.id)
        organization.public_schedule_url = get_settings().service_base_url + address
    return organization


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
    require_role(store, org_id, BOARD, "edit the organization")
    writable(store, org_id)
    changes = request.model_dump(mode="json", include=request.model_fields_set)
    for required in ("name", "type", "time_zone", "public_schedule"):
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
    require_role(store, org_id, BOARD, "archive the organization")
    row = store.archive_organization(org_id)
    store.commit()
    return _organization(row)


# ---- periods ----

def list_periods(store: OrgStore, org_id: UUID) -> PeriodList:
    require_member(store, org_id)
    return PeriodList(items=[Period.model_validate(row) for row in store.periods(org_id)])


def create_period(store: OrgStore, actor: Actor, org_id: UUID, request: PeriodCreateRequest) -> Period:
    require_role(store, org_id, BOARD, "create periods")
    writable(store, org_id)
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
    require_role(store, org_id, BOARD, "activate periods")
    writable(store, org_id)
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

def list_departments(store: OrgStore, org_id: UUID, period_id: UUID | None) -> DepartmentList:
    require_member(store, org_id)
    period = period_for(store, org_id, period_id)
    return DepartmentList(items=[Department.model_validate(r) for r in store.departments(org_id, period["id"])])


def get_department(store: OrgStore, org_id: UUID, department_id: UUID) -> Department:
    require_member(store, org_id)
    row = store.department(org_id, department_id)
    if row is None:
        raise DepartmentNotFound()
    return Department.model_validate(row)


def create_department(store: OrgStore, org_id: UUID, request: DepartmentCreate) -> Department:
    require_member(store, org_id)
    period = period_for(store, org_id, request.period_id)
    manageable_period(store, org_id, period)
    if request.head_user_id and not store.is_active_member(period["id"], request.head_user_id):
        raise HeadNotAMember()
    fields = request.model_dump(mode="json", exclude={"period_id"}, exclude_none=True)
    row = store.create_department(org_id, period["id"], fields)
    store.commit()
    return Department.model_validate(row)


def update_department(store: OrgStore, org_id: UUID, department_id: UUID, request: DepartmentUpdate) -> Department:
    department = get_department(store, org_id, department_id)
    period = period_for(store, org_id, department.period_id)
    manageable_period(store, org_id, period)
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
    manageable_period(store, org_id, period_for(store, org_id, department.period_id))
    if department.member_count:
        raise DepartmentNotEmpty()
    store.delete_department(department_id)
    store.commit()
