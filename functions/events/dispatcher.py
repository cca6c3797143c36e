"""The dispatcher: claims undelivered outbox events and delivers each at least once (docs/architecture.md, "Events").

One batch is one transaction: claim up to N due events (``FOR UPDATE SKIP LOCKED``, so dispatchers
running side by side never claim the same event), deliver them, mark each delivered or failed, commit.
Dying anywhere before the commit releases the rows as they were: they are delivered again, and the
consumers' receipts make that harmless. A failed delivery is retried after an exponential backoff
and is ``dead`` after ``EVENTS_MAX_ATTEMPTS``.

*Delivering* is a function ``deliver(events) -> {event id: error}`` (an event not named was delivered):
on AWS :class:`functions.events.eventbridge.EventBridgeDelivery` puts them on the bus; locally
``infra.local.events.LocalRouter`` hands them to the consumers routed by template.yaml's rules.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID

from aws_lambda_powertools import Logger

from functions.events.eventbridge import EventBridgeDelivery
from functions.events.models import DispatchReport, OutboxEvent
from functions.events.repository import OutboxStore
from shared.config import get_settings

Deliver = Callable[[Sequence[OutboxEvent]], Mapping[UUID, str]]

logger = Logger()


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    backoff_base: float
    backoff_max: float

    @classmethod
    def from_settings(cls) -> RetryPolicy:
        settings = get_settings()
        return cls(settings.events_max_attempts, settings.events_backoff_base_seconds,
                   settings.events_backoff_max_seconds)

    def delay(self, attempts_before: int) -> float:
        """Seconds until the next try after a failure, ``attempts_before`` failures having come before it."""
        return min(self.backoff_base * 2 ** attempts_before, self.backoff_max)


def dispatch_batch(store: OutboxStore, deliver: Deliver, *, limit: int, policy: RetryPolicy) -> DispatchReport:
    """Claim, deliver, mark and commit one batch."""
    events = store.claim(limit)
    if not events:
        store.commit()
        return DispatchReport()
    try:
        failures = dict(deliver(events))
    except Exception as error:  # the delivery as a whole failed (the bus unreachable, a bug): retry them all
        logger.exception("delivery failed", extra={"events": len(events)})
        failures = {event.id: f"{type(error).__name__}: {error}" for event in events}
    delivered = [event.id for event in events if event.id not in failures]
    store.mark_delivered(delivered)
    dead = store.mark_failed({event.id: failures[event.id] for event in events if event.id in failures},
                             max_attempts=policy.max_attempts, backoff_base=policy.backoff_base,
                             backoff_max=policy.backoff_max)
    store.commit()
    # each event by its correlation id: the request (or event) that wrote it, in every service's log
    logger.info("events dispatched", extra={"events": [
        {"id": str(event.id), "type": event.type, "correlation_id": event.correlation_id,
         "delivered": event.id not in failures} for event in events]})
    if failures:
        logger.warning("events not delivered", extra={"failed": len(failures), "dead": dead,
                                                      "errors": sorted(set(failures.values()))[:5]})
    return DispatchReport(claimed=len(events), delivered=len(delivered), failed=len(failures) - dead, dead=dead)


def dispatch(store: OutboxStore, deliver: Deliver, *, limit: int | None = None, policy: RetryPolicy | None = None,
             deadline: float | None = None) -> DispatchReport:
    """Batches until none is full (nothing more is due) or ``deadline`` (``time.monotonic()``) passes."""
    limit = limit or get_settings().events_batch_size
    policy = policy or RetryPolicy.from_settings()
    report = DispatchReport()
    while True:
        batch = dispatch_batch(store, deliver, limit=limit, policy=policy)
        report += batch
        if batch.claimed < limit or (deadline is not None and time.monotonic() >= deadline):
            return report


_delivery: EventBridgeDelivery | None = None


def bus_delivery() -> Deliver | None:
    """Delivery onto the bus of ``EVENTS_BUS_NAME``; None where there is none (locally)."""
    global _delivery
    bus = get_settings().events_bus_name
    if not bus:
        return None
    if _delivery is None or _delivery.bus_name != bus:
        _delivery = EventBridgeDelivery(bus)  # its boto3 client is reused across warm invocations
    return _delivery


def run(store: OutboxStore, *, deadline: float | None = None) -> DispatchReport:
    """What the dispatcher function does when called (schedule or wake-up): deliver onto the bus, or,
    with no bus (locally), wake the local dispatcher that listens."""
    deliver = bus_delivery()
    if deliver is None:
        store.notify()
        store.commit()
        return DispatchReport(notified=True)
    return dispatch(store, deliver, deadline=deadline)
