"""SQL of the handover between periods and of the departments' handover notes. Every query runs as the caller
(RLS applies: the board inserts into the next period, the note's writers are the database's to judge too). It
extends the organization store: the use cases check the caller and the periods through it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol
from uuid import UUID

from functions.orgs.repository import OrgStore, PostgresOrgStore
from shared.identity import Actor, user_transaction
from shared.store import Row


class HandoverStore(OrgStore, Protocol):
    def active_members(self, period_id: UUID, user_ids: list[UUID]) -> dict[UUID, Row]: ...
    def carry_departments(self, from_period: UUID, to_period: UUID, department_ids: list[UUID]) -> int: ...
    def counterparts(self, from_period: UUID, to_period: UUID) -> dict[UUID, UUID]: ...
    def carry_members(self, org_id: UUID, to_period: UUID, members: list[Row]) -> int: ...
    def set_heads(self, heads: dict[UUID, UUID]) -> None: ...
    def handover_note(self, org_id: UUID, department_id: UUID) -> Row | None: ...
    def save_handover_note(self, department_id: UUID, texts: Row, version: int) -> bool: ...


class PostgresHandoverStore(PostgresOrgStore):
    def active_members(self, period_id: UUID, user_ids: list[UUID]) -> dict[UUID, Row]:
        rows = self._all("select user_id, role, department_id, position_title from organization_service.memberships"
                         " where period_id = %s and active and user_id = any(%s)", (period_id, user_ids))
        return {row["user_id"]: row for row in rows}

    def carry_departments(self, from_period: UUID, to_period: UUID, department_ids: list[UUID]) -> int:
        """A copy in ``to_period`` of each department named, unless that period has one with its code already."""
        cursor = self._tx.execute(
            "insert into organization_service.departments (organization_id, period_id, name, code, description,"
            " is_core, previous_department_id)"
            " select d.organization_id, %(to)s, d.name, d.code, d.description, d.is_core, d.id"
            " from organization_service.departments d"
            " where d.period_id = %(from)s and d.id = any(%(ids)s)"
            "   and not exists (select 1 from organization_service.departments t"
            "                   where t.period_id = %(to)s and lower(t.code) = lower(d.code))",
            {"from": from_period, "to": to_period, "ids": department_ids})
        return cursor.rowcount

    def counterparts(self, from_period: UUID, to_period: UUID) -> dict[UUID, UUID]:
        """Each department of ``from_period`` that ``to_period`` continues (the same code): old id -> new id."""
        rows = self._all(
            "select d.id as old, t.id as new from organization_service.departments d"
            " join organization_service.departments t on t.period_id = %s and lower(t.code) = lower(d.code)"
            " where d.period_id = %s", (to_period, from_period))
        return {row["old"]: row["new"] for row in rows}

    def carry_members(self, org_id: UUID, to_period: UUID, members: list[Row]) -> int:
        """A membership in ``to_period`` for each of ``members`` (user_id, role, department_id, position_title) who
        has none there."""
        cursor = self._tx.execute(
            "insert into organization_service.memberships (organization_id, period_id, user_id, role, department_id,"
            " position_title)"
            " select %s, %s, m.user_id, m.role, m.department_id, m.position_title"
            " from unnest(%s::uuid[], %s::text[], %s::uuid[], %s::text[])"
            "   as m (user_id, role, department_id, position_title)"
            " on conflict (period_id, user_id) do nothing",
            (org_id, to_period, [m["user_id"] for m in members], [m["role"] for m in members],
             [m["department_id"] for m in members], [m["position_title"] for m in members]))
        return cursor.rowcount

    def set_heads(self, heads: dict[UUID, UUID]) -> None:
        if heads:
            self._tx.execute(
                "update organization_service.departments d set head_user_id = h.head, updated_at = now()"
                " from unnest(%s::uuid[], %s::uuid[]) as h (id, head) where d.id = h.id",
                (list(heads), list(heads.values())))

    def handover_note(self, org_id: UUID, department_id: UUID) -> Row | None:
        """The department (its period) with its note, if written, and whether the caller may write it; none
        when the caller may not see the department."""
        return self._one(
            "select d.id as department_id, d.period_id, to_jsonb(n) as note,"
            " organization_service.may_write_handover_note(d.organization_id, d.period_id, d.id) as may_edit"
            " from organization_service.departments d"
            " left join organization_service.handover_notes n on n.department_id = d.id"
            " where d.organization_id = %s and d.id = %s", (org_id, department_id))

    def save_handover_note(self, department_id: UUID, texts: Row, version: int) -> bool:
        """Write the note if it is still at ``version`` (0: not written yet); False when it changed meanwhile."""
        if version == 0:
            row = self._one(
                "insert into organization_service.handover_notes (department_id, organization_id, period_id,"
                " worked, did_not_work, contacts, whereabouts, updated_by)"
                " select %(department)s, d.organization_id, d.period_id, %(worked)s, %(did_not_work)s, %(contacts)s,"
                " %(whereabouts)s, (select auth.uid()) from organization_service.departments d"
                " where d.id = %(department)s on conflict (department_id) do nothing returning version",
                {**texts, "department": department_id})
        else:
            row = self._one(
                "update organization_service.handover_notes set worked = %(worked)s,"
                " did_not_work = %(did_not_work)s, contacts = %(contacts)s, whereabouts = %(whereabouts)s"
                " where department_id = %(department)s and version = %(version)s returning version",
                {**texts, "department": department_id, "version": version})
        return row is not None


@contextmanager
def handover_store(actor: Actor) -> Iterator[PostgresHandoverStore]:
    """The caller's transaction (as ``authenticated``, RLS applies) with the handover's store."""
    with user_transaction(actor) as tx:
        yield PostgresHandoverStore(tx)
