"""SQL of the program service. Every query runs as the caller (RLS applies); rows are dicts of
column values, turned into wire models by the service. What it asks about organizations goes
through organization_service's SQL contract."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol
from uuid import UUID

import psycopg.errors
from psycopg import sql

from functions.programs.errors import ProgramCodeTaken
from shared.identity import Actor, user_transaction
from shared.store import Row, SqlStore, contains_pattern


class ProgramStore(Protocol):
    def commit(self) -> None: ...
    def standing(self, org_id: UUID, period_id: UUID | None) -> Row: ...
    def is_active_member(self, org_id: UUID, period_id: UUID, user_id: UUID) -> bool: ...
    def department_in(self, org_id: UUID, period_id: UUID, department_id: UUID) -> bool: ...
    def create_program(self, fields: Row) -> Row: ...
    def program(self, program_id: UUID) -> Row | None: ...
    def update_program(self, program_id: UUID, changes: Row, version: int, note: str | None = None) -> Row | None: ...
    def delete_program(self, program_id: UUID, version: int) -> bool: ...
    def programs(self, filters: Row, q: str | None, after: Row | None, limit: int) -> list[Row]: ...
    def history(self, program_id: UUID) -> list[Row]: ...


class PostgresProgramStore(SqlStore):
    def standing(self, org_id: UUID, period_id: UUID | None) -> Row:
        """The caller in an organization (one statement): ``member`` (of any period), ``role`` in
        ``period_id``, ``headed`` (departments they head in it) and whether the period is ``open``."""
        row = self._one(
            "select organization_service.is_member(%(org)s) as member,"
            " organization_service.my_role(%(org)s, %(period)s) as role,"
            " coalesce(array(select organization_service.departments_headed(%(org)s, null, %(period)s)),"
            "          '{}') as headed,"
            " coalesce(organization_service.period_is_open(%(period)s), false) as open",
            {"org": org_id, "period": period_id})
        assert row is not None
        return row

    def department_in(self, org_id: UUID, period_id: UUID, department_id: UUID) -> bool:
        row = self._one("select organization_service.department_in(%s, %s, %s) as found",
                        (org_id, period_id, department_id))
        return bool(row and row["found"])

    def is_active_member(self, org_id: UUID, period_id: UUID, user_id: UUID) -> bool:
        row = self._one("select organization_service.member_role(%s, %s, %s) is not null as member",
                        (org_id, user_id, period_id))
        return bool(row and row["member"])

    def create_program(self, fields: Row) -> Row:
        query = sql.SQL("insert into program_service.programs ({}) values ({}) returning *").format(
            sql.SQL(", ").join(map(sql.Identifier, fields)), sql.SQL(", ").join(map(sql.Placeholder, fields)))
        try:
            row = self._one(query, fields)
        except psycopg.errors.UniqueViolation as error:
            raise ProgramCodeTaken() from error
        assert row is not None
        return row

    def program(self, program_id: UUID) -> Row | None:
        return self._one("select * from program_service.programs where id = %s", (program_id,))

    def update_program(self, program_id: UUID, changes: Row, version: int, note: str | None = None) -> Row | None:
        """Apply ``changes`` to version ``version``; None when the program is not at that version any more
        (a concurrent change won: the row lock makes the loser re-check the version after it)."""
        self._tx.execute("select set_config('program_service.note', %s, true)", (note or "",))
        query = sql.SQL("update program_service.programs set {} where id = {} and version = {} returning *").format(
            sql.SQL(", ").join(sql.SQL("{} = {}").format(sql.Identifier(c), sql.Placeholder(c)) for c in changes),
            sql.Placeholder("_id"), sql.Placeholder("_version"))
        try:
            return self._one(query, {**changes, "_id": program_id, "_version": version})
        except psycopg.errors.UniqueViolation as error:
            raise ProgramCodeTaken() from error

    def delete_program(self, program_id: UUID, version: int) -> bool:
        cursor = self._tx.execute("delete from program_service.programs where id = %s and version = %s",
                                  (program_id, version))
        return cursor.rowcount == 1

    def programs(self, filters: Row, q: str | None, after: Row | None, limit: int) -> list[Row]:
        """One statement whatever the page size; RLS keeps it to the caller's organizations."""
        conditions: list[sql.Composable] = [
            sql.SQL("organization_id in (select organization_service.my_organizations())")]
        params: Row = {"limit": limit}
        for column, value in filters.items():
            if value is not None:
                conditions.append(sql.SQL("{} = {}").format(sql.Identifier(column), sql.Placeholder(column)))
                params[column] = value
        if q:
            conditions.append(sql.SQL("(name ilike %(q)s or description ilike %(q)s)"))
            params["q"] = contains_pattern(q)
        if after is not None:
            conditions.append(sql.SQL("(created_at, id) < (%(after_created_at)s, %(after_id)s)"))
            params |= {"after_created_at": after["created_at"], "after_id": after["id"]}
        query = sql.SQL("select * from program_service.programs where {} order by created_at desc, id desc"
                        " limit %(limit)s").format(sql.SQL(" and ").join(conditions))
        return self._all(query, params)

    def history(self, program_id: UUID) -> list[Row]:
        return self._all("select * from program_service.program_status_history where program_id = %s order by id",
                         (program_id,))


@contextmanager
def program_store(actor: Actor) -> Iterator[PostgresProgramStore]:
    """The caller's transaction (as ``authenticated``, RLS applies) with this service's store."""
    with user_transaction(actor) as tx:
        yield PostgresProgramStore(tx)
