"""SQL of what hangs off a program: its committee, milestones, budget items and activity log. Every
query runs as the caller (RLS applies). It extends the program store: the use cases read the program
and the caller's standing through it too."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol
from uuid import UUID

import psycopg.errors
from psycopg import sql

from functions.programs.errors import ChangedMeanwhile, NotACommitteeCandidate
from functions.programs.repository import PostgresProgramStore, ProgramStore
from shared.identity import Actor, user_transaction
from shared.store import Row, column_equals


class PartStore(ProgramStore, Protocol):
    def committee(self, program_id: UUID) -> list[Row]: ...
    def put_committee_member(self, program: Row, user_id: UUID, committee_role: str) -> Row: ...
    def delete_committee_member(self, program_id: UUID, user_id: UUID) -> bool: ...
    def milestones(self, program_id: UUID) -> list[Row]: ...
    def milestone(self, milestone_id: UUID) -> Row | None: ...
    def create_milestone(self, program: Row, fields: Row) -> Row: ...
    def update_milestone(self, milestone_id: UUID, changes: Row, version: int, *,
                         done: bool | None = None) -> Row | None: ...
    def delete_milestone(self, milestone_id: UUID, version: int) -> bool: ...
    def budget_items(self, program_id: UUID) -> list[Row]: ...
    def budget_item(self, item_id: UUID) -> Row | None: ...
    def budget_item_program(self, item_id: UUID) -> UUID | None: ...
    def create_budget_item(self, program: Row, fields: Row) -> Row: ...
    def update_budget_item(self, item_id: UUID, changes: Row, version: int) -> Row | None: ...
    def set_verification(self, item_id: UUID, verified: bool, version: int) -> Row | None: ...
    def delete_budget_item(self, item_id: UUID, version: int) -> bool: ...
    def activity(self, program_id: UUID, after_id: int | None, limit: int) -> list[Row]: ...


@contextmanager
def _refusals() -> Iterator[None]:
    """What the database refuses after the service allowed it can only come from a concurrent change
    (the program's status, a role, a membership): a 409, not a 500."""
    try:
        yield
    except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectNotInPrerequisiteState) as error:
        raise ChangedMeanwhile() from error


def _named(rows: sql.Composable, person: str, name: str) -> sql.Composed:
    """``rows`` (a query, an ``insert ... returning *`` too) with the display name of the user in its
    column ``person`` as ``name``, through the users service's user_service.display_names, asked once
    for all rows (null for nobody, or for someone without a profile). Its rows are ``r``."""
    return sql.SQL(
        "with r as ({rows}), names as materialized ("
        "  select * from user_service.display_names(array(select distinct {person} from r where {person} is not null)))"
        " select r.*, n.display_name as {name} from r left join names n on n.user_id = r.{person}").format(
        rows=rows, person=sql.Identifier(person), name=sql.Identifier(name))


def _assignments(changes: Row) -> sql.Composable:
    return sql.SQL(", ").join(column_equals(changes))


class PostgresPartStore(PostgresProgramStore):
    # ---- committee ----

    def committee(self, program_id: UUID) -> list[Row]:
        """One statement, with the members' names."""
        members = sql.SQL("select * from program_service.committee_members where program_id = %s")
        return self._all(_named(members, "user_id", "display_name") + sql.SQL(" order by r.created_at, r.user_id"),
                         (program_id,))

    def put_committee_member(self, program: Row, user_id: UUID, committee_role: str) -> Row:
        """Add the member, or change their committee role (one statement)."""
        try:
            with _refusals():
                row = self._one(_named(sql.SQL(
                    "insert into program_service.committee_members (program_id, organization_id, user_id,"
                    " committee_role) values (%(program)s, %(org)s, %(user)s, %(role)s)"
                    " on conflict (program_id, user_id) do update set committee_role = excluded.committee_role"
                    " returning *"), "user_id", "display_name"),
                    {"program": program["id"], "org": program["organization_id"], "user": user_id,
                     "role": committee_role})
        except psycopg.errors.CheckViolation as error:  # no longer an active member (a concurrent change)
            raise NotACommitteeCandidate() from error
        assert row is not None
        return row

    def delete_committee_member(self, program_id: UUID, user_id: UUID) -> bool:
        with _refusals():
            cursor = self._tx.execute("delete from program_service.committee_members"
                                      " where program_id = %s and user_id = %s", (program_id, user_id))
        return cursor.rowcount == 1

    # ---- milestones ----

    def milestones(self, program_id: UUID) -> list[Row]:
        return self._all("select * from program_service.milestones where program_id = %s"
                         " order by position, due_date nulls last, created_at, id", (program_id,))

    def milestone(self, milestone_id: UUID) -> Row | None:
        return self._one("select * from program_service.milestones where id = %s", (milestone_id,))

    def create_milestone(self, program: Row, fields: Row) -> Row:
        """Without a position it goes last (one more than the highest)."""
        values = {**fields, "program_id": program["id"], "organization_id": program["organization_id"]}
        position = values.pop("position", None)
        query = sql.SQL(
            "insert into program_service.milestones ({}, position) select {}, coalesce({}, (select max(position) + 1"
            " from program_service.milestones where program_id = {}), 1) returning *").format(
            sql.SQL(", ").join(map(sql.Identifier, values)), sql.SQL(", ").join(map(sql.Placeholder, values)),
            sql.Placeholder("_position"), sql.Placeholder("program_id"))
        with _refusals():
            row = self._one(query, {**values, "_position": position})
        assert row is not None
        return row

    def update_milestone(self, milestone_id: UUID, changes: Row, version: int, *,
                         done: bool | None = None) -> Row | None:
        """Apply ``changes`` to version ``version`` (``done``: mark it done now, or reopen it); None when the
        milestone is not at that version any more."""
        assignments: list[sql.Composable] = list(column_equals(changes))
        if done is not None:
            assignments.append(sql.SQL("done_at = now()") if done else sql.SQL("done_at = null"))
        query = sql.SQL("update program_service.milestones set {} where id = %(_id)s and version = %(_version)s"
                        " returning *").format(sql.SQL(", ").join(assignments))
        with _refusals():
            return self._one(query, {**changes, "_id": milestone_id, "_version": version})

    def delete_milestone(self, milestone_id: UUID, version: int) -> bool:
        with _refusals():
            cursor = self._tx.execute("delete from program_service.milestones where id = %s and version = %s",
                                      (milestone_id, version))
        return cursor.rowcount == 1

    # ---- budget items ----

    def budget_items(self, program_id: UUID) -> list[Row]:
        return self._all("select * from program_service.budget_items where program_id = %s"
                         " order by kind, created_at, id", (program_id,))

    def budget_item(self, item_id: UUID) -> Row | None:
        return self._one("select * from program_service.budget_items where id = %s", (item_id,))

    def budget_item_program(self, item_id: UUID) -> UUID | None:
        """The program of an item the caller cannot see (for members of its organization only)."""
        row = self._one("select program_service.budget_item_program(%s) as program_id", (item_id,))
        return row["program_id"] if row else None

    def create_budget_item(self, program: Row, fields: Row) -> Row:
        values = {**fields, "program_id": program["id"], "organization_id": program["organization_id"]}
        query = sql.SQL("insert into program_service.budget_items ({}) values ({}) returning *").format(
            sql.SQL(", ").join(map(sql.Identifier, values)), sql.SQL(", ").join(map(sql.Placeholder, values)))
        with _refusals():
            row = self._one(query, values)
        assert row is not None
        return row

    def update_budget_item(self, item_id: UUID, changes: Row, version: int) -> Row | None:
        """Apply ``changes`` to version ``version``; None when the item is not at that version any more."""
        query = sql.SQL("update program_service.budget_items set {} where id = %(_id)s and version = %(_version)s"
                        " returning *").format(_assignments(changes))
        with _refusals():
            return self._one(query, {**changes, "_id": item_id, "_version": version})

    def set_verification(self, item_id: UUID, verified: bool, version: int) -> Row | None:
        """Verify in the caller's name (the trigger stamps the time), or withdraw the verification."""
        verifier = sql.SQL("(select auth.uid())") if verified else sql.SQL("null")
        query = sql.SQL("update program_service.budget_items set verified_by = {}, verified_at = null"
                        " where id = %s and version = %s returning *").format(verifier)
        with _refusals():
            return self._one(query, (item_id, version))

    def delete_budget_item(self, item_id: UUID, version: int) -> bool:
        with _refusals():
            cursor = self._tx.execute("delete from program_service.budget_items where id = %s and version = %s",
                                      (item_id, version))
        return cursor.rowcount == 1

    # ---- activity ----

    def activity(self, program_id: UUID, after_id: int | None, limit: int) -> list[Row]:
        """Newest first, with the actors' names: one statement whatever the page size."""
        page = sql.SQL("select * from program_service.activity where program_id = %(program)s"
                       " and (%(after)s::bigint is null or id < %(after)s) order by id desc limit %(limit)s")
        return self._all(_named(page, "actor", "actor_name") + sql.SQL(" order by r.id desc"),
                         {"program": program_id, "after": after_id, "limit": limit})


@contextmanager
def part_store(actor: Actor) -> Iterator[PostgresPartStore]:
    """The caller's transaction (as ``authenticated``, RLS applies) with this store."""
    with user_transaction(actor) as tx:
        yield PostgresPartStore(tx)
