"""The dispatcher against real PostgreSQL: claiming with SKIP LOCKED, at-least-once delivery that
survives a killed dispatcher, consumers' receipts, retries with backoff, the dead state and the counts
(also of an event a consumer cannot handle yet), the wake-up call and the backlog route."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import psycopg
import pytest

from functions.events.dispatcher import RetryPolicy, dispatch, dispatch_batch
from functions.events.models import OutboxEvent
from functions.events.repository import OutboxStore
from functions.events.wake import SIGNATURE_HEADER, signature
from infra.local.events import LocalDispatcher, LocalRouter, eventbridge_event, sqs_record
from shared.config import reset_settings
from shared.db import Transaction, connection_kwargs
from tests.support.events import (
    counter,
    create_effects_table,
    effects,
    insert_events,
    outbox_rows,
    routing_template,
)
from tests.support.programs import as_user

ROOT = Path(__file__).resolve().parents[2]
COUNTER = "tests.support.events.counter"
FAILING = "tests.support.events.failing"
LATER = "tests.support.events.later"
NO_WAIT = RetryPolicy(max_attempts=3, backoff_base=0, backoff_max=0)


@pytest.fixture
def outbox(database: str) -> Iterator[str]:
    create_effects_table(database)
    yield database


@contextmanager
def store_on(database_url: str) -> Iterator[OutboxStore]:
    """An outbox store on a connection of its own (a dispatcher of its own)."""
    with psycopg.connect(database_url, **connection_kwargs()) as conn:
        yield OutboxStore(Transaction(conn, "service_role", {"role": "service_role", "service": "events"}))


def counting_router(*types: str) -> LocalRouter:
    return LocalRouter(routing_template({"Counter": (COUNTER, list(types))}))


# ---------------------------------------------------------------- claiming


def test_a_claim_skips_what_another_dispatcher_holds(outbox):
    ids = insert_events(outbox, ["test.counted"] * 8)
    with store_on(outbox) as first, store_on(outbox) as second:
        held = first.claim(5)
        started = time.monotonic()
        other = second.claim(5)  # does not wait for the first's locks
        assert time.monotonic() - started < 1
        assert len(held) == 5 and len(other) == 3
        assert {e.id for e in held}.isdisjoint({e.id for e in other})
        assert {str(e.id) for e in held + other} == set(ids)


def test_two_dispatchers_side_by_side_deliver_each_event_once(outbox):
    ids = insert_events(outbox, ["test.counted"] * 120)
    delivered: list[tuple[str, UUID]] = []
    lock = threading.Lock()

    def recorder(name: str):
        def deliver(events: Sequence[OutboxEvent]) -> dict[UUID, str]:
            time.sleep(0.01)  # a delivery takes a while: the other dispatcher claims meanwhile
            with lock:
                delivered.extend((name, event.id) for event in events)
            return {}
        return deliver

    def run(name: str) -> None:
        with store_on(outbox) as store:
            dispatch(store, recorder(name), limit=7, policy=NO_WAIT)

    threads = [threading.Thread(target=run, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counts = Counter(event_id for _, event_id in delivered)
    assert sorted(str(event_id) for event_id in counts) == sorted(ids)
    assert set(counts.values()) == {1}, "an event was delivered twice"
    assert {name for name, _ in delivered} == {"a", "b"}, "both dispatchers should have worked"
    rows = outbox_rows(outbox)
    assert {(row["state"], row["attempts"]) for row in rows.values()} == {("delivered", 1)}
    assert all(row["delivered_at"] is not None for row in rows.values())


# ---------------------------------------------------------------- dying dispatchers lose nothing

KILLABLE = """
import os, sys
from infra.local.events import LocalDispatcher, LocalRouter
from tests.support.events import routing_template
router = LocalRouter(routing_template({"Counter": ("tests.support.events.counter", ["test.counted"])}, batch_size=1))
print(LocalDispatcher(sys.argv[1], router, batch_size=50).sweep(), flush=True)
"""


def test_a_dispatcher_killed_mid_batch_loses_nothing_and_duplicates_no_effect(outbox):
    ids = insert_events(outbox, ["test.counted"] * 20)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(ROOT), "TEST_CONSUMER_DELAY": "0.05",
           "POWERTOOLS_LOG_LEVEL": "ERROR", "POWERTOOLS_METRICS_DISABLED": "true", "DATABASE_URL": outbox}
    process = subprocess.Popen([sys.executable, "-c", KILLABLE, outbox], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while len(effects(outbox)) < 5:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the consumer never ran"
            time.sleep(0.02)
    finally:
        process.kill()  # SIGKILL: no cleanup, no rollback by the process itself
        process.wait()
    partial = effects(outbox)
    assert 5 <= len(partial) < 20
    wait_until_the_dead_sessions_are_gone(outbox)
    rows = outbox_rows(outbox)
    assert {(row["state"], row["attempts"]) for row in rows.values()} == {("pending", 0)}, "nothing marked"

    report = LocalDispatcher(outbox, counting_router("test.counted")).sweep()  # the restart

    assert report.delivered == 20
    assert sorted(effects(outbox)) == sorted(ids), "each event's effect exactly once"
    assert {row["state"] for row in outbox_rows(outbox).values()} == {"delivered"}
    with psycopg.connect(outbox) as conn:
        assert conn.execute("select count(*) from events.receipts where consumer = 'test_counter'"
                            ).fetchone()[0] == 20


def wait_until_the_dead_sessions_are_gone(database_url: str) -> None:
    """PostgreSQL ends a killed client's session (and its row locks) when it notices the closed socket."""
    deadline = time.monotonic() + 10
    with psycopg.connect(database_url, autocommit=True) as conn:
        while conn.execute("select count(*) from pg_locks l join pg_class c on c.oid = l.relation"
                           " where c.relname = 'outbox' and l.pid <> pg_backend_pid()").fetchone()[0]:
            assert time.monotonic() < deadline, "the killed dispatcher's session lives on"
            time.sleep(0.05)


class Killed(BaseException):
    """The process dies (not an error the dispatcher could handle)."""


def test_dying_after_delivering_before_marking_redelivers_without_duplicate_effects(outbox):
    ids = insert_events(outbox, ["test.counted"] * 6)
    router = counting_router("test.counted")

    def deliver_then_die(events: Sequence[OutboxEvent]) -> dict[UUID, str]:
        router(events)
        raise Killed()

    with store_on(outbox) as store, pytest.raises(Killed):
        dispatch_batch(store, deliver_then_die, limit=4, policy=NO_WAIT)
    assert len(effects(outbox)) == 4
    assert {row["state"] for row in outbox_rows(outbox).values()} == {"pending"}

    LocalDispatcher(outbox, router).sweep()

    assert sorted(effects(outbox)) == sorted(ids)
    assert {row["state"] for row in outbox_rows(outbox).values()} == {"delivered"}


def test_a_redelivered_record_changes_nothing(outbox):
    [event_id] = insert_events(outbox, ["test.counted"])
    router = counting_router("test.counted")
    with store_on(outbox) as store:
        [event] = store.claim(1)
    for _ in range(3):
        assert router([event]) == {}
    assert effects(outbox) == [event_id]


# ---------------------------------------------------------------- failures, backoff, dead


def test_a_consumer_failing_every_time_makes_the_event_dead_and_the_counts_show_it(outbox):
    router = LocalRouter(routing_template({"Counter": (COUNTER, ["test.counted", "test.refused"]),
                                           "Failing": (FAILING, ["test.refused"])}))
    refused, counted = insert_events(outbox, ["test.refused", "test.counted"])
    dispatcher = LocalDispatcher(outbox, router, policy=NO_WAIT)

    first = dispatcher.sweep()
    assert (first.delivered, first.failed, first.dead) == (1, 1, 0)  # the batch's other event is delivered
    with store_on(outbox) as store:
        assert (store.backlog().failed, store.backlog().dead) == (1, 0)
    dispatcher.sweep()
    last = dispatcher.sweep()
    assert (last.failed, last.dead) == (0, 1)

    rows = outbox_rows(outbox)
    assert (rows[refused]["state"], rows[refused]["attempts"]) == ("dead", 3)
    assert "FailingFunction failed" in rows[refused]["last_error"]
    assert (rows[counted]["state"], rows[counted]["attempts"]) == ("delivered", 1)
    with store_on(outbox) as store:
        backlog = store.backlog()
    assert (backlog.pending, backlog.failed, backlog.dead) == (0, 0, 1)
    assert dispatcher.sweep().claimed == 0, "a dead event is not retried"
    # the consumer that succeeded saw the refused event three times and acted once
    assert sorted(effects(outbox)) == sorted([refused, counted])

    with store_on(outbox) as store:
        assert store.requeue_dead() == 1
        store.commit()
        assert store.backlog().pending == 1


def test_failed_deliveries_back_off_exponentially_up_to_the_cap(outbox):
    [event_id] = insert_events(outbox, ["test.refused"])
    router = LocalRouter(routing_template({"Failing": (FAILING, ["test.refused"])}))
    policy = RetryPolicy(max_attempts=5, backoff_base=10, backoff_max=25)
    assert [policy.delay(n) for n in range(4)] == [10, 20, 25, 25]

    def delay_after_a_sweep() -> float:
        with psycopg.connect(outbox) as conn:
            conn.execute("update events.outbox set next_attempt_at = now() where id = %s", (event_id,))
        before = time.time()
        with store_on(outbox) as store:
            dispatch(store, router, limit=10, policy=policy)
        row = outbox_rows(outbox)[event_id]
        return row["next_attempt_at"].timestamp() - before

    delays = [delay_after_a_sweep() for _ in range(3)]
    for delay, expected in zip(delays, (10, 20, 25), strict=True):
        assert expected - 2 < delay <= expected + 1, delays
    with store_on(outbox) as store:
        assert dispatch(store, router, limit=10, policy=policy).claimed == 0, "not due before its time"
    row = outbox_rows(outbox)[event_id]
    assert (row["state"], row["attempts"]) == ("failed", 3)


def receipts(database_url: str, consumer_name: str) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute("select count(*) from events.receipts where consumer = %s", (consumer_name,)).fetchone()
    return int(row[0]) if row else 0


def test_an_event_a_consumer_cannot_handle_yet_comes_again_until_dead_and_is_never_acknowledged(
        outbox, monkeypatch, capsys):
    from infra import events

    monkeypatch.delenv("TEST_CONSUMER_READY", raising=False)
    router = LocalRouter(routing_template({"Later": (LATER, ["test.later"])}))
    [event_id] = insert_events(outbox, ["test.later"])
    dispatcher = LocalDispatcher(outbox, router, policy=NO_WAIT)

    first = dispatcher.sweep()
    assert (first.delivered, first.failed, first.dead) == (0, 1, 0)
    assert effects(outbox, "test_later") == [event_id]  # what it did so far is kept ...
    assert receipts(outbox, "test_later") == 0  # ... but the event is not marked handled
    dispatcher.sweep()
    last = dispatcher.sweep()
    assert (last.failed, last.dead) == (0, 1)
    row = outbox_rows(outbox)[event_id]
    assert (row["state"], row["attempts"]) == ("dead", 3) and "LaterFunction failed" in row["last_error"]
    assert effects(outbox, "test_later") == [event_id] * 3 and receipts(outbox, "test_later") == 0
    assert events.main(["status"]) == 0  # the counts an operator reads show it
    assert json.loads(capsys.readouterr().out)["dead"] == 1

    monkeypatch.setenv("TEST_CONSUMER_READY", "1")  # the cause fixed, the dead event requeued: handled once
    with store_on(outbox) as store:
        assert store.requeue_dead() == 1
        store.commit()
    assert dispatcher.sweep().delivered == 1
    assert receipts(outbox, "test_later") == 1 and outbox_rows(outbox)[event_id]["state"] == "delivered"
    assert dispatcher.sweep().claimed == 0


def test_an_event_a_consumer_cannot_handle_yet_comes_again_after_the_backoff(outbox, monkeypatch):
    monkeypatch.delenv("TEST_CONSUMER_READY", raising=False)
    router = LocalRouter(routing_template({"Later": (LATER, ["test.later"])}))
    [event_id] = insert_events(outbox, ["test.later"])
    dispatcher = LocalDispatcher(outbox, router, policy=RetryPolicy(max_attempts=5, backoff_base=10, backoff_max=25))
    before = time.time()
    assert dispatcher.sweep().failed == 1
    row = outbox_rows(outbox)[event_id]
    assert row["state"] == "failed" and 8 < row["next_attempt_at"].timestamp() - before <= 11
    assert dispatcher.sweep().claimed == 0, "not again before its time"


def test_a_delivery_that_raises_counts_as_a_failure_of_every_event(outbox):
    insert_events(outbox, ["test.counted"] * 3)

    def broken(events: Sequence[OutboxEvent]) -> dict[UUID, str]:
        raise ConnectionError("bus unreachable")

    with store_on(outbox) as store:
        report = dispatch_batch(store, broken, limit=10, policy=NO_WAIT)
    assert (report.claimed, report.failed) == (3, 3)
    assert {row["last_error"] for row in outbox_rows(outbox).values()} == {"ConnectionError: bus unreachable"}


# ---------------------------------------------------------------- the local loop: LISTEN/NOTIFY


def test_the_local_dispatcher_is_woken_by_a_commit(outbox):
    dispatcher = LocalDispatcher(outbox, counting_router("test.counted"), sweep_seconds=60)
    dispatcher.start()
    try:
        time.sleep(0.3)  # it has swept once and now waits (60 s) for a notification
        [event_id] = insert_events(outbox, ["test.counted"])
        deadline = time.monotonic() + 3
        while effects(outbox) != [event_id]:
            assert time.monotonic() < deadline, "the commit did not wake the dispatcher"
            time.sleep(0.02)
    finally:
        dispatcher.stop()


# ---------------------------------------------------------------- who may touch it; the routes


def test_users_cannot_read_receipts_nor_call_the_outbox_functions(api, outbox):
    user = api.post("/auth/register", json={"email": "x@hima.example", "password": "Kabinet Sinergi 2025!",
                                            "name": "X"}).json["user"]["id"]
    for statement in ("select * from events.receipts", "select * from events.backlog()",
                      "select events.record_receipt('x', gen_random_uuid())"):
        with as_user(outbox, user) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(statement)


def test_the_backlog_route_is_for_services_only(api, outbox, register):
    from shared.service_client import issue_service_token

    insert_events(outbox, ["test.counted"] * 2)
    answer = api.get("/events/backlog", token=issue_service_token("monitoring", "events"))
    assert answer.status == 200, answer.json
    assert (answer.json["pending"], answer.json["failed"], answer.json["dead"]) == (2, 0, 0)
    assert answer.json["oldest_undelivered_at"]
    assert api.get("/events/backlog", token=register()["access_token"]).status == 403
    assert api.get("/events/backlog").status == 401
    assert api.get("/events/backlog", token=issue_service_token("monitoring", "users")).status == 401


@pytest.fixture
def wake_secret(monkeypatch):
    monkeypatch.setenv("EVENTS_WAKE_SECRET", "s3cret-for-tests")
    reset_settings()
    yield "s3cret-for-tests"
    monkeypatch.delenv("EVENTS_WAKE_SECRET")
    reset_settings()


def sent(seconds_ago: float = 0) -> str:
    return (datetime.now(UTC) - timedelta(seconds=seconds_ago)).isoformat()


def test_a_signed_wake_up_call_wakes_the_local_dispatcher(api, outbox, wake_secret):
    body = json.dumps({"type": "INSERT", "table": "outbox", "schema": "events", "at": sent()})
    with psycopg.connect(outbox, autocommit=True) as listener:
        listener.execute("listen events_outbox")
        answer = api.post("/events/wake", body=body, headers={
            "content-type": "application/json", SIGNATURE_HEADER: signature(wake_secret, body.encode())})
        assert answer.status == 200, answer.json
        assert answer.json["notified"] is True  # no bus here: the local dispatcher is told instead
        assert [n.channel for n in listener.notifies(timeout=2, stop_after=1)] == ["events_outbox"]


def test_a_wake_up_call_without_the_right_signature_is_refused(api, outbox, wake_secret):
    body = json.dumps({"type": "INSERT", "at": sent()})
    for headers in ({}, {SIGNATURE_HEADER: "sha256=" + "0" * 64},
                    {SIGNATURE_HEADER: signature("another secret", body.encode())},
                    {SIGNATURE_HEADER: signature(wake_secret, b'{"type": "UPDATE"}')}):
        answer = api.post("/events/wake", body=body, headers={"content-type": "application/json", **headers})
        assert answer.status == 403, (headers, answer.json)


def test_a_replayed_or_undated_wake_up_call_is_refused(api, outbox, wake_secret):
    # correctly signed, but sent 10 minutes ago (a captured call replayed), or not saying when
    for body in (json.dumps({"type": "INSERT", "at": sent(600)}), json.dumps({"type": "INSERT"}),
                 json.dumps({"type": "INSERT", "at": "yesterday"})):
        answer = api.post("/events/wake", body=body, headers={
            "content-type": "application/json", SIGNATURE_HEADER: signature(wake_secret, body.encode())})
        assert answer.status == 403 and "within 5 minutes" in answer.json["detail"], answer.json


def test_wake_up_calls_are_refused_where_no_secret_is_configured(api, outbox):
    answer = api.post("/events/wake", body="{}", headers={"content-type": "application/json",
                                                          SIGNATURE_HEADER: signature("x", b"{}")})
    assert answer.status == 403
    assert "no wake-up secret" in answer.json["detail"]


def test_the_scheduled_run_reports_and_prunes(outbox):
    from functions.events.handlers.dispatch import handler

    [old, fresh] = insert_events(outbox, ["test.counted"] * 2)
    with psycopg.connect(outbox) as conn:
        conn.execute("update events.outbox set state = 'delivered', delivered_at = now() - interval '40 days'"
                     " where id = %s", (old,))
        conn.execute("insert into events.receipts (consumer, event_id, handled_at) values"
                     " ('test_counter', %s, now() - interval '40 days')", (old,))
    result = handler({"job": "events.sweep"}, None)
    assert result["report"]["notified"] is True
    assert result["backlog"]["pending"] == 1
    assert set(outbox_rows(outbox)) == {fresh}
    with psycopg.connect(outbox) as conn:
        assert conn.execute("select count(*) from events.receipts").fetchone()[0] == 0


# ---------------------------------------------------------------- one transaction a batch


def _sqs_batch(outbox: str, types: list[str], payloads: list[dict]) -> tuple[dict, list[str]]:
    ids = [insert_events(outbox, [kind], **payload)[0] for kind, payload in zip(types, payloads, strict=True)]
    with store_on(outbox) as store:
        claimed = {str(event.id): event for event in store.claim(len(ids))}
    records = [sqs_record("TestQueue", json.dumps(eventbridge_event(claimed[i])), 1) for i in ids]
    return {"Records": records}, ids


def test_in_a_batch_one_failing_event_fails_alone_and_leaves_no_effect(outbox):
    from tests.support.events import picky

    batch, ids = _sqs_batch(outbox, ["test.picky"] * 3, [{}, {"fail": True}, {}])
    answer = picky(batch, None)
    assert answer["batchItemFailures"] == [{"itemIdentifier": batch["Records"][1]["messageId"]}]
    assert effects(outbox, "test_picky") == [ids[0], ids[2]]  # the refused one's effect rolled back
    with psycopg.connect(outbox) as conn:
        received = {str(row[0]) for row in conn.execute(
            "select event_id from events.receipts where consumer = 'test_picky'")}
    assert received == {ids[0], ids[2]}  # its receipt too: it comes again
    batch["Records"] = batch["Records"][1:2]
    assert picky(batch, None)["batchItemFailures"] == [{"itemIdentifier": batch["Records"][0]["messageId"]}]


def test_a_batch_whose_commit_fails_leaves_nothing_and_fails_every_record(outbox):
    from tests.support.events import colliding

    with psycopg.connect(outbox, autocommit=True) as conn:
        conn.execute("create table if not exists public.test_deferred (k int unique deferrable initially deferred)")
        conn.execute("grant insert on public.test_deferred to service_role")
        conn.execute("truncate public.test_deferred")
    batch, _ids = _sqs_batch(outbox, ["test.colliding"] * 2, [{}, {}])
    answer = colliding(batch, None)  # the second row's key collides at commit
    assert sorted(f["itemIdentifier"] for f in answer["batchItemFailures"]) == sorted(
        r["messageId"] for r in batch["Records"])
    assert effects(outbox, "test_colliding") == []
    with psycopg.connect(outbox) as conn:
        assert conn.execute("select count(*) from events.receipts where consumer = 'test_colliding'").fetchone()[0] == 0


def test_the_same_event_twice_in_a_batch_is_handled_once(outbox):
    batch, ids = _sqs_batch(outbox, ["test.counted"], [{}])
    batch["Records"].append({**batch["Records"][0], "messageId": "copy"})
    assert counter(batch, None)["batchItemFailures"] == []
    assert effects(outbox) == ids
