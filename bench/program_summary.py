"""Benchmark: the per-organization program summary (GET /programs/summary) for 200 programs and
20,000 tasks, against its bare SQL on the same database, side by side.

- its SQL, bare: the one statement the endpoint runs (functions.programs.repository.SUMMARY), run
  straight on the database as a superuser, as one would in psql: no RLS, no API. The issue bounds
  the endpoint at 1.5x this;
- its SQL as the user: the same statement in a transaction as ``authenticated`` with the user's
  claims (RLS applies), as the function runs it;
- endpoint: GET /programs/summary through its function in-process (token check, session check,
  transaction, statement, JSON);
- hand-written SQL: the same figures computed straight from every service's tables, ignoring the
  services' boundaries (no SQL contracts, no definer functions): what the schema-per-service
  design costs, shown for context.

Run: ``make bench`` (or ``python -m bench.program_summary``). Prints figures; asserts nothing but that
both ways give the same numbers.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

PROGRAMS, TASKS_PER_PROGRAM, RUNS = 200, 100, int(os.environ.get("BENCH_RUNS", "50"))

PER_PROGRAM_CTES = """
with o as (select (now() at time zone time_zone)::date as today from organization_service.organizations
           where id = %(org)s),
p as (select * from program_service.programs where organization_id = %(org)s and period_id = %(period)s),
counts as (
  select t.program_id, t.milestone_id, count(*) as total, count(*) filter (where t.status = 'selesai') as done,
         count(*) filter (where t.status <> 'selesai' and t.due_date < (select today from o)) as late
  from task_service.tasks t where t.program_id in (select id from p) and t.status <> 'dibatalkan'
  group by t.program_id, t.milestone_id),
ms as (select m.program_id, m.id, m.done_at is not null as marked from program_service.milestones m
       where m.program_id in (select id from p)),
groups as (
  select ms.program_id, ms.marked, coalesce(c.total, 0) as total, coalesce(c.done, 0) as done
  from ms left join counts c on c.program_id = ms.program_id and c.milestone_id = ms.id
  union all
  select c.program_id, false, sum(c.total), sum(c.done) from counts c
  where c.program_id in (select program_id from ms) and not exists (select 1 from ms where ms.id = c.milestone_id)
  group by c.program_id),
weighted as (select program_id, avg(case when marked then 1.0 when total > 0 then done::numeric / total else 0 end)
             as share from groups group by program_id),
totals as (select program_id, sum(total) as total, sum(done) as done, sum(late) as late from counts
           group by program_id),
spent as (select program_id, sum(actual_amount) filter (where kind = 'pengeluaran') as amount
          from program_service.budget_items where program_id in (select id from p) group by program_id)"""
"""The per-program figures (task counts, milestone-weighted progress, spending) straight from every
service's tables: the hand-written baseline the report benchmark shares."""

BARE_SQL = PER_PROGRAM_CTES + """,
f as (
  select p.status, p.department_id, p.budget_planned,
         coalesce(p.status not in ('selesai', 'dibatalkan', 'ditolak') and p.planned_end < (select today from o), false)
           as late,
         round(100 * case when p.status = 'selesai' then 1.0 when w.share is not null then w.share
                          when t.total > 0 then t.done::numeric / t.total else 0 end, 1) as progress,
         coalesce(t.total, 0) as tasks_total, coalesce(t.done, 0) as tasks_done, coalesce(t.late, 0) as tasks_late,
         coalesce(s.amount, 0) as spent
  from p left join weighted w on w.program_id = p.id left join totals t on t.program_id = p.id
  left join spent s on s.program_id = p.id),
d as (
  select department_id, count(*) as programs, count(*) filter (where late) as late, round(avg(progress), 1) as progress,
         sum(tasks_total) as total, sum(tasks_done) as done, sum(tasks_late) as tasks_late,
         sum(budget_planned) as budget_planned, sum(spent) as budget_realized
  from f group by department_id)
select (select today from o) as today, (select count(*) from f) as programs,
       (select jsonb_object_agg(status, n) from (select status, count(*) as n from f group by status) s) as by_status,
       (select count(*) from f where late) as late,
       (select jsonb_build_object('total', sum(tasks_total), 'done', sum(tasks_done), 'late', sum(tasks_late)) from f)
         as tasks,
       (select sum(budget_planned) from f) as budget_planned, (select sum(spent) from f) as budget_realized,
       (select jsonb_agg(to_jsonb(d) order by department_id nulls last) from d) as departments
"""

SEED = """
insert into organization_service.departments (organization_id, period_id, name, code)
  select %(org)s, %(period)s, 'Departemen ' || n, 'D' || n from generate_series(1, 5) n;
insert into program_service.programs (organization_id, period_id, department_id, name, type, status, cancel_reason,
                                      planned_start, planned_end, budget_planned, created_by)
  select %(org)s, %(period)s,
         (select id from organization_service.departments where period_id = %(period)s order by code
          offset n %% 6 limit 1),
         'Program ' || n, 'event', s.status, case when s.status = 'dibatalkan' then 'Batal' end,
         current_date - 30, current_date + (n %% 60) - 20, (n * 250000)::numeric(14, 2), %(user)s
  from generate_series(1, %(programs)s) n,
       lateral (select (array['draft', 'diajukan', 'disetujui', 'dalam_progres', 'dalam_progres', 'dalam_progres',
                              'ditunda', 'selesai', 'dibatalkan', 'revisi'])[1 + n %% 10] as status) s;
insert into program_service.milestones (program_id, organization_id, name, position, done_at)
  select p.id, p.organization_id, 'Tahap ' || m, m, case when m = 1 then now() end
  from program_service.programs p, generate_series(1, 3) m where p.name ~ '[048]$';
insert into task_service.tasks (program_id, organization_id, period_id, milestone_id, title, status, due_date,
                                completed_at, created_by)
  select p.id, p.organization_id, p.period_id,
         (select id from program_service.milestones m where m.program_id = p.id
          order by position offset n %% 4 limit 1),
         'Tugas ' || n, s.status, current_date + (n %% 30) - 15, case when s.status = 'selesai' then now() end,
         %(user)s
  from program_service.programs p, generate_series(1, %(tasks)s) n,
       lateral (select (array['belum_dimulai', 'dalam_progres', 'review', 'selesai', 'selesai', 'ditunda',
                              'dibatalkan'])[1 + (n + hashtext(p.id::text) %% 7 + 7) %% 7] as status) s;
insert into program_service.budget_items (program_id, organization_id, kind, category, quantity, unit_price,
                                          actual_amount, created_by)
  select p.id, p.organization_id, case when k = 1 then 'pemasukan' else 'pengeluaran' end, 'Pos ' || k, k, 10000.50,
         case when k %% 2 = 0 then 10000.50 * k end, %(user)s
  from program_service.programs p, generate_series(1, 5) k;
"""


def seed(api: Any, url: str, programs: int = PROGRAMS) -> tuple[str, str, str]:
    """A ketua (registered through the API) of an organization with ``programs`` programs (200) of 100
    tasks each."""
    import psycopg

    registered = api.post("/auth/register", json={"email": "ketua@bench.example", "password": "Kabinet Sinergi 2025!",
                                                  "name": "Ketua"})
    assert registered.status == 201, registered.json
    token, user = registered.json["access_token"], registered.json["user"]["id"]
    with psycopg.connect(url, autocommit=True) as conn:
        def one(query: str, params: Any = None) -> Any:
            row = conn.execute(query, params).fetchone()
            assert row is not None
            return row if len(row) > 1 else row[0]

        org = one("insert into organization_service.organizations (name, type, created_by)"
                  " values ('HIMA Bench', 'hima', %s) returning id", (user,))
        period = one("insert into organization_service.periods (organization_id, name, starts_on, ends_on,"
                     " status) values (%s, 'Kabinet Bench', current_date - 100, current_date + 200, 'aktif')"
                     " returning id", (org,))
        conn.execute("insert into organization_service.memberships (organization_id, period_id, user_id, role)"
                     " values (%s, %s, %s, 'ketua')", (org, period, user))
        with conn.transaction():
            for statement in filter(str.strip, SEED.split(";\n")):
                conn.execute(statement, {"org": org, "period": period, "user": user, "programs": programs,
                                         "tasks": TASKS_PER_PROGRAM})
        conn.execute("analyze")
        counted = one("select (select count(*) from program_service.programs),"
                      " (select count(*) from task_service.tasks)")
    print(f"seeded: {counted[0]} programs, {counted[1]} tasks, 5 departments (one organization)")
    return token, str(org), str(period)


def same_figures(bare: dict[str, Any], served: dict[str, Any]) -> bool:
    """Do the bare SQL and the endpoint agree on every number?"""
    def number(value: Any) -> float:
        return round(float(value), 1)

    statuses = {s["status"]: s["programs"] for s in served["by_status"] if s["programs"]}
    departments = [(d["department_id"], d["programs"], d["late"], number(d["progress"]), d["tasks"]["total"],
                    d["tasks"]["done"], d["tasks"]["late"], number(d["budget_planned"]), number(d["budget_realized"]))
                   for d in served["departments"]]
    expected = [(d["department_id"], d["programs"], d["late"], number(d["progress"]), d["total"], d["done"],
                 d["tasks_late"], number(d["budget_planned"]), number(d["budget_realized"]))
                for d in bare["departments"]]
    return (served["programs"] == bare["programs"] and statuses == bare["by_status"] and served["late"] == bare["late"]
            and served["tasks"] == {k: int(v) for k, v in bare["tasks"].items()}
            and number(served["budget_planned"]) == number(bare["budget_planned"])
            and number(served["budget_realized"]) == number(bare["budget_realized"]) and departments == expected)


def main() -> int:
    import psycopg
    from psycopg.rows import dict_row

    from bench.support import figures, scratch_database, timed
    from functions.programs.repository import SUMMARY
    from infra.local.client import InProcessApi
    from shared.vocabulary import PROGRAM_STATUSES

    statuses = list(PROGRAM_STATUSES)

    with scratch_database() as url:
        api = InProcessApi()
        token, org, period = seed(api, url)
        path = f"/programs/summary?organization_id={org}&period_id={period}"
        with psycopg.connect(url, row_factory=dict_row, prepare_threshold=None, autocommit=True) as conn:
            def bare() -> dict[str, Any]:
                row = conn.execute(BARE_SQL, {"org": org, "period": period}).fetchone()
                assert row is not None
                return row

            user_id = api.get("/auth/me", token=token).json["id"]

            def as_user() -> None:
                with conn.transaction():
                    conn.execute("select set_config('role', 'authenticated', true),"
                                 " set_config('request.jwt.claims', %s, true)",
                                 (json.dumps({"sub": user_id, "role": "authenticated"}),))
                    conn.execute(SUMMARY, {"org": org, "period": period, "statuses": statuses}).fetchone()

            def its_sql() -> None:
                conn.execute(SUMMARY, {"org": org, "period": period, "statuses": statuses}).fetchone()

            def endpoint() -> None:
                response = api.get(path, token=token)
                assert response.status == 200, response.body

            served = api.get(path, token=token).json
            agree = same_figures(bare(), served)
            timings = {"its SQL, bare (superuser, no RLS)": timed(its_sql, RUNS),
                       "its SQL as the user (RLS)": timed(as_user, RUNS),
                       "endpoint (function, in-process)": timed(endpoint, RUNS),
                       "hand-written SQL from the tables": timed(bare, RUNS)}
        medians = {label: sorted(times)[len(times) // 2] for label, times in timings.items()}
        floor = medians["its SQL, bare (superuser, no RLS)"]
        print(f"GET /programs/summary, {PROGRAMS} programs / {PROGRAMS * TASKS_PER_PROGRAM} tasks, {RUNS} runs each")
        for label, times in timings.items():
            print(f"  {label:36} {figures(times)}   x{medians[label] / floor:.2f} of its bare SQL")
        answered = medians["endpoint (function, in-process)"]
        verdict = "met" if answered / floor < 1.5 else "NOT met"
        print(f"  endpoint / its bare SQL: x{answered / floor:.2f} (bound x1.50: {verdict});"
              f" endpoint / hand-written SQL: x{answered / medians['hand-written SQL from the tables']:.2f}")
        print(f"  same figures both ways: {'yes' if agree else 'NO'}")
        return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
