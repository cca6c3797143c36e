"""SQL of the program service. Every query runs as the caller (RLS applies); rows are dicts of
column values, turned into wire models by the service. What it asks about organizations goes
through organization_service's SQL contract."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol
from uuid import UUID

import psycopg.errors
from psycopg import sql

from functions.programs.errors import DepartmentNotInPeriod, PersonInChargeNotAMember, ProgramCodeTaken
from shared.errors import InvalidInput
from shared.identity import Actor, user_transaction
from shared.store import Row, SqlStore, contains_pattern
from shared.vocabulary import FINAL_PROGRAM_STATUSES, PROGRAM_STATUSES


class ProgramStore(Protocol):
    def commit(self) -> None: ...
    def standing(self, org_id: UUID, period_id: UUID | None) -> Row: ...
    def is_active_member(self, org_id: UUID, period_id: UUID, user_id: UUID) -> bool: ...
    def department_in(self, org_id: UUID, period_id: UUID, department_id: UUID) -> bool: ...
    def department_counterpart(self, department_id: UUID, period_id: UUID) -> UUID | None: ...
    def copy_budget_plan(self, target_id: UUID) -> int: ...
    def copy_milestones(self, source_id: UUID, target_id: UUID, shift_days: int | None) -> int: ...
    def create_program(self, fields: Row) -> Row: ...
    def carry_candidates(self, org_id: UUID, period_id: UUID, types: tuple[str, ...]) -> list[Row]: ...
    def copied_into(self, period_id: UUID, source_ids: list[UUID]) -> set[UUID]: ...
    def program(self, program_id: UUID) -> Row | None: ...
    def program_view(self, program_id: UUID) -> Row | None: ...
    def active_period(self, org_id: UUID) -> UUID | None: ...
    def task_count(self, program_id: UUID, milestone_id: UUID | None = None) -> int: ...
    def summary(self, org_id: UUID, period_id: UUID | None) -> Row: ...
    def update_program(self, program_id: UUID, changes: Row, version: int, note: str | None = None) -> Row | None: ...
    def delete_program(self, program_id: UUID, version: int) -> bool: ...
    def programs(self, filters: Row, q: str | None, late: bool | None, sort: str, after: Row | None,
                 limit: int) -> list[Row]: ...
    def history(self, program_id: UUID) -> list[Row]: ...


METRICS = sql.SQL(
    "m.today, m.late, m.days_to_deadline, m.progress, m.tasks_total, m.tasks_done, m.tasks_late,"
    " m.expense_actual as budget_realized")
"""The derived columns of program_service.metrics that a program's wire model shows."""
NAMES = sql.SQL("n.display_name as person_in_charge_name, d.name as department_name")
"""What a program's wire model names in a list: its PJ (from user_service.display_names, ``n``) and
its department (from organization_service.department_names, ``d``), each asked once per page."""
FINAL = sql.SQL("({})").format(sql.SQL(", ").join(map(sql.Literal, sorted(FINAL_PROGRAM_STATUSES))))
SORTS = {"created_at": ("p.created_at", "timestamptz"), "name": ("p.name", "text"),
         "planned_start": ("coalesce(p.planned_start, {missing})", "date"),
         "planned_end": ("coalesce(p.planned_end, {missing})", "date")}
"""The list's sort keys: an expression of a program ``p`` and its SQL type. A missing date sorts
last both ways ('infinity' ascending, '-infinity' descending)."""


def _sort_key(sort: str) -> tuple[sql.Composable, sql.Composable, bool]:
    """The expression, its type and whether descending, for a sort like ``-planned_end``."""
    descending = sort.startswith("-")
    expression, kind = SORTS[sort.lstrip("-")]
    missing = sql.SQL("'-infinity'::date" if descending else "'infinity'::date")
    return sql.SQL(expression).format(missing=missing), sql.SQL(kind), descending


SUMMARY = """
with asked as materialized (
  select organization_service.is_member(%(org)s::uuid) as member,
         coalesce(%(period)s::uuid, organization_service.active_period(%(org)s::uuid)) as period_id
), found as materialized (
  select a.member, a.period_id, a.period_id is not null and organization_service.period_in(%(org)s, a.period_id)
           as period_found
  from asked a
), figures as materialized (
  select m.status, m.department_id, m.budget_planned, m.late, m.progress, m.tasks_total, m.tasks_done,
         m.tasks_late, m.expense_actual
  from program_service.metrics(array(select id from program_service.programs
                                     where organization_id = %(org)s
                                       and period_id = (select period_id from found where period_found))) m
), departments as (
  select department_id, count(*) as programs, count(*) filter (where late) as late,
         round(avg(progress), 1) as progress,
         jsonb_build_object('total', sum(tasks_total), 'done', sum(tasks_done), 'late', sum(tasks_late)) as tasks,
         sum(budget_planned)::text as budget_planned, sum(expense_actual)::text as budget_realized
  from figures group by department_id
)
select (select member from found) as member, (select period_found from found) as period_found,
       %(org)s::uuid as organization_id, (select period_id from found) as period_id,
       organization_service.local_today(%(org)s) as today,
       (select count(*) from figures) as programs,
       (select jsonb_agg(jsonb_build_object('status', s.status,
                                            'programs', (select count(*) from figures f where f.status = s.status))
                         order by s.position)
        from unnest(%(statuses)s::text[]) with ordinality as s (status, position)) as by_status,
       (select count(*) from figures where late) as late,
       (select jsonb_build_object('total', coalesce(sum(tasks_total), 0), 'done', coalesce(sum(tasks_done), 0),
                                  'late', coalesce(sum(tasks_late), 0)) from figures) as tasks,
       (select coalesce(sum(budget_planned), 0) from figures) as budget_planned,
       (select coalesce(sum(expense_actual), 0) from figures) as budget_realized,
       (select round(100 * sum(expense_actual) / nullif(sum(budget_planned), 0), 1) from figures)
         as budget_realization_percent,
       (select coalesce(jsonb_agg(to_jsonb(d) order by d.department_id nulls last), '[]') from departments d)
         as departments
"""
"""One statement: whether the caller is a member and the period (the active one when none is given)
is the organization's, then program_service.metrics for the period's programs, folded per status and
department.
Rupiah inside JSON travel as text, so that they stay exact decimals (a JSON number becomes a float)."""


NAMED_BY_CONSTRAINT: dict[str, Callable[[], InvalidInput]] = {
    "programs_person_in_charge_member": PersonInChargeNotAMember,
    "programs_department_in_period": DepartmentNotInPeriod,
}
"""What program_service.programs_check_names refuses (the service asked first, so only after a concurrent
change of a membership or department), as the service's own answer."""


@contextmanager
def _names_checked() -> Iterator[None]:
    try:
        yield
    except psycopg.errors.UniqueViolation as error:
        raise ProgramCodeTaken() from error
    except psycopg.errors.CheckViolation as error:
        refusal = NAMED_BY_CONSTRAINT.get(error.diag.constraint_name or "")
        if refusal is None:
            raise
        raise refusal() from error


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

    def department_counterpart(self, department_id: UUID, period_id: UUID) -> UUID | None:
        """The department of ``period`` with the code of ``department_id`` (a department is a period's)."""
        row = self._one("select organization_service.department_counterpart(%s, %s) as id", (department_id, period_id))
        return row["id"] if row else None

    def copy_budget_plan(self, target_id: UUID) -> int:
        """The source's planned budget items into a brand-new duplicate (program_service.copy_budget_plan: none
        when the caller may not see the source's budget)."""
        row = self._one("select program_service.copy_budget_plan(%s) as copied", (target_id,))
        return int(row["copied"]) if row else 0

    def copy_milestones(self, source_id: UUID, target_id: UUID, shift_days: int | None) -> int:
        """The source's milestones (names and order; due dates moved by ``shift_days``, or none), as the caller."""
        cursor = self._tx.execute(
            "insert into program_service.milestones (program_id, organization_id, name, due_date, position)"
            " select t.id, t.organization_id, m.name, m.due_date + %(shift)s::integer, m.position"
            " from program_service.milestones m join program_service.programs t on t.id = %(target)s"
            " where m.program_id = %(source)s and m.organization_id = t.organization_id"
            " order by m.position, m.due_date, m.created_at",
            {"source": source_id, "target": target_id, "shift": shift_days})
        return cursor.rowcount

    def is_active_member(self, org_id: UUID, period_id: UUID, user_id: UUID) -> bool:
        row = self._one("select organization_service.member_role(%s, %s, %s) is not null as member",
                        (org_id, user_id, period_id))
        return bool(row and row["member"])

    def create_program(self, fields: Row) -> Row:
        query = sql.SQL("insert into program_service.programs ({}) values ({}) returning *").format(
            sql.SQL(", ").join(map(sql.Identifier, fields)), sql.SQL(", ").join(map(sql.Placeholder, fields)))
        with _names_checked():
            row = self._one(query, fields)
        assert row is not None
        return row

    def carry_candidates(self, org_id: UUID, period_id: UUID, types: tuple[str, ...]) -> list[Row]:
        """The period's programs of ``types`` that were not rejected or cancelled, oldest first."""
        return self._all("select * from program_service.programs where organization_id = %s and period_id = %s"
                         " and type = any(%s) and status not in ('ditolak', 'dibatalkan') order by created_at, id",
                         (org_id, period_id, list(types)))

    def copied_into(self, period_id: UUID, source_ids: list[UUID]) -> set[UUID]:
        """Which of ``source_ids`` have a copy in ``period_id``."""
        rows = self._all("select distinct source_program_id from program_service.programs"
                         " where period_id = %s and source_program_id = any(%s)", (period_id, source_ids))
        return {row["source_program_id"] for row in rows}

    def program(self, program_id: UUID) -> Row | None:
        return self._one("select * from program_service.programs where id = %s", (program_id,))

    def program_view(self, program_id: UUID) -> Row | None:
        """The program with what is derived about it (program_service.metrics), the names of its PJ and
        department, and the ranges of its organization's academic calendar its planned dates touch, in one
        statement."""
        # The names as scalar subqueries, not joins: joined, the planner multiplies the functions'
        # default estimates (1000 rows each) into a cost that switches JIT on (0.4 s instead of 10 ms).
        query = sql.SQL(
            "select p.*, {},"
            " (select n.display_name from user_service.display_names(array[p.person_in_charge]) n)"
            "   as person_in_charge_name,"
            " (select d.name from organization_service.department_names(array[p.department_id]) d) as department_name,"
            " (select coalesce(jsonb_agg(to_jsonb(c)), '[]') from organization_service.calendar_ranges_between("
            "   p.organization_id, coalesce(p.planned_start, p.planned_end),"
            "   coalesce(p.planned_end, p.planned_start)) c)"
            "   as calendar_ranges"
            " from program_service.programs p left join program_service.metrics(array[p.id]) m on true"
            " where p.id = %s").format(METRICS)
        return self._one(query, (program_id,))

    def task_count(self, program_id: UUID, milestone_id: UUID | None = None) -> int:
        """Its tasks (or its milestone's), of any status: an interface of ours that the tasks service implements."""
        row = self._one("select program_service.task_count(%s, %s) as tasks", (program_id, milestone_id))
        return int(row["tasks"]) if row else 0

    def active_period(self, org_id: UUID) -> UUID | None:
        row = self._one("select organization_service.active_period(%s) as period", (org_id,))
        return row["period"] if row else None

    def update_program(self, program_id: UUID, changes: Row, version: int, note: str | None = None) -> Row | None:
        """Apply ``changes`` to version ``version``; None when the program is not at that version any more
        (a concurrent change won: the row lock makes the loser re-check the version after it)."""
        self._tx.execute("select set_config('program_service.note', %s, true)", (note or "",))
        query = sql.SQL("update program_service.programs set {} where id = {} and version = {} returning *").format(
            sql.SQL(", ").join(sql.SQL("{} = {}").format(sql.Identifier(c), sql.Placeholder(c)) for c in changes),
            sql.Placeholder("_id"), sql.Placeholder("_version"))
        with _names_checked():
            return self._one(query, {**changes, "_id": program_id, "_version": version})

    def delete_program(self, program_id: UUID, version: int) -> bool:
        cursor = self._tx.execute("delete from program_service.programs where id = %s and version = %s",
                                  (program_id, version))
        return cursor.rowcount == 1

    def programs(self, filters: Row, q: str | None, late: bool | None, sort: str, after: Row | None,
                 limit: int) -> list[Row]:
        """One statement whatever the page size: the page, then the metrics of its programs, its PJs'
        names and its departments' names, each at once. RLS keeps it to the caller's organizations."""
        key, kind, descending = _sort_key(sort)
        conditions: list[sql.Composable] = [
            sql.SQL("p.organization_id in (select organization_service.my_organizations())")]
        params: Row = {"limit": limit}
        for column, value in filters.items():
            if value is not None:
                conditions.append(sql.SQL("p.{} = {}").format(sql.Identifier(column), sql.Placeholder(column)))
                params[column] = value
        if q:
            conditions.append(sql.SQL("(p.name ilike %(q)s or p.description ilike %(q)s)"))
            params["q"] = contains_pattern(q)
        if late is not None:
            conditions.append(sql.SQL(
                "coalesce(p.status not in {} and p.planned_end < organization_service.local_today(p.organization_id),"
                " false) = %(late)s").format(FINAL))
            params["late"] = late
        if after is not None:
            conditions.append(sql.SQL("({}, p.id) {} (%(after_value)s::{}, %(after_id)s)").format(
                key, sql.SQL("<" if descending else ">"), kind))
            params |= {"after_value": after["value"], "after_id": after["id"]}
        order = sql.SQL("{} {direction}, p.id {direction}").format(key, direction=sql.SQL("desc" if descending
                                                                                         else "asc"))
        query = sql.SQL(
            "with page as (select p.*, ({key})::text as sort_value from program_service.programs p where {where}"
            " order by {order} limit %(limit)s),"
            " people as materialized (select * from user_service.display_names("
            "   array(select distinct person_in_charge from page where person_in_charge is not null))),"
            " departments as materialized (select * from organization_service.department_names("
            "   array(select distinct department_id from page where department_id is not null)))"
            " select p.*, {metrics}, {names} from page p"
            " left join program_service.metrics(array(select id from page)) m on m.program_id = p.id"
            " left join people n on n.user_id = p.person_in_charge"
            " left join departments d on d.id = p.department_id"
            " order by {order}").format(key=key, where=sql.SQL(" and ").join(conditions), order=order,
                                        metrics=METRICS, names=NAMES)
        return self._all(query, params)

    def summary(self, org_id: UUID, period_id: UUID | None) -> Row:
        """The organization's programs of a period at a glance, in one statement (see ProgramSummary)."""
        row = self._one(SUMMARY, {"org": org_id, "period": period_id, "statuses": list(PROGRAM_STATUSES)})
        assert row is not None
        return row

    def history(self, program_id: UUID) -> list[Row]:
        return self._all("select * from program_service.program_status_history where program_id = %s order by id",
                         (program_id,))


@contextmanager
def program_store(actor: Actor) -> Iterator[PostgresProgramStore]:
    """The caller's transaction (as ``authenticated``, RLS applies) with this service's store."""
    with user_transaction(actor) as tx:
        yield PostgresProgramStore(tx)
