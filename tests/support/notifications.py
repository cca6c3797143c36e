"""For the notification tests: the events the outbox holds (as the consumer receives them), the
notifier run on them in a real ``service_role`` transaction, a recording stand-in for SES and HTTP,
and a local HTTP receiver (Discord, Slack, a webhook) that answers as told and records every request."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import psycopg
from psycopg.rows import dict_row

from shared.consumer import DomainEvent


def outbox_events(database_url: str, org_id: str, types: Iterable[str] | None = None) -> list[DomainEvent]:
    """The organization's events in the outbox, oldest first, as the consumer gets them."""
    wanted = list(types) if types is not None else None
    with psycopg.connect(database_url, row_factory=dict_row) as conn:
        rows = conn.execute("select id, type, aggregate, aggregate_id, organization_id, occurred_at, payload"
                            " from events.outbox where organization_id = %s order by occurred_at, id",
                            (org_id,)).fetchall()
    return [DomainEvent(**row) for row in rows if wanted is None or row["type"] in wanted]


def event(type_: str, org_id: str | None, payload: Mapping[str, Any], aggregate: str = "task") -> DomainEvent:
    """An event as another service's job writes it (task.due_soon, task.overdue, report.generated)."""
    return DomainEvent(id=uuid.uuid4(), type=type_, aggregate=aggregate, aggregate_id=uuid.uuid4(),
                       organization_id=uuid.UUID(org_id) if org_id else None, occurred_at=datetime.now(UTC),
                       payload=json.loads(json.dumps(dict(payload), default=str)))


@dataclass
class RecordingOutside:
    """Stands in for SES and HTTP: records what would be sent; POSTs answer ``status``."""

    status: int = 200
    emails: list[dict[str, str]] = field(default_factory=list)
    posts: list[dict[str, Any]] = field(default_factory=list)

    def send_email(self, to: str, subject: str, text: str, html: str) -> bool:
        self.emails.append({"to": to, "subject": subject, "text": text, "html": html})
        return True

    def post(self, target: Any, body: bytes, headers: Mapping[str, str], timeout: float) -> int:
        self.posts.append({"url": target.url, "address": target.address, "body": json.loads(body),
                           "headers": dict(headers)})
        return self.status


def notify_all(events: Iterable[DomainEvent], outside: Any = None) -> list[Any]:
    """Run the notifier on each event in its own committed service_role transaction (as the consumer
    does, without the receipt); the outcomes."""
    from functions.notifications import channels, notifier
    from functions.notifications.repository import notifier_store
    from shared.db import service_transaction

    outcomes = []
    for item in events:
        with service_transaction("notifications") as tx:
            outcomes.append(notifier.notify(notifier_store(tx), outside or channels.live(), item, sleep=lambda s: None))
            tx.commit()
    return outcomes


def inbox(database_url: str, user_id: str) -> list[dict[str, Any]]:
    with psycopg.connect(database_url, row_factory=dict_row) as conn:
        return conn.execute("select * from notification_service.notifications where recipient = %s"
                            " order by created_at, id", (user_id,)).fetchall()


def add_notification(database_url: str, recipient: str, title: str = "Tugas baru", *, read: bool = False,
                     created_at: datetime | None = None, type_: str = "task.assigned") -> str:
    """An inbox row made directly (test setup, as a superuser)."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        row = conn.execute(
            "insert into notification_service.notifications (recipient, type, title, body, link, event_id,"
            " created_at, read_at) values (%s, %s, %s, 'Isi', '/tasks/x', gen_random_uuid(),"
            " coalesce(%s, clock_timestamp()), case when %s then now() end) returning id::text",
            (recipient, type_, title, created_at, read)).fetchone()
    assert row is not None
    return str(row[0])


def set_settings(api: Any, token: str, *, language: str = "id", **channels: dict[str, bool]) -> None:
    """Change a user's language and some kinds' channels through the users API."""
    settings = api.get("/users/me/settings", token=token).json
    settings["language"] = language
    for kind, values in channels.items():
        settings["notifications"][kind] = {**settings["notifications"][kind], **values}
    response = api.put("/users/me/settings", token=token, json=settings)
    assert response.status == 200, response.json


# ---- a local HTTP receiver ----

@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


class Receiver:
    """A ThreadingHTTPServer on 127.0.0.1 (a free port). ``answers[path]`` lists the statuses to give in
    turn (the last one repeats; 200 when none); ``delays[path]`` seconds to wait before answering."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.answers: dict[str, list[int]] = {}
        self.delays: dict[str, float] = {}
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # the name http.server calls
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with receiver._lock:
                    receiver.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()},
                                                      body))
                    statuses = receiver.answers.get(self.path) or [200]
                    status = statuses.pop(0) if len(statuses) > 1 else statuses[0]
                    delay = receiver.delays.get(self.path, 0.0)
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"{}")
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                    pass

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def at(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def receiver() -> Iterator[Receiver]:
    with Receiver() as running:
        yield running
