"""Outgoing HTTP: the organization's Discord and Slack channels and its signed webhooks, checked against a
local HTTP receiver (a ThreadingHTTPServer on 127.0.0.1): payload shapes, the HMAC signature, retries
on 5xx and timeouts (not on 4xx), the delivery log the board reads; and the webhook endpoints (the
board only, URLs that lead outside, at most MAX_WEBHOOKS)."""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from functions.notifications.models import MAX_WEBHOOKS
from shared.config import reset_settings
from tests.support.notifications import Receiver, event, inbox, notify_all, outbox_events, set_settings
from tests.support.programs import as_user, make_program, make_world, register_people


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    people = register_people(api, uuid.uuid4().hex[:6])
    ids = make_world(database, people)
    ids["program"] = make_program(database, ids, people, "dalam_progres", name="Seminar Nasional")
    return {"people": people, "ids": ids, "id": {who: p["id"] for who, p in people.items()},
            "token": {who: p["token"] for who, p in people.items()}}


@pytest.fixture
def local_targets(monkeypatch) -> Iterator[None]:
    """Let the consumer call 127.0.0.1 (the receiver), retry without waiting, time out quickly."""
    monkeypatch.setenv("NOTIFY_ALLOW_PRIVATE_TARGETS", "true")
    monkeypatch.setenv("NOTIFY_WEBHOOK_BACKOFF", "0")
    monkeypatch.setenv("NOTIFY_HTTP_TIMEOUT", "0.5")
    reset_settings()
    yield
    monkeypatch.undo()
    reset_settings()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as running:
        yield running


def set_chat(database: str, org: str, discord: str | None, slack: str | None) -> None:
    """The organization's Discord and Slack URLs, as the board sets them (the API would refuse these local
    receivers' URLs, as AWS's consumer does without NOTIFY_ALLOW_PRIVATE_TARGETS)."""
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("insert into organization_service.chat_channels (organization_id, discord_webhook_url,"
                     " slack_webhook_url) values (%s, %s, %s) on conflict (organization_id) do update"
                     " set discord_webhook_url = excluded.discord_webhook_url,"
                     " slack_webhook_url = excluded.slack_webhook_url", (org, discord, slack))


def create_webhook(api, world, url: str, types: list[str] | None = None, by: str = "ketua") -> Any:
    return api.post("/notifications/webhooks", token=world["token"][by], json={
        "organization_id": world["ids"]["org"], "url": url, "event_types": types or ["task.assigned"],
        "description": "Integrasi"})


def new_task(api, world, assignees: tuple[str, ...] = ("anggota",)) -> str:
    response = api.post(f"/programs/{world['ids']['program']}/tasks", token=world["token"]["ketua"], json={
        "title": "Sewa gedung", "due_date": "2026-12-01", "outside_program_dates": True,
        "assignees": [world["id"][who] for who in assignees]})
    assert response.status == 201, response.json
    return response.json["id"]


# ---- Discord and Slack ----

def test_chat_goes_to_discord_as_an_embed_and_to_slack_as_blocks(api, database, world, local_targets, receiver):
    set_chat(database, world["ids"]["org"], f"{receiver.base}/discord", f"{receiver.base}/slack")
    set_settings(api, world["token"]["anggota"], task_assigned={"chat": True})
    task = new_task(api, world, assignees=("anggota", "pj"))  # pj keeps chat off: one post per event anyway
    [outcome] = notify_all(outbox_events(database, world["ids"]["org"], ["task.assigned"])[:1])
    assert sorted(outcome.chats) == ["discord", "slack"]
    [discord] = receiver.at("/discord")
    assert discord.headers["content-type"] == "application/json"
    embed = discord.json["embeds"][0]
    assert discord.json["username"] == "Proker Tracker" and discord.json["allowed_mentions"] == {"parse": []}
    assert embed["title"] == "Tugas baru: Sewa gedung"
    assert embed["description"] == "ketua menugaskan anggota pada tugas “Sewa gedung” (Seminar Nasional)."
    assert embed["url"] == f"http://127.0.0.1:5173/tasks/{task}" and isinstance(embed["color"], int)
    assert embed["footer"]["text"].startswith("HIMA ") and embed["timestamp"]
    [slack] = receiver.at("/slack")
    blocks = slack.json["blocks"]
    assert slack.json["text"] == "Tugas baru: Sewa gedung"
    assert [b["type"] for b in blocks] == ["header", "section", "context"]
    assert blocks[0]["text"] == {"type": "plain_text", "text": "Tugas baru: Sewa gedung"}
    assert blocks[1]["text"]["type"] == "mrkdwn" and "“Sewa gedung”" in blocks[1]["text"]["text"]
    assert f"<http://127.0.0.1:5173/tasks/{task}|Buka di Proker Tracker>" in blocks[2]["elements"][0]["text"]


def test_no_chat_unless_a_recipient_asked_for_it(api, database, world, local_targets, receiver):
    set_chat(database, world["ids"]["org"], f"{receiver.base}/discord", f"{receiver.base}/slack")
    new_task(api, world)
    [outcome] = notify_all(outbox_events(database, world["ids"]["org"], ["task.assigned"]))
    assert outcome.chats == [] and receiver.received == []


def test_chat_is_retried_on_a_5xx(api, database, world, local_targets, receiver):
    set_chat(database, world["ids"]["org"], f"{receiver.base}/discord", None)
    receiver.answers["/discord"] = [502, 204]
    set_settings(api, world["token"]["anggota"], task_assigned={"chat": True})
    new_task(api, world)
    [outcome] = notify_all(outbox_events(database, world["ids"]["org"], ["task.assigned"]))
    assert outcome.chats == ["discord"] and len(receiver.at("/discord")) == 2


# ---- signed webhooks ----

def test_a_webhook_gets_the_event_signed_retried_on_5xx_then_delivered(api, database, world, local_targets, receiver):
    created = create_webhook(api, world, f"{receiver.base}/hook", ["task.assigned", "task.created"])
    assert created.status == 201, created.json
    secret, webhook = created.json["secret"], created.json["id"]
    receiver.answers["/hook"] = [500, 503, 200]
    task = new_task(api, world)
    assigned = outbox_events(database, world["ids"]["org"], ["task.assigned"])
    [outcome] = notify_all(assigned)
    assert outcome.webhooks == {uuid.UUID(webhook): True}
    calls = receiver.at("/hook")
    assert len(calls) == 3 and len({c.body for c in calls}) == 1  # the same body each time
    for call in calls:
        signed = call.headers["x-proker-timestamp"].encode() + b"." + call.body  # the timestamp is signed too
        expected = "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(call.headers["x-proker-signature"], expected)
        assert abs(int(call.headers["x-proker-timestamp"]) - time.time()) < 60
        assert call.headers["x-proker-event"] == "task.assigned"
        assert call.headers["x-proker-delivery"] == str(assigned[0].id)
        assert call.headers["content-type"] == "application/json"
    body = calls[0].json
    assert set(body) == {"id", "type", "occurred_at", "organization_id", "data"}
    assert (body["id"], body["type"], body["organization_id"]) == (str(assigned[0].id), "task.assigned",
                                                                   world["ids"]["org"])
    assert body["data"]["task_id"] == task and body["data"]["user_id"] == world["id"]["anggota"]
    # the delivery log, newest first, as the board reads it
    log = api.get(f"/notifications/webhooks/{webhook}/deliveries", token=world["token"]["ketua"])
    assert log.status == 200, log.json
    attempts = [(d["attempt"], d["status_code"], d["error"]) for d in log.json["items"]]
    assert attempts == [(3, 200, None), (2, 503, "HTTP 503"), (1, 500, "HTTP 500")]
    assert all(d["event_id"] == str(assigned[0].id) and d["event_type"] == "task.assigned" for d in log.json["items"])
    page = api.get(f"/notifications/webhooks/{webhook}/deliveries?limit=2", token=world["token"]["ketua"]).json
    rest = api.get(f"/notifications/webhooks/{webhook}/deliveries?limit=2&cursor={page['next_cursor']}",
                   token=world["token"]["ketua"]).json
    assert [d["attempt"] for d in page["items"] + rest["items"]] == [3, 2, 1] and rest["next_cursor"] is None


def test_a_4xx_is_not_retried_and_attempts_stop_at_the_limit(api, database, world, local_targets, receiver):
    refusing = create_webhook(api, world, f"{receiver.base}/refuses").json
    failing = create_webhook(api, world, f"{receiver.base}/fails").json
    receiver.answers["/refuses"] = [410]
    receiver.answers["/fails"] = [500]
    new_task(api, world)
    [outcome] = notify_all(outbox_events(database, world["ids"]["org"], ["task.assigned"]))
    assert outcome.webhooks == {uuid.UUID(refusing["id"]): False, uuid.UUID(failing["id"]): False}
    assert len(receiver.at("/refuses")) == 1 and len(receiver.at("/fails")) == 3
    log = api.get(f"/notifications/webhooks/{failing['id']}/deliveries", token=world["token"]["wakil_ketua"]).json
    assert [(d["attempt"], d["status_code"]) for d in log["items"]] == [(3, 500), (2, 500), (1, 500)]


def test_a_timeout_is_retried_and_logged(api, database, world, local_targets, receiver):
    webhook = create_webhook(api, world, f"{receiver.base}/slow").json
    receiver.delays["/slow"] = 1.0  # longer than NOTIFY_HTTP_TIMEOUT (0.5 s)
    new_task(api, world)
    [outcome] = notify_all(outbox_events(database, world["ids"]["org"], ["task.assigned"]))
    assert outcome.webhooks == {uuid.UUID(webhook["id"]): False}
    log = api.get(f"/notifications/webhooks/{webhook['id']}/deliveries", token=world["token"]["ketua"]).json
    assert [d["attempt"] for d in log["items"]] == [3, 2, 1]
    assert all(d["status_code"] is None and "Timeout" in d["error"] for d in log["items"])


def test_only_subscribed_types_and_active_webhooks_of_the_organization(api, database, world, local_targets, receiver):
    create_webhook(api, world, f"{receiver.base}/comments", ["comment.created"])
    paused = create_webhook(api, world, f"{receiver.base}/paused").json
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("update notification_service.webhooks set active = false where id = %s", (paused["id"],))
    new_task(api, world)
    notify_all(outbox_events(database, world["ids"]["org"]))
    assert receiver.received == []  # nothing subscribed to task.created / task.assigned is active
    other = event("task.assigned", str(uuid.uuid4()), {"title": "X"})  # another organization's event
    notify_all([other])
    assert receiver.received == []


def test_a_webhook_to_a_private_address_is_refused_when_sending(api, database, world, local_targets, receiver,
                                                                monkeypatch):
    webhook = create_webhook(api, world, f"{receiver.base}/hook").json
    monkeypatch.setenv("NOTIFY_ALLOW_PRIVATE_TARGETS", "false")  # as on AWS
    reset_settings()
    new_task(api, world)
    notify_all(outbox_events(database, world["ids"]["org"], ["task.assigned"]))
    assert receiver.received == []
    log = api.get(f"/notifications/webhooks/{webhook['id']}/deliveries", token=world["token"]["ketua"]).json
    assert len(log["items"]) == 1 and log["items"][0]["error"].startswith("refused: the URL")


def test_the_inbox_is_written_even_when_every_webhook_fails(api, database, world, local_targets, receiver):
    create_webhook(api, world, f"{receiver.base}/down")
    receiver.answers["/down"] = [503]
    new_task(api, world)
    notify_all(outbox_events(database, world["ids"]["org"], ["task.assigned"]))
    assert len(inbox(database, world["id"]["anggota"])) == 1


# ---- the webhook endpoints ----

def test_the_board_creates_lists_and_deletes_webhooks(api, world, local_targets):
    created = create_webhook(api, world, "https://hooks.example.org/proker", ["task.assigned", "task.assigned",
                                                                              "program.status_changed"])
    assert created.status == 201, created.json
    webhook = created.json
    assert len(webhook["secret"]) == 64 and webhook["event_types"] == ["task.assigned", "program.status_changed"]
    assert (webhook["url"], webhook["active"], webhook["created_by"]) == (
        "https://hooks.example.org/proker", True, world["id"]["ketua"])
    listed = api.get(f"/notifications/webhooks?organization_id={world['ids']['org']}",
                     token=world["token"]["wakil_ketua"])
    assert listed.status == 200 and [w["id"] for w in listed.json["items"]] == [webhook["id"]]
    assert "secret" not in listed.json["items"][0]
    assert api.delete(f"/notifications/webhooks/{webhook['id']}", token=world["token"]["wakil_ketua"]).status == 204
    assert api.delete(f"/notifications/webhooks/{webhook['id']}", token=world["token"]["ketua"]).status == 404
    assert api.get(f"/notifications/webhooks?organization_id={world['ids']['org']}",
                   token=world["token"]["ketua"]).json["items"] == []


@pytest.mark.parametrize(("who", "status"), [("sekretaris", 403), ("bendahara", 403), ("kepala_departemen", 403),
                                             ("anggota", 403), ("pembina", 403), ("outsider", 404)])
def test_only_the_board_manages_webhooks(api, world, who, status):
    refused = create_webhook(api, world, "https://hooks.example.org/proker", by=who)
    assert refused.status == status, refused.json
    listed = api.get(f"/notifications/webhooks?organization_id={world['ids']['org']}", token=world["token"][who])
    assert listed.status == status
    webhook = create_webhook(api, world, "https://hooks.example.org/proker").json
    # another member cannot see it at all: 404, as for an unknown id
    assert api.delete(f"/notifications/webhooks/{webhook['id']}", token=world["token"][who]).status == 404
    assert api.get(f"/notifications/webhooks/{webhook['id']}/deliveries", token=world["token"][who]).status == 404


@pytest.mark.parametrize(("url", "reason"), [
    ("http://hooks.example.org/proker", "must use https"),
    ("https://127.0.0.1/hook", "private, loopback or reserved"),
    ("https://10.1.2.3/hook", "private, loopback or reserved"),
    ("https://169.254.169.254/latest/meta-data", "private, loopback or reserved"),
    ("https://[::1]/hook", "private, loopback or reserved"),
    ("https://localhost/hook", "local host"),
    ("https://printer.local/hook", "local host"),
    ("https://user:pass@hooks.example.org/x", "user name or password"),
])
def test_webhook_urls_must_lead_outside(api, world, url, reason):
    refused = create_webhook(api, world, url)
    assert refused.status == 422, refused.json
    assert refused.json["errors"][0]["field"] == "body.url" and reason in refused.json["errors"][0]["message"]


@pytest.mark.parametrize(("body", "field"), [
    ({"url": "https://h.example.org/x", "event_types": []}, "body.event_types"),
    ({"url": "https://h.example.org/x", "event_types": ["invitation.created"]}, "body.event_types.0"),
    ({"url": "ftp://h.example.org/x", "event_types": ["task.assigned"]}, "body.url"),
    ({"url": "https://h.example.org/x", "event_types": ["task.assigned"], "secret": "mine"}, "body.secret"),
    ({"url": "https://h.example.org/x"}, "body.event_types"),
])
def test_bad_webhook_input_names_the_field(api, world, body, field):
    refused = api.post("/notifications/webhooks", token=world["token"]["ketua"],
                       json={"organization_id": world["ids"]["org"], **body})
    assert refused.status == 422, refused.json
    assert field in [error["field"] for error in refused.json["errors"]]
    assert api.get("/notifications/webhooks", token=world["token"]["ketua"]).json["errors"][0]["field"] == \
        "query.organization_id"


def test_an_organization_has_at_most_max_webhooks(api, world):
    for n in range(MAX_WEBHOOKS):
        assert create_webhook(api, world, f"https://hooks.example.org/{n}").status == 201
    refused = create_webhook(api, world, "https://hooks.example.org/one-more")
    assert refused.status == 409 and str(MAX_WEBHOOKS) in refused.json["detail"]


def test_rls_keeps_the_secret_and_other_organizations_webhooks_away(api, database, world):
    webhook = create_webhook(api, world, "https://hooks.example.org/proker").json
    with as_user(database, world["id"]["ketua"]) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("select secret from notification_service.webhooks")
    with as_user(database, world["id"]["sekretaris"]) as conn:
        assert conn.execute("select id from notification_service.webhooks").fetchall() == []
        assert conn.execute("select id from notification_service.webhook_deliveries").fetchall() == []
    with as_user(database, world["id"]["sekretaris"]) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("insert into notification_service.webhooks (organization_id, url, secret, event_types,"
                     " created_by) values (%s, 'https://x.example.org', repeat('s', 40), '{task.assigned}', %s)",
                     (world["ids"]["org"], world["id"]["sekretaris"]))
    with as_user(database, world["id"]["ketua"]) as conn:
        assert [str(r[0]) for r in conn.execute("select id from notification_service.webhooks")] == [webhook["id"]]
