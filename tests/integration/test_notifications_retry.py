"""An event naming someone who has no profile yet is not lost: the notifications consumer tells everyone
else, does not acknowledge the event, and gets it again (through the dispatcher and template.yaml's
routing, as under make dev) until that person can be told, exactly once, or the event is dead and the
counts show it. Whoever was told already is not told again on any channel: inbox, e-mail (SES,
moto), the organization's webhook."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg.rows import dict_row

from functions.events.dispatcher import RetryPolicy
from functions.notifications import channels
from functions.notifications.consumers import notify
from infra.local.events import LocalDispatcher, LocalRouter
from shared.config import reset_settings
from shared.service_client import issue_service_token
from tests.support.notifications import Receiver, inbox, set_settings
from tests.support.programs import make_program, make_world, register_people

THREE_TRIES = RetryPolicy(max_attempts=3, backoff_base=0, backoff_max=0)


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    tag = uuid.uuid4().hex[:6]
    people = register_people(api, tag)
    ids = make_world(database, people)
    ids["program"] = make_program(database, ids, people, "dalam_progres", name="Seminar Nasional")
    return {"ids": ids, "tag": tag, "id": {who: p["id"] for who, p in people.items()},
            "token": {who: p["token"] for who, p in people.items()}}


@pytest.fixture
def outside(monkeypatch) -> Iterator[Receiver]:
    """SES (moto) with a sender, and a local receiver the organization's webhook may call."""
    from moto import mock_aws

    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                        ("AWS_DEFAULT_REGION", "ap-southeast-1"),
                        ("NOTIFICATION_EMAIL_SENDER", "noreply@proker.example"),
                        ("NOTIFY_ALLOW_PRIVATE_TARGETS", "true"), ("NOTIFY_WEBHOOK_BACKOFF", "0")):
        monkeypatch.setenv(name, value)
    reset_settings()
    channels.reset()
    with mock_aws(), Receiver() as receiver:
        import boto3

        boto3.client("ses", region_name="ap-southeast-1").verify_email_identity(EmailAddress="noreply@proker.example")
        yield receiver
    channels.reset()
    monkeypatch.undo()
    reset_settings()


def mailed_of_the_comment() -> list[str]:
    """Whom SES was asked to send the comment's e-mail (other events of the outbox send their own)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    sent = ses_backends[DEFAULT_ACCOUNT_ID]["ap-southeast-1"].sent_messages
    return sorted(m.destinations["ToAddresses"][0] for m in sent if "Komentar baru pada Sewa gedung" in m.subject)


def comment_for(database: str, world: dict, *assignees: str) -> str:
    """A comment.created event in the outbox, as the tasks service's trigger writes it."""
    with psycopg.connect(database) as conn:
        row = conn.execute(
            "insert into events.outbox (type, aggregate, aggregate_id, organization_id, payload)"
            " values ('comment.created', 'comment', gen_random_uuid(), %s, %s) returning id::text",
            (world["ids"]["org"], json.dumps({
                "task_id": str(uuid.uuid4()), "program_id": world["ids"]["program"], "title": "Sewa gedung",
                "body": "Sudah DP 50%", "author_id": world["id"]["ketua"], "assignees": list(assignees)}))).fetchone()
    assert row is not None
    return str(row[0])


def outbox_row(database: str, event_id: str) -> dict[str, Any]:
    with psycopg.connect(database, row_factory=dict_row) as conn:
        row = conn.execute("select state, attempts, last_error from events.outbox where id = %s",
                           (event_id,)).fetchone()
    assert row is not None
    return row


def count(database: str, query: str, *params: Any) -> int:
    with psycopg.connect(database) as conn:
        row = conn.execute(query, params).fetchone()
    return int(row[0]) if row else 0


def give_profile(database: str, user_id: str, name: str = "Anggota Baru") -> None:
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("insert into user_service.profiles (user_id, email, display_name) values (%s, %s, %s)",
                     (user_id, f"{user_id[:8]}@proker.example", name))


def test_an_event_for_someone_without_a_profile_is_retried_and_ends_dead_in_the_counts(api, database, world):
    ghost = str(uuid.uuid4())  # an account whose profile does not exist (yet)
    event_id = comment_for(database, world, ghost)
    dispatcher = LocalDispatcher(database, LocalRouter(), policy=THREE_TRIES)

    assert dispatcher.sweep().failed == 1  # not acknowledged as done
    assert outbox_row(database, event_id)["state"] == "failed"
    assert count(database, "select count(*) from events.receipts where event_id = %s", event_id) == 0
    dispatcher.sweep()
    assert dispatcher.sweep().dead == 1
    row = outbox_row(database, event_id)
    assert (row["state"], row["attempts"]) == ("dead", 3) and "NotificationsNotifyFunction failed" in row["last_error"]
    backlog = api.get("/events/backlog", token=issue_service_token("monitoring", "events")).json
    assert (backlog["failed"], backlog["dead"]) == (0, 1)  # the counts an operator's tools read
    assert inbox(database, ghost) == []


def test_once_the_profile_exists_a_retry_tells_them_and_nobody_twice(api, database, world, outside):
    ghost = str(uuid.uuid4())
    # anggota hears of comments by e-mail only (no inbox row to tell a retry they were told), pj in the app and
    # by e-mail; the organization's webhook hears of every comment
    set_settings(api, world["token"]["anggota"], comment={"in_app": False, "email": True})
    set_settings(api, world["token"]["pj"], comment={"in_app": True, "email": True})
    webhook = api.post("/notifications/webhooks", token=world["token"]["ketua"], json={
        "organization_id": world["ids"]["org"], "url": f"{outside.base}/hook", "event_types": ["comment.created"]})
    assert webhook.status == 201, webhook.json
    event_id = comment_for(database, world, world["id"]["anggota"], world["id"]["pj"], ghost)
    dispatcher = LocalDispatcher(database, LocalRouter(), policy=THREE_TRIES)
    told_once = sorted(f"{who}.{world['tag']}@proker.example" for who in ("anggota", "pj"))

    for attempt in (1, 2):  # the profile is still missing: the others are told on the first try only
        assert dispatcher.sweep().failed == 1
        assert (outbox_row(database, event_id)["state"], outbox_row(database, event_id)["attempts"]) == (
            "failed", attempt)
        assert mailed_of_the_comment() == told_once
        assert len(inbox(database, world["id"]["pj"])) == 1 and inbox(database, world["id"]["anggota"]) == []
        assert len(outside.at("/hook")) == 1

    give_profile(database, ghost)  # before the event is dead
    assert dispatcher.sweep().delivered == 1
    [note] = inbox(database, ghost)
    assert (note["type"], note["title"]) == ("comment.created", "Komentar baru pada Sewa gedung")
    assert mailed_of_the_comment() == told_once and len(inbox(database, world["id"]["pj"])) == 1
    assert len(outside.at("/hook")) == 1
    assert outbox_row(database, event_id)["state"] == "delivered"
    assert count(database, "select count(*) from events.receipts where consumer = 'notifications'"
                           " and event_id = %s", event_id) == 1
    assert count(database, "select count(*) from notification_service.told") == 0  # owed to nobody: forgotten
    assert dispatcher.sweep().claimed == 0


def test_the_consumer_function_fails_the_record_of_someone_without_a_profile_and_no_other(database, world):
    from tests.integration.test_notifications_consumer import sqs_event
    from tests.support.notifications import event

    waiting = event("task.assigned", world["ids"]["org"], {
        "task_id": str(uuid.uuid4()), "program_id": world["ids"]["program"], "title": "X", "user_id": str(uuid.uuid4()),
        "actor": world["id"]["ketua"]})
    told = event("task.assigned", world["ids"]["org"], {
        "task_id": str(uuid.uuid4()), "program_id": world["ids"]["program"], "title": "Y",
        "user_id": world["id"]["anggota"], "actor": world["id"]["ketua"]})
    batch = sqs_event(waiting, told)
    answer = notify.handler(batch, None)
    assert answer == {"batchItemFailures": [{"itemIdentifier": batch["Records"][0]["messageId"]}]}
    assert count(database, "select count(*) from events.receipts where event_id = %s", str(waiting.id)) == 0
    assert count(database, "select count(*) from events.receipts where event_id = %s", str(told.id)) == 1
