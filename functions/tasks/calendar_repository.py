"""SQL of the personal calendar feed. The user's own requests run as the user (RLS: their row only); a
calendar app's fetch first asks ``task_service.calendar_feed_owner`` as ``anon`` whose feed the token's
hash opens, then reads that user's items in a read-only transaction as that user, through the same
policies and contracts as the user's own requests (docs/decisions/0017-calendar-feeds.md)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol
from uuid import UUID

from shared import db
from shared.identity import Actor, user_transaction
from shared.store import Row, SqlStore
from shared.vocabulary import OPEN_TASK_STATUSES

MAX_TASKS = 2000
"""A bound on one feed's tasks (soonest due first): a calendar app polls it, a person reads a few dozen."""


class CalendarStore(Protocol):
    def commit(self) -> None: ...
    def feed(self) -> Row | None: ...
    def replace_feed(self, token_hash: bytes) -> Row: ...
    def delete_feed(self) -> bool: ...


class FeedReader(Protocol):
    def owner_name(self) -> str | None: ...
    def tasks(self) -> list[Row]: ...
    def programs(self) -> list[Row]: ...


class PostgresCalendarStore(SqlStore):
    def feed(self) -> Row | None:
        return self._one("select created_at, last_fetched_at from task_service.calendar_feeds"
                         " where user_id = (select auth.uid())")

    def replace_feed(self, token_hash: bytes) -> Row:
        """Make the caller's feed, or give it a new hash (the old one opens nothing from now on)."""
        # the hash given twice: reading excluded.token_hash would need SELECT on it, which nobody has
        row = self._one("insert into task_service.calendar_feeds (user_id, token_hash)"
                        " values ((select auth.uid()), %(hash)s) on conflict (user_id) do update"
                        " set token_hash = %(hash)s, created_at = now(), last_fetched_at = null"
                        " returning created_at, last_fetched_at", {"hash": token_hash})
        assert row is not None
        return row

    def delete_feed(self) -> bool:
        cursor = self._tx.execute("delete from task_service.calendar_feeds where user_id = (select auth.uid())")
        return cursor.rowcount == 1


@contextmanager
def calendar_store(actor: Actor) -> Iterator[PostgresCalendarStore]:
    with user_transaction(actor) as tx:
        yield PostgresCalendarStore(tx)


def feed_owner(token_hash: bytes) -> UUID | None:
    """Whose feed this hash opens, as ``anon``: the one thing a calendar app may ask without our token."""
    with db.transaction("anon") as tx:
        row = tx.execute("select task_service.calendar_feed_owner(%s) as owner", (token_hash,)).fetchone()
        tx.commit()  # keeps last_fetched_at
    return row["owner"] if row else None


def public_schedule(org_id: UUID) -> Row | None:
    """An organization's public schedule, as ``anon``: null unless its board switched it on
    (program_service.public_schedule, the one thing of that schema anon may execute)."""
    with db.transaction("anon") as tx:
        row = tx.execute("select program_service.public_schedule(%s) as schedule", (org_id,)).fetchone()
    return row["schedule"] if row else None


class PostgresFeedReader(SqlStore):
    """The feed's items, read as its owner: what the owner could read through the API, nothing more."""

    def owner_name(self) -> str | None:
        row = self._one("select n.display_name from user_service.display_names(array[(select auth.uid())]) n")
        return row["display_name"] if row else None

    def tasks(self) -> list[Row]:
        """My open tasks with a due date (assigned to me, in organizations I am an active member of: RLS),
        each with its program's name (program_service.program_facts, once per program); none of a program
        dibatalkan or ditolak."""
        return self._all(
            "with mine as materialized ("
            "  select t.id, t.program_id, t.title, t.status, t.due_date, t.updated_at from task_service.tasks t"
            "  where t.id = any (array(select a.task_id from task_service.task_assignees a"
            "                          where a.user_id = (select auth.uid())))"
            "    and t.due_date is not null and t.status = any (%s)"
            "  order by t.due_date, t.id limit %s"
            "), programs as materialized ("
            "  select p.id, f.name, f.status from (select distinct program_id as id from mine) p"
            "  cross join lateral program_service.program_facts(p.id) f"
            ")"
            " select m.*, p.name as program_name from mine m left join programs p on p.id = m.program_id"
            " where p.status is distinct from 'dibatalkan' and p.status is distinct from 'ditolak'"
            " order by m.due_date, m.id", (list(OPEN_TASK_STATUSES), MAX_TASKS))

    def programs(self) -> list[Row]:
        """The programs of my organizations' active periods that I lead (PJ) or serve on the committee of,
        but not dibatalkan or ditolak, with their milestones (program_service's contracts only)."""
        return self._all(
            "with periods as materialized ("
            "  select o.id, organization_service.active_period(o.id) as period_id"
            "  from organization_service.my_organizations() as o(id)"
            "), programs as materialized ("
            "  select p.* from periods o cross join lateral program_service.report_programs(o.id, o.period_id) p"
            "  where o.period_id is not null and p.status not in ('dibatalkan', 'ditolak')"
            "), mine as materialized ("
            "  select p.*, p.person_in_charge is not distinct from (select auth.uid()) as in_charge from programs p"
            "  where p.person_in_charge = (select auth.uid())"
            "     or (select auth.uid()) in (select program_service.committee_of(p.id))"
            ")"
            " select m.id, m.name, m.status, m.planned_start, m.planned_end, m.in_charge,"
            "        (f.facts -> 'program' ->> 'updated_at')::timestamptz as updated_at,"
            "        coalesce(f.facts -> 'milestones', '[]') as milestones"
            " from mine m cross join lateral (select program_service.report_facts(m.id) as facts) f"
            " order by m.planned_start nulls last, m.id")


@contextmanager
def feed_reader(owner: UUID) -> Iterator[PostgresFeedReader]:
    """A read-only transaction as the feed's owner. Their claims carry no session (the feed outlives
    sign-outs, as a calendar subscription does) and say what the transaction is for."""
    claims = {"sub": str(owner), "role": "authenticated", "aud": "authenticated", "purpose": "calendar_feed"}
    with db.transaction("authenticated", claims) as tx:
        tx.execute("set transaction read only")
        yield PostgresFeedReader(tx)
