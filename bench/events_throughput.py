"""Benchmark: events through outbox -> local dispatcher -> consumer (``make dev``'s path,
docs/architecture.md, "Events").

- pipeline floor: N outbox rows of a test type, routed (by a template in template.yaml's shape) to a
  consumer that does nothing but its receipt (``shared.consumer``): claim, EventBridge event, SQS
  batch of 10, one transaction per event, mark delivered. Events per second of one dispatcher.
- commit -> consumer latency: one event committed at a time while the local dispatcher waits on
  ``LISTEN events_outbox``; from the commit's return to the consumer handling it. p50 / p95.
- commit -> in-app notification: a ketua assigns a task to a member through the API (its function,
  in-process); from the answer (the commit is done) until the notification is in the member's inbox,
  with the dispatcher listening and routing by template.yaml to the notifications consumer. p50 / p95.
- the real routing: 100 programs in progress with 10 open tasks each are cancelled; the dispatcher,
  routing by template.yaml, hands each program.status_changed to the tasks service's consumer (which
  cancels the tasks, with history, activity and task.status_changed events) and everything else to
  whichever consumers template.yaml routes it to, until nothing is due.

Run: ``python -m bench.events_throughput`` (``BENCH_EVENTS`` sets N, default 2000). Prints figures.
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
import uuid
from typing import Any

from shared.consumer import DomainEvent, consumer
from shared.db import Transaction

EVENTS = int(os.environ.get("BENCH_EVENTS", "2000"))
LATENCY_RUNS = int(os.environ.get("BENCH_RUNS", "100"))
PROGRAMS, TASKS_PER_PROGRAM = 100, 10
HANDLED: dict[str, threading.Event] = {}


def _handled(tx: Transaction, event: DomainEvent) -> None:
    signal = HANDLED.get(str(event.id))
    if signal is not None:
        signal.set()


receipt_only = consumer("bench_receipt_only", _handled)


def bench_template() -> Any:
    from infra.local.template import Template

    queue = {"Fn::GetAtt": ["BenchQueue", "Arn"]}
    return Template({"Resources": {
        "EventBus": {"Type": "AWS::Events::EventBus", "Properties": {}},
        "BenchQueue": {"Type": "AWS::SQS::Queue", "Properties": {}},
        "BenchRule": {"Type": "AWS::Events::Rule", "Properties": {
            "EventBusName": {"Ref": "EventBus"}, "EventPattern": {"detail-type": ["bench.event"]},
            "Targets": [{"Id": "BenchQueue", "Arn": queue}]}},
        "BenchFunction": {"Type": "AWS::Serverless::Function", "Properties": {
            "Handler": "bench.events_throughput.receipt_only", "Events": {"Queue": {"Type": "SQS", "Properties": {
                "Queue": queue, "BatchSize": 10, "FunctionResponseTypes": ["ReportBatchItemFailures"]}}}}}}})


def insert(url: str, count: int) -> None:
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute("insert into events.outbox (type, aggregate, aggregate_id, payload)"
                     " select 'bench.event', 'bench', gen_random_uuid(), jsonb_build_object('n', n)"
                     " from generate_series(1, %s) n", (count,))


def floor(url: str) -> None:
    from infra.local.events import LocalDispatcher, LocalRouter

    dispatcher = LocalDispatcher(url, LocalRouter(bench_template()))
    insert(url, 50)
    dispatcher.sweep()  # warm up: imports, connections
    insert(url, EVENTS)
    started = time.perf_counter()
    report = dispatcher.sweep()
    seconds = time.perf_counter() - started
    assert report.delivered == EVENTS and report.failed == 0, report
    print(f"pipeline floor ({EVENTS} events, receipt-only consumer, dispatcher batches of "
          f"{dispatcher.batch_size}, SQS batches of 10):")
    print(f"  {EVENTS / seconds:8.0f} events/s   ({seconds * 1000 / EVENTS:.2f} ms an event)")


def latency(url: str) -> None:
    import psycopg

    from bench import events_throughput as routed  # the module the router imports (not __main__)
    from infra.local.events import LocalDispatcher, LocalRouter

    dispatcher = LocalDispatcher(url, LocalRouter(bench_template()), sweep_seconds=60)
    dispatcher.start()
    times = []
    try:
        time.sleep(0.3)
        with psycopg.connect(url, autocommit=True) as conn:
            for _ in range(LATENCY_RUNS + 5):
                event_id = str(uuid.uuid4())
                routed.HANDLED[event_id] = threading.Event()
                started = time.perf_counter()
                conn.execute("insert into events.outbox (id, type, aggregate, aggregate_id, payload)"
                             " values (%s, 'bench.event', 'bench', gen_random_uuid(), '{}')", (event_id,))
                assert routed.HANDLED[event_id].wait(10), "not delivered"
                times.append((time.perf_counter() - started) * 1000)
    finally:
        dispatcher.stop()
    times = sorted(times[5:])
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"commit -> consumer (LISTEN/NOTIFY wakes the local dispatcher), {LATENCY_RUNS} events one at a time:")
    print(f"  p50 {statistics.median(times):6.2f} ms   p95 {p95:6.2f} ms")


def notification_latency(url: str) -> None:
    import psycopg

    from infra.local.client import InProcessApi
    from infra.local.events import LocalDispatcher

    api = InProcessApi()
    people = {}
    for who in ("ketua", "anggota"):
        registered = api.post("/auth/register", json={"email": f"{who}@latency.example", "name": who.title(),
                                                      "password": "Kabinet Sinergi 2025!"}).json
        people[who] = (registered["access_token"], registered["user"]["id"])
        api.get("/users/me", token=registered["access_token"])  # the profile (made on first use)
    with psycopg.connect(url, autocommit=True) as conn:
        org = conn.execute("insert into organization_service.organizations (name, type, created_by)"
                           " values ('HIMA Latency', 'hima', %s) returning id", (people["ketua"][1],)
                           ).fetchone()[0]  # type: ignore[index]
        period = conn.execute("insert into organization_service.periods (organization_id, name, starts_on, ends_on,"
                              " status) values (%s, 'Kabinet', current_date - 100, current_date + 200, 'aktif')"
                              " returning id", (org,)).fetchone()[0]  # type: ignore[index]
        for who, (_, user) in people.items():
            conn.execute("insert into organization_service.memberships (organization_id, period_id, user_id, role)"
                         " values (%s, %s, %s, %s)", (org, period, user, who))
        program = conn.execute("insert into program_service.programs (organization_id, period_id, name, type,"
                               " status, created_by) values (%s, %s, 'Seminar', 'event', 'dalam_progres', %s)"
                               " returning id", (org, period, people["ketua"][1])).fetchone()[0]  # type: ignore[index]
        conn.execute("update events.outbox set state = 'delivered', delivered_at = now()")  # the seeding's
    dispatcher = LocalDispatcher(url, sweep_seconds=60)  # routing by template.yaml
    dispatcher.start()
    times = []
    try:
        time.sleep(0.3)
        with psycopg.connect(url, autocommit=True) as conn:
            for n in range(LATENCY_RUNS + 5):
                answer = api.post(f"/programs/{program}/tasks", token=people["ketua"][0],
                                  json={"title": f"Tugas {n}", "assignees": [people["anggota"][1]]})
                assert answer.status == 201, answer.json
                committed = time.perf_counter()
                link = f"/tasks/{answer.json['id']}"
                while not conn.execute("select 1 from notification_service.notifications where recipient = %s"
                                       " and link = %s", (people["anggota"][1], link)).fetchone():
                    assert time.perf_counter() - committed < 10, "no notification"
                    time.sleep(0.0005)
                times.append((time.perf_counter() - committed) * 1000)
    finally:
        dispatcher.stop()
    times = sorted(times[5:])
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"commit -> in-app notification (task assigned through the API; template.yaml's routing), "
          f"{LATENCY_RUNS} tasks one at a time:")
    print(f"  p50 {statistics.median(times):6.2f} ms   p95 {p95:6.2f} ms")


def real_routing(url: str) -> None:
    import psycopg

    from functions.events.repository import outbox_store
    from infra.local.events import LocalDispatcher

    user = uuid.uuid4()
    with psycopg.connect(url, autocommit=True) as conn:
        org = conn.execute("insert into organization_service.organizations (name, type, created_by)"
                           " values ('HIMA Bench', 'hima', %s) returning id", (user,)).fetchone()[0]  # type: ignore[index]
        period = conn.execute("insert into organization_service.periods (organization_id, name, starts_on, ends_on,"
                              " status) values (%s, 'Kabinet Bench', current_date - 100, current_date + 200, 'aktif')"
                              " returning id", (org,)).fetchone()[0]  # type: ignore[index]
        with conn.transaction():
            conn.execute("insert into program_service.programs (organization_id, period_id, name, type, status,"
                         " created_by) select %s, %s, 'Program ' || n, 'event', 'dalam_progres', %s"
                         " from generate_series(1, %s) n", (org, period, user, PROGRAMS))
            conn.execute("insert into task_service.tasks (program_id, title, status, created_by)"
                         " select p.id, 'Tugas ' || n, (array['belum_dimulai', 'dalam_progres', 'review'])[1 + n %% 3],"
                         " %s from program_service.programs p, generate_series(1, %s) n", (user, TASKS_PER_PROGRAM))
            conn.execute("update events.outbox set state = 'delivered', delivered_at = now()")  # the seeding's
        started = time.perf_counter()
        conn.execute("update program_service.programs set status = 'dibatalkan', cancel_reason = 'Bench'"
                     " where organization_id = %s", (org,))
    dispatcher = LocalDispatcher(url)  # routing by template.yaml
    total = failed = 0
    while True:
        report = dispatcher.sweep()
        total, failed = total + report.delivered, failed + report.failed + report.dead
        with outbox_store() as store:
            backlog = store.backlog()
        if not report.claimed and not backlog.pending:
            break
    seconds = time.perf_counter() - started
    with psycopg.connect(url) as conn:
        cancelled = conn.execute("select count(*) from task_service.tasks where status = 'dibatalkan'"
                                 " and organization_id = %s", (org,)).fetchone()[0]  # type: ignore[index]
    print(f"template.yaml's routing: {PROGRAMS} programs cancelled, {PROGRAMS * TASKS_PER_PROGRAM} open tasks:")
    print(f"  {seconds * 1000:8.0f} ms from the cancelling commit until nothing is due; {total} events delivered"
          f" ({total / seconds:.0f}/s), {failed} failed; {cancelled} tasks cancelled ({cancelled / seconds:.0f}/s)")


def main() -> int:
    from bench.support import scratch_database

    with scratch_database() as url:
        floor(url)
        latency(url)
        notification_latency(url)
        real_routing(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
