"""SQL of the task service. Every query runs as the caller (RLS applies); rows are dicts of column
values, turned into wire models by the service. What it asks about programs goes through
program_service's SQL contract, about organizations through organization_service's."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol
from uuid import UUID

from psycopg import sql

from shared.identity import Actor, user_transaction
from shared.store import Row, SqlStore, column_equals, contains_pattern


class TaskStore(Protocol):
    def commit(self) -> None: ...
    def programs(self, program_ids: list[UUID]) -> dict[UUID, Row]: ...
    def milestone_in(self, program_id: UUID, milestone_id: UUID) -> bool: ...
    def assignable(self, org_id: UUID, period_id: UUID, user_ids: list[UUID]) -> set[UUID]: ...
    def create_task(self, fields: Row) -> UUID: ...
    def task(self, task_id: UUID) -> Row | None: ...
    def tasks_by_id(self, task_ids: list[UUID]) -> dict[UUID, Row]: ...
    def update_task(self, task_id: UUID, changes: Row, version: int, note: str | None = None) -> bool: ...
    def transition_tasks(self, versions: dict[UUID, int], to: str, note: str | None) -> int: ...
    def delete_task(self, task_id: UUID, version: int) -> bool: ...
    def change_assignees(self, task_id: UUID, add: list[UUID], remove: list[UUID]) -> None: ...
    def tasks(self, filters: Row, after: Row | None, limit: int) -> list[Row]: ...
    def history(self, task_id: UUID) -> list[Row]: ...
    def create_comment(self, task_id: UUID, author_id: UUID, body: str) -> Row: ...
    def comments(self, task_id: UUID, after: Row | None, limit: int) -> list[Row]: ...


# A task as the API shows it: the row, whether it is late (against its organization's own today,
# computed once per organization of the caller), its assignees and their names (the users service's
# user_service.display_names, asked once for the whole page), all in one statement, so a list costs
# one statement whatever its length. ``where`` and ``tail`` (order and limit) choose the tasks.
_TASKS = """
with days as materialized (
  select o.id as organization_id, organization_service.local_today(o.id) as today
  from organization_service.my_organizations() as o(id)
), page as (
  select t.*,
         coalesce(t.due_date < d.today and t.status not in ('selesai', 'dibatalkan'), false) as late,
         array(select a.user_id from task_service.task_assignees a where a.task_id = t.id
               order by a.assigned_at, a.user_id) as assignees
  from task_service.tasks t join days d on d.organization_id = t.organization_id
  {where} {tail}
), names as materialized (
  select n.user_id, n.display_name
  from user_service.display_names(array(select distinct u.id from page p cross join unnest(p.assignees) as u(id))) n
)
select t.*, coalesce(x.people, '[]') as assignee_people
from page t left join (  -- one aggregate for the page, not a subquery per task
  select p.id, jsonb_agg(jsonb_build_object('user_id', a.id, 'display_name', n.display_name) order by a.position)
         as people
  from page p cross join unnest(p.assignees) with ordinality as a(id, position) left join names n on n.user_id = a.id
  group by p.id
) x on x.id = t.id
"""


def _tasks(where: sql.Composable, tail: sql.Composable | None = None) -> sql.Composed:
    return sql.SQL(_TASKS).format(where=where, tail=tail or sql.SQL(""))


_LATE = sql.SQL("coalesce(t.due_date < d.today and t.status not in ('selesai', 'dibatalkan'), false)")
# Lists run soonest due first, tasks without a due date last.
_ORDER = sql.SQL("(coalesce(t.due_date, 'infinity'::date), t.id)")


class PostgresTaskStore(SqlStore):
    def programs(self, program_ids: list[UUID]) -> dict[UUID, Row]:
        """The facts of each program the caller may see, with the caller's standing in its period
        (``role``, departments ``headed``, whether the period is ``open``): one statement."""
        rows = self._all(
            "select p.id, f.organization_id, f.period_id, f.department_id, f.person_in_charge, f.status,"
            " f.planned_start, f.planned_end,"
            " organization_service.my_role(f.organization_id, f.period_id) as role,"
            " coalesce(array(select organization_service.departments_headed(f.organization_id, null, f.period_id)),"
            "          '{}') as headed,"
            " coalesce(organization_service.period_is_open(f.period_id), false) as open"
            " from unnest(%s::uuid[]) as p(id) cross join lateral program_service.program_facts(p.id) f",
            (program_ids,))
        return {row["id"]: row for row in rows}

    def milestone_in(self, program_id: UUID, milestone_id: UUID) -> bool:
        row = self._one("select program_service.milestone_in(%s, %s) as found", (program_id, milestone_id))
        return bool(row and row["found"])

    def assignable(self, org_id: UUID, period_id: UUID, user_ids: list[UUID]) -> set[UUID]:
        """Those of ``user_ids`` who are active members of the period, other than its pembina."""
        rows = self._all("select u.id from unnest(%(users)s::uuid[]) as u(id)"
                         " where organization_service.member_role(%(org)s, u.id, %(period)s) <> 'pembina'",
                         {"users": user_ids, "org": org_id, "period": period_id})
        return {row["id"] for row in rows}

    def create_task(self, fields: Row) -> UUID:
        """Insert a task; its organization and period are copied from its program by trigger."""
        query = sql.SQL("insert into task_service.tasks ({}) values ({}) returning id").format(
            sql.SQL(", ").join(map(sql.Identifier, fields)), sql.SQL(", ").join(map(sql.Placeholder, fields)))
        row = self._one(query, fields)
        assert row is not None
        return UUID(str(row["id"]))

    def task(self, task_id: UUID) -> Row | None:
        """One task, with the ranges of its organization's academic calendar that its start date or due date
        falls on (``calendar_ranges``; organization_service's contract), in the same statement."""
        return self._one(sql.SQL(
            "select v.*, (select coalesce(jsonb_agg(to_jsonb(c)), '[]')"
            " from organization_service.calendar_ranges_between(v.organization_id,"
            " coalesce(v.start_date, v.due_date), coalesce(v.due_date, v.start_date)) c) as calendar_ranges"
            " from ({}) v").format(_tasks(sql.SQL("where t.id = %s"))), (task_id,))

    def tasks_by_id(self, task_ids: list[UUID]) -> dict[UUID, Row]:
        return {row["id"]: row for row in self._all(_tasks(sql.SQL("where t.id = any(%s)")), (task_ids,))}

    def _note(self, note: str | None) -> None:
        self._tx.execute("select set_config('task_service.note', %s, true)", (note or "",))

    def update_task(self, task_id: UUID, changes: Row, version: int, note: str | None = None) -> bool:
        """Apply ``changes`` to version ``version``; False when the task is not at that version any more
        (a concurrent change won: the row lock makes the loser re-check the version after it). Without
        changes, only the version moves (the task's assignees changed)."""
        self._note(note)
        assignments = sql.SQL(", ").join(column_equals(changes)) if changes else sql.SQL("updated_at = now()")
        query = sql.SQL("update task_service.tasks set {} where id = %(_id)s and version = %(_version)s").format(
            assignments)
        return self._tx.execute(query, {**changes, "_id": task_id, "_version": version}).rowcount == 1

    def transition_tasks(self, versions: dict[UUID, int], to: str, note: str | None) -> int:
        """Move every task at its given version to ``to`` in one statement; how many were."""
        self._note(note)
        cursor = self._tx.execute(
            "update task_service.tasks t set status = %s from unnest(%s::uuid[], %s::integer[]) as v(id, version)"
            " where t.id = v.id and t.version = v.version", (to, list(versions), list(versions.values())))
        return cursor.rowcount

    def delete_task(self, task_id: UUID, version: int) -> bool:
        cursor = self._tx.execute("delete from task_service.tasks where id = %s and version = %s", (task_id, version))
        return cursor.rowcount == 1

    def change_assignees(self, task_id: UUID, add: list[UUID], remove: list[UUID]) -> None:
        if remove:
            self._tx.execute("delete from task_service.task_assignees where task_id = %s and user_id = any(%s)",
                             (task_id, remove))
        if add:
            self._tx.execute("insert into task_service.task_assignees (task_id, user_id, assigned_by)"
                             " select %s, u.id, (select auth.uid()) from unnest(%s::uuid[]) with ordinality as u(id, n)"
                             " order by u.n", (task_id, add))

    def tasks(self, filters: Row, after: Row | None, limit: int) -> list[Row]:
        """One statement whatever the page size. ``filters``: program_id, assignee, status, milestone_id,
        priority (equality, when not None), late (bool), due_before (date), q (text in title or
        description)."""
        conditions: list[sql.Composable] = []
        params: Row = {"limit": limit}
        for column in ("program_id", "status", "milestone_id", "priority"):
            if filters.get(column) is not None:
                conditions.append(sql.SQL("t.{} = {}").format(sql.Identifier(column), sql.Placeholder(column)))
                params[column] = filters[column]
        if filters.get("assignee") is not None:
            # The assignee's tasks, looked up by id (tasks_pkey) from their assignments (task_assignees_user):
            # what a page reads grows with the assignee's tasks, not with the organization's. As an EXISTS,
            # PostgreSQL joined the assignments with a scan of every task of the caller's organizations.
            conditions.append(sql.SQL("t.id = any (array(select a.task_id from task_service.task_assignees a"
                                      " where a.user_id = %(assignee)s))"))
            params["assignee"] = filters["assignee"]
        if filters.get("late") is not None:
            conditions.append(sql.SQL("{} = %(late)s").format(_LATE))
            params["late"] = filters["late"]
        if filters.get("due_before") is not None:
            conditions.append(sql.SQL("t.due_date < %(due_before)s"))
            params["due_before"] = filters["due_before"]
        if filters.get("q"):
            conditions.append(sql.SQL("(t.title ilike %(q)s or t.description ilike %(q)s)"))
            params["q"] = contains_pattern(filters["q"])
        if after is not None:
            conditions.append(sql.SQL("{} > (coalesce(%(after_due)s::date, 'infinity'::date), %(after_id)s)")
                              .format(_ORDER))
            params |= {"after_due": after["due_date"], "after_id": after["id"]}
        where = sql.SQL("where ") + sql.SQL(" and ").join(conditions) if conditions else sql.SQL("")
        order = sql.SQL("order by {}").format(_ORDER)
        query = _tasks(where, order + sql.SQL(" limit %(limit)s")) + sql.SQL(" ") + order
        return self._all(query, params)

    def history(self, task_id: UUID) -> list[Row]:
        return self._all("select * from task_service.task_status_history where task_id = %s order by id", (task_id,))

    def create_comment(self, task_id: UUID, author_id: UUID, body: str) -> Row:
        row = self._one(_with_author_names(sql.SQL(
            "insert into task_service.task_comments (task_id, author_id, body) values (%s, %s, %s) returning *")),
            (task_id, author_id, body))
        assert row is not None
        return row

    def comments(self, task_id: UUID, after: Row | None, limit: int) -> list[Row]:
        """One statement a page, oldest first, with the authors' names."""
        if after is None:
            page = sql.SQL("select * from task_service.task_comments where task_id = %s"
                           " order by created_at, id limit %s")
            params: tuple[object, ...] = (task_id, limit)
        else:
            page = sql.SQL("select * from task_service.task_comments where task_id = %s"
                           " and (created_at, id) > (%s, %s) order by created_at, id limit %s")
            params = (task_id, after["created_at"], after["id"], limit)
        return self._all(_with_author_names(page) + sql.SQL(" order by c.created_at, c.id"), params)


def _with_author_names(comments: sql.Composable) -> sql.Composed:
    """``comments`` (a query returning comment rows, an ``insert ... returning *`` too) with each
    author's name, through the users service's user_service.display_names, asked once for all."""
    return sql.SQL(
        "with c as ({}), names as materialized ("
        "  select * from user_service.display_names(array(select distinct author_id from c)))"
        " select c.*, n.display_name as author_name from c left join names n on n.user_id = c.author_id"
    ).format(comments)


@contextmanager
def task_store(actor: Actor) -> Iterator[PostgresTaskStore]:
    """The caller's transaction (as ``authenticated``, RLS applies) with this service's store."""
    with user_transaction(actor) as tx:
        yield PostgresTaskStore(tx)


class PostgresProgramFollowStore(SqlStore):
    """What the tasks service does to a program's tasks when the program's status changes, as
    ``service_role`` (the consumer of program.status_changed). Each change names its cause: the
    transaction settings ``task_service.cause`` (the program's event, which the status trigger
    requires for holds and resumes) and ``task_service.note`` (the history's note)."""

    def program_status(self, program_id: UUID) -> str | None:
        row = self._one("select status from program_service.program_facts(%s)", (program_id,))
        return row["status"] if row else None

    def _cause(self, event_id: UUID, note: str) -> None:
        self._tx.execute("select set_config('task_service.cause', %s, true), set_config('task_service.note', %s, true)",
                         (str(event_id), note))

    def cancel_open_tasks(self, program_id: UUID, event_id: UUID, note: str) -> list[UUID]:
        self._cause(event_id, note)
        rows = self._all("update task_service.tasks set status = 'dibatalkan'"
                         " where program_id = %s and status not in ('selesai', 'dibatalkan') returning id",
                         (program_id,))
        self._tx.execute("delete from task_service.program_holds where program_id = %s", (program_id,))
        return [row["id"] for row in rows]

    def hold_open_tasks(self, program_id: UUID, event_id: UUID, note: str) -> list[UUID]:
        """Put the program's open tasks that are not on hold yet on hold, remembering their status."""
        self._cause(event_id, note)
        rows = self._all(
            "with open as (select id, status from task_service.tasks where program_id = %(program)s"
            "              and status in ('belum_dimulai', 'dalam_progres', 'review') for update),"
            " held as (insert into task_service.program_holds (task_id, program_id, program_event_id, previous_status)"
            "          select id, %(program)s, %(event)s, status from open"
            "          on conflict (task_id) do update set program_event_id = excluded.program_event_id,"
            "            previous_status = excluded.previous_status, held_at = now() returning task_id)"
            " update task_service.tasks t set status = 'ditunda' from held where t.id = held.task_id returning t.id",
            {"program": program_id, "event": event_id})
        return [row["id"] for row in rows]

    def resume_held_tasks(self, program_id: UUID, event_id: UUID, note: str) -> list[UUID]:
        """Give the tasks this program put on hold their status back (those still on hold)."""
        self._cause(event_id, note)
        rows = self._all(
            "with released as (delete from task_service.program_holds where program_id = %s"
            "                  returning task_id, previous_status)"
            " update task_service.tasks t set status = r.previous_status from released r"
            " where t.id = r.task_id and t.status = 'ditunda' returning t.id", (program_id,))
        return [row["id"] for row in rows]
