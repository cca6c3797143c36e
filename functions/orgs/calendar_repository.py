"""SQL of an organization's academic calendar. Every query runs as the caller (RLS applies). It extends the
organization store: the use cases check the caller through it too."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Protocol
from uuid import UUID

from functions.orgs.repository import OrgStore, PostgresOrgStore
from shared.identity import Actor, user_transaction
from shared.store import Row


class CalendarStore(OrgStore, Protocol):
    def calendar_ranges(self, org_id: UUID, starts_on: date, ends_on: date) -> list[Row]: ...
    def create_calendar_range(self, org_id: UUID, fields: Row) -> Row: ...
    def delete_calendar_range(self, org_id: UUID, range_id: UUID) -> bool: ...


class PostgresCalendarStore(PostgresOrgStore):
    def calendar_ranges(self, org_id: UUID, starts_on: date, ends_on: date) -> list[Row]:
        return self._all("select * from organization_service.calendar_ranges where organization_id = %s"
                         " and starts_on <= %s and ends_on >= %s order by starts_on, name",
                         (org_id, ends_on, starts_on))

    def create_calendar_range(self, org_id: UUID, fields: Row) -> Row:
        row = self._one("insert into organization_service.calendar_ranges (organization_id, name, kind, starts_on,"
                        " ends_on) values (%(org)s, %(name)s, %(kind)s, %(starts_on)s, %(ends_on)s) returning *",
                        {**fields, "org": org_id})
        assert row is not None
        return row

    def delete_calendar_range(self, org_id: UUID, range_id: UUID) -> bool:
        cursor = self._tx.execute("delete from organization_service.calendar_ranges where organization_id = %s"
                                  " and id = %s", (org_id, range_id))
        return cursor.rowcount == 1


@contextmanager
def calendar_store(actor: Actor) -> Iterator[PostgresCalendarStore]:
    """The caller's transaction (as ``authenticated``, RLS applies) with the calendar's store."""
    with user_transaction(actor) as tx:
        yield PostgresCalendarStore(tx)
