"""The world outside: e-mail through Amazon SES (boto3) and HTTP POSTs to Discord, Slack and the
organizations' signed webhooks (httpx). Clients are created on first use, never at import (boto3
costs ~180 ms of cold start, docs/performance.md, "What an import costs"), and kept for the warm execution environment.

These sends happen inside the consumer's database transaction (the inbox rows and the receipt commit
together after them), so none may hold it for long: every request has a short timeout
(``NOTIFY_HTTP_TIMEOUT``, 5 s; SES's client the same, with one retry), webhooks are retried a few
times with a doubling backoff only on what may pass (5xx, 429, timeouts, connection errors), and
once an event's send budget (``NOTIFY_SEND_BUDGET``, 20 s) is spent no further attempt starts.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from aws_lambda_powertools import Logger

from functions.notifications.targets import Target, UnsafeTarget, resolve
from shared.config import get_settings

logger = Logger(child=True)

SIGNATURE_HEADER = "X-Proker-Signature"
TIMESTAMP_HEADER = "X-Proker-Timestamp"
EVENT_HEADER = "X-Proker-Event"
DELIVERY_HEADER = "X-Proker-Delivery"
USER_AGENT = "ProkerTracker-Notifications/1"
MAX_ERROR = 500


@dataclass(frozen=True)
class Attempt:
    """One try of a POST: its number, the status that came back (None: none did), what went wrong."""

    number: int
    status_code: int | None
    error: str | None
    duration_ms: int
    refused: bool = False
    """Not sent at all (the URL leads somewhere it must not): trying again would not help."""

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def retryable(self) -> bool:
        if self.refused:
            return False
        return self.status_code is None or self.status_code >= 500 or self.status_code == 429


class Budget:
    """The time an event's external sends may still take (they run inside its transaction)."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._ends = clock() + seconds

    def remaining(self) -> float:
        return max(0.0, self._ends - self._clock())

    @property
    def spent(self) -> bool:
        return self.remaining() <= 0


class Outside(Protocol):
    """What the notifier sends through (tests pass fakes or these real ones)."""

    def send_email(self, to: str, subject: str, text: str, html: str) -> bool:
        """Send it; False when e-mail is switched off (no sender configured)."""
        ...

    def post(self, target: Target, body: bytes, headers: Mapping[str, str], timeout: float) -> int:
        """POST to ``target`` (resolved and checked just before: ``targets.resolve``); the HTTP status."""
        ...


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The ``X-Proker-Signature`` value: ``sha256=`` and the hex HMAC-SHA256 of ``<timestamp>.<raw body>``.
    The timestamp is signed too, so a receiver can refuse an old delivery replayed to it."""
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def signed_headers(secret: str, body: bytes, *, event_type: str, event_id: str, now: float | None = None
                   ) -> dict[str, str]:
    timestamp = str(int(now if now is not None else time.time()))
    return {
        "Content-Type": "application/json",
        EVENT_HEADER: event_type,
        DELIVERY_HEADER: event_id,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(secret, timestamp, body),
    }


def json_body(payload: Any) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def post_with_retries(outside: Outside, url: str, body: bytes, headers: Mapping[str, str], *, budget: Budget,
                      on_attempt: Callable[[Attempt], None] = lambda attempt: None,
                      sleep: Callable[[float], None] | None = None) -> bool:
    """POST until a 2xx, a final refusal (another 4xx), the last attempt or the budget's end; report
    every attempt to ``on_attempt``. True when delivered."""
    settings = get_settings()
    sleep = sleep or time.sleep
    for number in range(1, settings.notify_webhook_attempts + 1):
        if budget.spent:
            on_attempt(Attempt(number, None, "not sent: the event's send budget is spent", 0, refused=True))
            return False
        attempt = _attempt(outside, url, body, headers, number, min(settings.notify_http_timeout, budget.remaining()))
        on_attempt(attempt)
        if attempt.delivered:
            return True
        if not attempt.retryable or number == settings.notify_webhook_attempts:
            return False
        pause = settings.notify_webhook_backoff * 2 ** (number - 1)
        if pause >= budget.remaining():
            return False
        sleep(pause)
    return False


def _attempt(outside: Outside, url: str, body: bytes, headers: Mapping[str, str], number: int,
             timeout: float) -> Attempt:
    started = time.monotonic()
    try:
        target = resolve(url, allow_private=get_settings().notify_allow_private_targets)
        status = outside.post(target, body, headers, timeout)
    except UnsafeTarget as error:
        return Attempt(number, None, f"refused: the URL {error}"[:MAX_ERROR], 0, refused=True)
    except Exception as error:  # timeouts, refused connections, TLS: all mean "try again"
        return Attempt(number, None, f"{type(error).__name__}: {error}"[:MAX_ERROR], _ms(started))
    error_text = None if 200 <= status < 300 else f"HTTP {status}"
    return Attempt(number, status, error_text, _ms(started))


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


class LiveOutside:
    """SES and httpx, created on first use and reused while the execution environment is warm."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ses: Any = None
        self._http: Any = None

    def _ses_client(self) -> Any:
        with self._lock:
            if self._ses is None:
                import boto3  # ~180 ms: only when an e-mail is sent
                from botocore.config import Config

                settings = get_settings()
                config = Config(connect_timeout=settings.notify_http_timeout, read_timeout=settings.notify_http_timeout,
                                retries={"max_attempts": 2, "mode": "standard"})
                self._ses = boto3.client("ses", region_name=settings.ses_region, config=config)
            return self._ses

    def _http_client(self) -> Any:
        with self._lock:
            if self._http is None:
                import httpx

                # no connection is kept: a pool keys connections by origin, here the checked address, and
                # would carry one host's request over a TLS session checked for another host at that address
                self._http = httpx.Client(follow_redirects=False, headers={"User-Agent": USER_AGENT},
                                          timeout=get_settings().notify_http_timeout,
                                          limits=httpx.Limits(max_keepalive_connections=0))
            return self._http

    def send_email(self, to: str, subject: str, text: str, html: str) -> bool:
        sender = get_settings().notification_email_sender
        if not sender:
            logger.info("e-mail not sent: NOTIFICATION_EMAIL_SENDER is not set")
            return False
        self._ses_client().send_email(
            Source=sender,
            Destination={"ToAddresses": [to]},
            Message={"Subject": {"Data": subject, "Charset": "UTF-8"},
                     "Body": {"Text": {"Data": text, "Charset": "UTF-8"},
                              "Html": {"Data": html, "Charset": "UTF-8"}}},
        )
        return True

    def post(self, target: Target, body: bytes, headers: Mapping[str, str], timeout: float) -> int:
        url, sent, extensions = target.url, dict(headers), {}
        if target.address is not None or not get_settings().notify_allow_private_targets:
            # connect to the address that was checked, not to a second DNS answer (Target.request)
            url, sent["Host"], server_name = target.request()
            extensions = {"sni_hostname": server_name}
        response = self._http_client().post(url, content=body, headers=sent, timeout=timeout, extensions=extensions)
        return int(response.status_code)


_outside: LiveOutside | None = None


def live() -> LiveOutside:
    """The execution environment's one ``LiveOutside`` (created on first use)."""
    global _outside
    if _outside is None:
        _outside = LiveOutside()
    return _outside


def reset() -> None:
    """Forget the clients (tests change the settings or the AWS mock between cases)."""
    global _outside
    _outside = None
