"""One correlation id per request, carried wherever the request leads (docs/operations.md).

A request's id is its ``X-Request-Id`` header when that is a sensible id (letters, digits and ``._:-``, at
most 128 characters), else API Gateway's own request id; the answer carries it back in ``X-Request-Id``.
From there it goes:

- into every log line of the function (Powertools Logger's ``correlation_id``);
- into the database transaction (``proker.correlation_id``, local to it), so each event the request
  writes to the outbox keeps it (``events.outbox.correlation_id``);
- with the event through the dispatcher and the bus to each consumer, which logs with it and passes it
  on to the events it writes in turn;
- in the ``X-Request-Id`` header of calls to other services (shared/service_client.py).

``current()`` is the id of what this execution environment is doing now (None outside a request or an
event); ``using(id)`` sets it for a block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

HEADER = "X-Request-Id"
SETTING = "proker.correlation_id"
_ACCEPTED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
_current: ContextVar[str | None] = ContextVar("correlation_id", default=None)


def accepted(value: str | None) -> str | None:
    """``value`` if it may serve as a correlation id (else None: a fresh one is used instead)."""
    return value if value is not None and _ACCEPTED.fullmatch(value) else None


def of_http_event(event: Mapping[str, Any]) -> str | None:
    """An API Gateway HTTP API event's id: its ``X-Request-Id``, else the gateway's request id."""
    headers = event.get("headers") or {}
    given = next((value for name, value in headers.items() if name.lower() == HEADER.lower()), None)
    return accepted(given) or (event.get("requestContext") or {}).get("requestId")


def current() -> str | None:
    return _current.get()


@contextmanager
def using(value: str | None) -> Iterator[str | None]:
    token = _current.set(value)
    try:
        yield value
    finally:
        _current.reset(token)
