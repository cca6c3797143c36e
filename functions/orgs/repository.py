"""SQL of the organization service. Every query runs as the caller (RLS applies); rows are dicts
of column values, turned into wire models by the service."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Protocol
from uuid import UUID

import psycopg.errors
from psycopg import sql

from functions.orgs.errors import (
    DepartmentCodeTaken,
    DepartmentNotEmpty,
    DepartmentNotFound,
    MemberNotFound,
    OrganizationNotFound,
)
from shared.identity import Actor, user_transaction
from shared.store import Row, SqlStore, column_equals

ORGANIZATION_COLUMNS = (
    "name", "short_name", "type", "institution", "faculty", "study_program", "logo_url", "address",
    "document_number_format", "description", "time_zone",
)
DEPARTMENT_COLUMNS = ("name", "code", "description", "is_core", "head_user_id")


class OrgStore(Protocol):
    def commit(self) -> None: ...
    def my_role(self, org_id: UUID, period_id: UUID | None = None) -> str | None: ...
    def is_member(self, org_id: UUID, user_id: UUID | None = None) -> bool: ...
    def create_organization(self, fields: Row, created_by: UUID) -> Row: ...
    def organization(self, org_id: UUID) -> Row | None: ...
    def my_organizations(self) -> list[Row]: ...
    def update_organization(self, org_id: UUID, changes: Row) -> Row: ...
    def archive_organization(self, org_id: UUID) -> Row: ...
    def set_chat_channels(self, org_id: UUID, urls: Row) -> None: ...
    def create_period(self, org_id: UUID, name: str, starts_on: date, ends_on: date, status: str) -> UUID: ...
    def period(self, org_id: UUID, period_id: UUID) -> Row | None: ...
    def active_period(self, org_id: UUID) -> Row | None: ...
    def periods(self, org_id: UUID) -> list[Row]: ...
    def activate_period(self, org_id: UUID, period_id: UUID) -> None: ...
    def add_membership(self, org_id: UUID, period_id: UUID, user_id: UUID, role: str) -> None: ...
    def has_active_ketua(self, period_id: UUID) -> bool: ...
    def is_active_member(self, period_id: UUID, user_id: UUID) -> bool: ...
    def create_department(self, org_id: UUID, period_id: UUID, fields: Row) -> Row: ...
    def department(self, org_id: UUID, department_id: UUID) -> Row | None: ...
    def departments(self, org_id: UUID, period_id: UUID) -> list[Row]: ...
    def update_department(self, department_id: UUID, changes: Row) -> Row: ...
    def delete_department(self, department_id: UUID) -> None: ...
    def members(self, org_id: UUID, period_id: UUID, filters: Row, after: Row | None, limit: int) -> list[Row]: ...
    def membership(self, org_id: UUID, membership_id: UUID) -> Row | None: ...
    def my_membership(self, org_id: UUID, period_id: UUID) -> Row | None: ...
    def update_membership(self, membership_id: UUID, changes: Row) -> Row: ...
    def active_ketua_count(self, period_id: UUID) -> int: ...
    def period_is_open(self, period_id: UUID) -> bool: ...
    def create_invitation(self, fields: Row, expires_in_days: int) -> Row: ...
    def invitation(self, org_id: UUID, invitation_id: UUID) -> Row | None: ...
    def invitations(self, org_id: UUID, filters: Row, after: Row | None, limit: int) -> list[Row]: ...
    def has_pending_invitation(self, period_id: UUID, email: str) -> bool: ...
    def revoke_invitation(self, invitation_id: UUID) -> None: ...
    def my_invitations(self) -> list[Row]: ...
    def answer_invitation(self, invitation_id: UUID | None, code: str | None, answer: str) -> Row: ...
    def email_is_verified(self) -> bool: ...


# The chat webhook URLs are in a table of their own that only the board reads (RLS): null for others.
_ORG_SELECT = """
    select o.*, c.discord_webhook_url, c.slack_webhook_url, organization_service.my_role(o.id) as my_role,
           p.id as active_period_id
    from organization_service.organizations o
    left join organization_service.chat_channels c on c.organization_id = o.id
    left join organization_service.periods p on p.organization_id = o.id and p.status = 'aktif'
"""
_DEPARTMENT_SELECT = """
    select d.*, (select count(*) from organization_service.memberships m
                 where m.department_id = d.id and m.active) as member_count
    from organization_service.departments d
"""

# An invitation with its kind and status (an e-mail invitation's answer is its status).
_INVITATION_SELECT = """
    select * from (
      select i.*, case when i.email is null then 'code' else 'email' end as kind,
             case when i.revoked_at is not null then 'revoked'
                  when r.response is not null then r.response
                  when i.uses >= i.max_uses then 'used_up'
                  when i.expires_at <= now() then 'expired'
                  else 'pending' end as status
      from organization_service.invitations i
      left join organization_service.invitation_responses r on r.invitation_id = i.id and i.email is not null
    ) i
"""


def _with_people(memberships: sql.Composable) -> sql.Composed:
    """``memberships`` (a query returning membership rows, an ``update ... returning *`` too) with each
    member's name and e-mail address, through ``organization_service.people`` (an interface of ours that the
    users service implements), asked once for all of them: one statement whatever the number of rows. A
    member without a profile gets nulls."""
    return sql.SQL(
        "with m as ({}),"
        " people as materialized (select * from organization_service.people(array(select distinct user_id from m)))"
        " select m.*, p.display_name, p.email from m left join people p on p.user_id = m.user_id").format(memberships)


def _assignments(changes: Row) -> sql.Composed:
    return sql.SQL(", ").join(column_equals(changes))


def _equal_to(filters: Row) -> list[sql.Composed]:
    """``column = %(column)s`` for each filter that is set."""
    return column_equals(column for column, value in filters.items() if value is not None)


class PostgresOrgStore(SqlStore):
    def my_role(self, org_id: UUID, period_id: UUID | None = None) -> str | None:
        row = self._one("select organization_service.my_role(%s, %s) as role", (org_id, period_id))
        return row["role"] if row else None

    def is_member(self, org_id: UUID, user_id: UUID | None = None) -> bool:
        row = self._one("select organization_service.is_member(%s, %s) as member", (org_id, user_id))
        return bool(row and row["member"])

    def create_organization(self, fields: Row, created_by: UUID) -> Row:
        columns = [*fields, "created_by"]
        query = sql.SQL("insert into organization_service.organizations ({}) values ({}) returning id").format(
            sql.SQL(", ").join(map(sql.Identifier, columns)),
            sql.SQL(", ").join(sql.Placeholder(c) for c in columns))
        row = self._one(query, {**fields, "created_by": created_by})
        assert row is not None
        return row

    def organization(self, org_id: UUID) -> Row | None:
        return self._one(_ORG_SELECT + " where o.id = %s", (org_id,))

    def my_organizations(self) -> list[Row]:
        return self._all(_ORG_SELECT + " where o.id in (select organization_service.my_organizations())"
                         " order by o.archived_at nulls first, o.name, o.id")

    def update_organization(self, org_id: UUID, changes: Row) -> Row:
        assignments = [*column_equals(changes), sql.SQL("updated_at = now()"), sql.SQL("version = version + 1")]
        query = sql.SQL("update organization_service.organizations set {} where id = {}").format(
            sql.SQL(", ").join(assignments), sql.Placeholder("id"))
        self._tx.execute(query, {**changes, "id": org_id})
        return self._organization_after_write(org_id)

    def set_chat_channels(self, org_id: UUID, urls: Row) -> None:
        """Set the webhook URLs named in ``urls`` (null clears one); the others stay."""
        columns = list(urls)
        self._tx.execute(sql.SQL(
            "insert into organization_service.chat_channels (organization_id, {}) values ({}, {})"
            " on conflict (organization_id) do update set {}, updated_at = now()").format(
            sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Placeholder("id"),
            sql.SQL(", ").join(sql.Placeholder(c) for c in columns),
            sql.SQL(", ").join(sql.SQL("{0} = excluded.{0}").format(sql.Identifier(c)) for c in columns)),
            {**urls, "id": org_id})

    def archive_organization(self, org_id: UUID) -> Row:
        self._tx.execute("update organization_service.organizations set archived_at = now(), updated_at = now(),"
                         " version = version + 1 where id = %s and archived_at is null", (org_id,))
        return self._organization_after_write(org_id)

    def _organization_after_write(self, org_id: UUID) -> Row:
        row = self.organization(org_id)
        if row is None:  # RLS hid it meanwhile (the caller lost their membership in a concurrent request)
            raise OrganizationNotFound()
        return row

    def create_period(self, org_id: UUID, name: str, starts_on: date, ends_on: date, status: str) -> UUID:
        # No RETURNING: the creator of a new organization may read its periods only once their
        # membership exists, which needs the period first.
        period_id = uuid.uuid4()
        self._tx.execute(
            "insert into organization_service.periods (id, organization_id, name, starts_on, ends_on, status)"
            " values (%s, %s, %s, %s, %s, %s)", (period_id, org_id, name, starts_on, ends_on, status))
        return period_id

    def period(self, org_id: UUID, period_id: UUID) -> Row | None:
        return self._one("select * from organization_service.periods where organization_id = %s and id = %s",
                         (org_id, period_id))

    def active_period(self, org_id: UUID) -> Row | None:
        return self._one("select * from organization_service.periods where organization_id = %s"
                         " and status = 'aktif'", (org_id,))

    def periods(self, org_id: UUID) -> list[Row]:
        return self._all("select * from organization_service.periods where organization_id = %s"
                         " order by starts_on desc, id", (org_id,))

    def activate_period(self, org_id: UUID, period_id: UUID) -> None:
        # Lock the organization's periods first: two activations at once wait for each other.
        self._tx.execute("select id from organization_service.periods where organization_id = %s for update",
                         (org_id,))
        # One statement: the policies judge both rows by the board of the period active before it.
        self._tx.execute(
            "update organization_service.periods set status = case when id = %s then 'aktif' else 'selesai' end"
            " where organization_id = %s and (id = %s or status = 'aktif')", (period_id, org_id, period_id))

    def add_membership(self, org_id: UUID, period_id: UUID, user_id: UUID, role: str) -> None:
        self._tx.execute(
            "insert into organization_service.memberships (organization_id, period_id, user_id, role)"
            " values (%s, %s, %s, %s)",
            (org_id, period_id, user_id, role))

    def has_active_ketua(self, period_id: UUID) -> bool:
        return self._one("select 1 from organization_service.memberships where period_id = %s"
                         " and role = 'ketua' and active", (period_id,)) is not None

    def is_active_member(self, period_id: UUID, user_id: UUID) -> bool:
        return self._one("select 1 from organization_service.memberships where period_id = %s"
                         " and user_id = %s and active", (period_id, user_id)) is not None

    def create_department(self, org_id: UUID, period_id: UUID, fields: Row) -> Row:
        columns = ["organization_id", "period_id", *fields]
        query = sql.SQL("insert into organization_service.departments ({}) values ({}) returning id").format(
            sql.SQL(", ").join(map(sql.Identifier, columns)),
            sql.SQL(", ").join(sql.Placeholder(c) for c in columns))
        try:
            row = self._one(query, {**fields, "organization_id": org_id, "period_id": period_id})
        except psycopg.errors.UniqueViolation as error:
            raise DepartmentCodeTaken() from error
        assert row is not None
        created = self.department(org_id, row["id"])
        assert created is not None
        return created

    def department(self, org_id: UUID, department_id: UUID) -> Row | None:
        return self._one(_DEPARTMENT_SELECT + " where d.organization_id = %s and d.id = %s", (org_id, department_id))

    def departments(self, org_id: UUID, period_id: UUID) -> list[Row]:
        return self._all(_DEPARTMENT_SELECT + " where d.organization_id = %s and d.period_id = %s"
                         " order by d.is_core desc, d.name, d.id", (org_id, period_id))

    def update_department(self, department_id: UUID, changes: Row) -> Row:
        query = sql.SQL("update organization_service.departments set {}, updated_at = now() where id = {}"
                        " returning organization_id").format(_assignments(changes), sql.Placeholder("id"))
        try:
            row = self._one(query, {**changes, "id": department_id})
        except psycopg.errors.UniqueViolation as error:
            raise DepartmentCodeTaken() from error
        updated = self.department(row["organization_id"], department_id) if row else None
        if updated is None:  # RLS hid it meanwhile
            raise DepartmentNotFound()
        return updated

    def delete_department(self, department_id: UUID) -> None:
        try:
            self._tx.execute("delete from organization_service.departments where id = %s", (department_id,))
        except psycopg.errors.ForeignKeyViolation as error:  # former members still name it
            raise DepartmentNotEmpty() from error

    def members(self, org_id: UUID, period_id: UUID, filters: Row, after: Row | None, limit: int) -> list[Row]:
        conditions = [sql.SQL("organization_id = {}").format(sql.Placeholder("org")),
                      sql.SQL("period_id = {}").format(sql.Placeholder("period")), *_equal_to(filters)]
        if after is not None:
            conditions.append(sql.SQL("(joined_at, id) > ({}, {})").format(
                sql.Placeholder("after_joined_at"), sql.Placeholder("after_id")))
        page = sql.SQL("select * from organization_service.memberships where {} order by joined_at, id"
                       " limit {}").format(sql.SQL(" and ").join(conditions), sql.Placeholder("limit"))
        query = _with_people(page) + sql.SQL(" order by m.joined_at, m.id")
        params = {**filters, "org": org_id, "period": period_id, "limit": limit}
        if after is not None:
            params |= {"after_joined_at": after["joined_at"], "after_id": after["id"]}
        return self._all(query, params)

    def membership(self, org_id: UUID, membership_id: UUID) -> Row | None:
        return self._one(_with_people(sql.SQL("select * from organization_service.memberships"
                                              " where organization_id = %s and id = %s")), (org_id, membership_id))

    def my_membership(self, org_id: UUID, period_id: UUID) -> Row | None:
        return self._one("select * from organization_service.memberships where organization_id = %s"
                         " and period_id = %s and user_id = (select auth.uid()) and active", (org_id, period_id))

    def update_membership(self, membership_id: UUID, changes: Row) -> Row:
        query = _with_people(sql.SQL("update organization_service.memberships set {} where id = {} returning *").format(
            _assignments(changes), sql.Placeholder("id")))
        row = self._one(query, {**changes, "id": membership_id})
        if row is None:  # RLS hid it meanwhile (a concurrent change of the caller's role)
            raise MemberNotFound()
        return row

    def period_is_open(self, period_id: UUID) -> bool:
        row = self._one("select organization_service.period_is_open(%s) as open", (period_id,))
        return bool(row and row["open"])

    def active_ketua_count(self, period_id: UUID) -> int:
        # Locks the ketuas' rows: two of them stepping down at once cannot both pass the count.
        return len(self._all("select id from organization_service.memberships where period_id = %s"
                             " and role = 'ketua' and active for update", (period_id,)))

    # ---- invitations ----

    def create_invitation(self, fields: Row, expires_in_days: int) -> Row:
        query = sql.SQL("insert into organization_service.invitations ({}, expires_at) values ({},"
                        " now() + make_interval(days => {})) returning organization_id, id").format(
            sql.SQL(", ").join(map(sql.Identifier, fields)),
            sql.SQL(", ").join(sql.Placeholder(c) for c in fields), sql.Placeholder("expires_in_days"))
        row = self._one(query, {**fields, "expires_in_days": expires_in_days})
        assert row is not None
        created = self.invitation(row["organization_id"], row["id"])
        assert created is not None
        return created

    def invitation(self, org_id: UUID, invitation_id: UUID) -> Row | None:
        return self._one(_INVITATION_SELECT + " where i.organization_id = %s and i.id = %s", (org_id, invitation_id))

    def invitations(self, org_id: UUID, filters: Row, after: Row | None, limit: int) -> list[Row]:
        conditions = [sql.SQL("organization_id = {}").format(sql.Placeholder("org")), *_equal_to(filters)]
        if after is not None:
            conditions.append(sql.SQL("(created_at, id) < ({}, {})").format(
                sql.Placeholder("after_created_at"), sql.Placeholder("after_id")))
        query = sql.SQL(_INVITATION_SELECT + " where {} order by created_at desc, id desc limit {}").format(
            sql.SQL(" and ").join(conditions), sql.Placeholder("limit"))
        params = {**filters, "org": org_id, "limit": limit}
        if after is not None:
            params |= {"after_created_at": after["created_at"], "after_id": after["id"]}
        return self._all(query, params)

    def has_pending_invitation(self, period_id: UUID, email: str) -> bool:
        return self._one(_INVITATION_SELECT + " where i.period_id = %s and i.email = %s and i.status = 'pending'",
                         (period_id, email)) is not None

    def revoke_invitation(self, invitation_id: UUID) -> None:
        self._tx.execute("update organization_service.invitations set revoked_at = now() where id = %s",
                         (invitation_id,))

    def my_invitations(self) -> list[Row]:
        return self._all("select * from organization_service.my_invitations()")

    def answer_invitation(self, invitation_id: UUID | None, code: str | None, answer: str) -> Row:
        """``{outcome, organization, membership}``: see organization_service.answer_invitation."""
        row = self._one("select * from organization_service.answer_invitation(%s, %s, %s)",
                        (invitation_id, code, answer))
        assert row is not None
        return row

    def email_is_verified(self) -> bool:
        """Whether the caller proved the address of their token (the auth service's published contract)."""
        row = self._one("select auth_service.email_is_verified() as verified")
        return bool(row and row["verified"])


@contextmanager
def org_store(actor: Actor) -> Iterator[PostgresOrgStore]:
    """The caller's transaction (as ``authenticated``, RLS applies) with this service's store."""
    with user_transaction(actor) as tx:
        yield PostgresOrgStore(tx)
