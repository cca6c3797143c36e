"""Benchmark: every list (and a program's page and report) against its own SQL, in an organization of
2,000 tasks and in one of 20,000.

For each endpoint the statements its function runs are recorded (``shared.db.Transaction.execute``,
one request), then replayed on one connection:

- its SQL, bare: those statements as a superuser with the same claims (RLS does not apply);
- its SQL as the user: the same in a transaction as ``authenticated`` with the claims, as the
  function runs them (RLS applies);
- endpoint: the request through its function in-process (token, session check, transaction, JSON).

The three are timed in turn (one run of each, then again), so that other work on a shared machine weighs
on them alike.

Issue 14 bounds every list at 2x its bare SQL, and asks that a page cost the same in the larger
organization as in the smaller one. Run: ``make bench`` (or ``python -m bench.lists``;
``BENCH_RUNS``, default 30; ``BENCH_SIZES``, default ``20,200`` programs of 100 tasks).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "20,200").split(",")]

MORE = """
insert into task_service.task_assignees (task_id, user_id, assigned_by)
  select t.id, %(user)s, %(user)s from task_service.tasks t order by hashtext(t.id::text), t.id limit 200;
insert into program_service.committee_members (program_id, organization_id, user_id, committee_role)
  select p.id, p.organization_id, %(user)s, 'ketua panitia' from program_service.programs p;
insert into task_service.task_comments (task_id, author_id, body)
  select t.id, %(user)s, 'Catatan ' || n from task_service.tasks t, generate_series(1, 3) n
  where t.program_id = %(program)s;
insert into notification_service.notifications (recipient, organization_id, type, title, body, event_id)
  select a.user_id, a.organization_id, 'task.assigned', 'Tugas baru', 'Kamu ditugaskan', gen_random_uuid()
  from task_service.task_assignees a where a.user_id = %(user)s
"""
"""On top of bench.program_summary's organization: the ketua assigned to 200 of the tasks (as many in either
organization, so that GET /me/tasks compares like with like), on every
program's committee, three comments on each task of the program the lists look at, and a notification for
each of their 200 assignments in their inbox."""


def endpoints(org: str, program: str, task: str) -> dict[str, str]:
    return {
        "GET /me/tasks?limit=10": "/me/tasks?limit=10",
        "GET /programs/{id}/tasks?limit=20": f"/programs/{program}/tasks?limit=20",
        "GET /programs?organization_id=&limit=20": f"/programs?organization_id={org}&limit=20",
        "GET /orgs/{id}/members?limit=20": f"/orgs/{org}/members?limit=20",
        "GET /programs/{id}/activity?limit=20": f"/programs/{program}/activity?limit=20",
        "GET /programs/{id}/milestones": f"/programs/{program}/milestones",
        "GET /programs/{id}/budget-items": f"/programs/{program}/budget-items",
        "GET /programs/{id}/committee": f"/programs/{program}/committee",
        "GET /programs/{id}/history": f"/programs/{program}/history",
        "GET /tasks/{id}/comments?limit=20": f"/tasks/{task}/comments?limit=20",
        "GET /tasks/{id}/history": f"/tasks/{task}/history",
        "GET /notifications?limit=20": "/notifications?limit=20",
        "GET /programs/{id}": f"/programs/{program}",
        "GET /programs/{id}/report": f"/programs/{program}/report",
    }


def recorded(call: Callable[[], Any]) -> list[tuple[Any, Any]]:
    """The statements ``call`` runs through ``shared.db.Transaction``."""
    from shared import db

    statements: list[tuple[Any, Any]] = []
    original = db.Transaction.execute

    def execute(self: db.Transaction, query: Any, params: Any = None) -> Any:
        statements.append((query, params))
        return original(self, query, params)

    db.Transaction.execute = execute  # type: ignore[method-assign]
    try:
        call()
    finally:
        db.Transaction.execute = original  # type: ignore[method-assign]
    return statements


def one_size(programs: int) -> list[tuple[str, float, float, float, int]]:
    import psycopg
    from psycopg.rows import dict_row

    from bench import program_summary
    from bench.support import scratch_database
    from infra.local.client import InProcessApi

    rows = []
    with scratch_database() as url:
        api = InProcessApi()
        token, org, _period = program_summary.seed(api, url, programs=programs)
        user = api.get("/auth/me", token=token).json["id"]
        with psycopg.connect(url, row_factory=dict_row, prepare_threshold=None, autocommit=True) as conn:
            row = conn.execute("select program_id, min(id::text)::uuid as task_id from task_service.tasks"
                               " group by program_id order by count(*) desc, program_id limit 1").fetchone()
            assert row is not None
            program, task = row["program_id"], row["task_id"]
            with conn.transaction():
                for statement in filter(str.strip, MORE.split(";\n")):
                    conn.execute(statement, {"user": user, "program": program})
            conn.execute("analyze")
            claims = json.dumps({"sub": user, "role": "authenticated"})

            for label, path in endpoints(org, str(program), str(task)).items():
                def endpoint(path: str = path) -> None:
                    response = api.get(path, token=token)
                    assert response.status == 200, (path, response.body)

                statements = recorded(endpoint)

                def replay(role: str | None, statements: list[tuple[Any, Any]] = statements) -> None:
                    with conn.transaction(force_rollback=True):
                        # one round trip either way, as shared.db.Transaction sets them
                        if role:
                            conn.execute("select set_config('request.jwt.claims', %s, true),"
                                         " set_config('role', %s, true)", (claims, role))
                        else:
                            conn.execute("select set_config('request.jwt.claims', %s, true)", (claims,))
                        for query, params in statements:
                            conn.execute(query, params).fetchall()

                bare, as_user, served = _interleaved([lambda: replay(None), lambda: replay("authenticated"),
                                                      endpoint], RUNS)
                rows.append((label, _median(bare), _median(as_user), _median(served), len(statements)))
    return rows


def _interleaved(actions: list[Callable[[], Any]], runs: int, warmup: int = 3) -> list[list[float]]:
    """Milliseconds of each action's ``runs`` calls, taken in turn (one of each, then again), so that a burst
    of other work on the machine weighs on all of them alike and their ratios hold."""
    for _ in range(warmup):
        for action in actions:
            action()
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(runs):
        for action, taken in zip(actions, times, strict=True):
            start = time.perf_counter()
            action()
            taken.append((time.perf_counter() - start) * 1000)
    return times


def _median(times: list[float]) -> float:
    return sorted(times)[len(times) // 2]


def main() -> int:
    results = {programs: one_size(programs) for programs in SIZES}
    print(f"\nmedians of {RUNS} runs; x = / its bare SQL (superuser with the same claims, no RLS)")
    for programs, rows in results.items():
        print(f"\n{programs} programs, {programs * 100:,} tasks")
        print(f"  {'endpoint':40} {'stmts':>5} {'bare SQL':>9} {'as user':>9} {'x':>6} {'endpoint':>9} {'x':>6}")
        for label, bare, as_user, served, count in rows:
            print(f"  {label:40} {count:>5} {bare:7.2f}ms {as_user:7.2f}ms {as_user / bare:5.1f}x"
                  f" {served:7.2f}ms {served / bare:5.1f}x")
    if len(results) > 1:
        small, large = results[min(results)], results[max(results)]
        print(f"\nendpoint at {max(results) * 100:,} tasks / at {min(results) * 100:,}:")
        for before, after in zip(small, large, strict=True):
            print(f"  {before[0]:40} {after[3] / before[3]:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
