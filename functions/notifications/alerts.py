"""Alerts to the operators' Discord and Slack: one post when a rule starts to alarm, one when it recovers.

On AWS, CloudWatch alarms (template.yaml) publish every change of state to an SNS topic, and
``NotificationsAlertFunction`` (handlers/alert.py) posts the changes worth telling. Locally, make dev's
monitor (infra/local/monitor.py) evaluates the same rules over the local figures and posts through the
same code. Only two changes are told, so an alarm that stays on does not flood the channel: into ALARM,
and from ALARM back to OK ("recovered"); INSUFFICIENT_DATA (no traffic) is neither.

Where to post: ``ALERT_WEBHOOKS``, a JSON object ``{"discord": "<webhook URL>", "slack": "<webhook URL>"}``
(either or both), or on AWS the Secrets Manager secret ``ALERT_WEBHOOKS_SECRET_ARN`` holding it. These URLs
are the operators' own (not an organization's, so not checked against SSRF as those are): anyone holding
one can post to the channel, hence the secret.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import httpx

from shared import chat
from shared.config import get_settings

log = logging.getLogger("alerts")

State = Literal["ALARM", "OK", "INSUFFICIENT_DATA"]
KINDS = ("discord", "slack")
ATTEMPTS = 3
TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class Change:
    """A rule's change of state."""

    alarm: str
    state: State
    previous: State | None
    reason: str
    at: datetime
    where: str  # the stage: "local (make dev)", or the stack's name

    @property
    def worth_telling(self) -> bool:
        return self.state == "ALARM" or (self.state == "OK" and self.previous == "ALARM")


def from_cloudwatch(message: str, where: str) -> Change:
    """The change a CloudWatch alarm's SNS notification announces (its ``Message``, JSON)."""
    alarm = json.loads(message)
    at = datetime.strptime(alarm["StateChangeTime"][:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
    return Change(alarm=alarm["AlarmName"], state=alarm["NewStateValue"], previous=alarm.get("OldStateValue"),
                  reason=alarm.get("NewStateReason") or "", at=at, where=where)


def _title(changes: Sequence[Change]) -> str:
    alarming = changes[0].state == "ALARM"
    if len(changes) == 1:
        return f"{'🔴 ALARM' if alarming else '✅ Recovered'}: {changes[0].alarm}"
    return f"{'🔴' if alarming else '✅'} {len(changes)} {'alarms' if alarming else 'recovered'}"


def _body(changes: Sequence[Change]) -> str:
    return "\n".join(f"{change.alarm}: {change.reason}" for change in changes)


def payloads(changes: Sequence[Change]) -> dict[str, dict[str, object]]:
    """One message per platform for changes of the same state (all ALARM, or all recovered)."""
    first = changes[0]
    assert all(change.state == first.state for change in changes), "one message tells one kind of change"
    title, body, footer = _title(changes), _body(changes), f"Proker Tracker · {first.where}"
    return {
        "discord": chat.discord_payload(title, body, footer=footer, occurred_at=first.at,
                                        color=chat.RED if first.state == "ALARM" else chat.GREEN),
        "slack": chat.slack_payload(title, body, context=footer),
    }


def webhooks() -> dict[str, str]:
    """Where alerts go: platform -> webhook URL (none configured: nowhere)."""
    settings = get_settings()
    text = settings.alert_webhooks
    if not text and settings.alert_webhooks_secret_arn:
        from shared.secrets import get_secret

        text = get_secret(settings.alert_webhooks_secret_arn)
    if not text:
        return {}
    configured = json.loads(text)
    unknown = set(configured) - set(KINDS)
    if unknown:
        raise ValueError(f"ALERT_WEBHOOKS: unknown platform(s) {sorted(unknown)}; known: {list(KINDS)}")
    return {kind: str(url) for kind, url in configured.items() if url}


Post = Callable[[str, dict[str, object]], httpx.Response]


def _post(url: str, payload: dict[str, object]) -> httpx.Response:
    return httpx.post(url, json=payload, timeout=TIMEOUT_SECONDS)


def tell(changes: Sequence[Change], targets: dict[str, str], *, post: Post = _post,
         sleep: Callable[[float], None] | None = None) -> dict[str, bool]:
    """Post the changes worth telling, alarms and recoveries apart, to every target. Returns, per
    platform, whether every post went through (each tried ``ATTEMPTS`` times on a 429, a 5xx or no answer)."""
    told = [change for change in changes if change.worth_telling]
    sleep = sleep or time.sleep
    outcome = dict.fromkeys(targets, True)
    for state in ("ALARM", "OK"):
        group = [change for change in told if change.state == state]
        if not group:
            continue
        messages = payloads(group)
        for kind, url in targets.items():
            outcome[kind] = _deliver(url, messages[kind], post, sleep) and outcome[kind]
    return outcome


def _deliver(url: str, payload: dict[str, Any], post: Post, sleep: Callable[[float], None]) -> bool:
    for attempt in range(1, ATTEMPTS + 1):
        try:
            response = post(url, payload)
        except httpx.HTTPError as error:
            log.warning("alert post failed (attempt %d): %s", attempt, type(error).__name__)
        else:
            if response.status_code < 300:
                return True
            log.warning("alert post answered %d (attempt %d)", response.status_code, attempt)
            if response.status_code != 429 and response.status_code < 500:
                return False  # the URL or the message is wrong: trying again changes nothing
        if attempt < ATTEMPTS:
            sleep(0.5 * 2 ** (attempt - 1))
    return False
