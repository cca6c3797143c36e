"""The dispatcher function: ``POST /events/wake`` (a signed wake-up call, e.g. a database webhook on
every outbox insert) and a schedule every minute (the sweep that catches what no call woke it for, and
retries failed deliveries when due). Both deliver what is due onto the bus; the sweep also forgets old
delivered events and receipts, and expired idempotency keys (shared/idempotency.py), and publishes the
backlog as metrics (the pending, failed and dead counts, the oldest undelivered event's age: template.yaml's
EventsDead and EventsOldestPending alarms watch them)."""

from __future__ import annotations

import base64
import time
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit

from functions.events import dispatcher, wake
from functions.events.models import DispatchReport
from functions.events.repository import outbox_store
from shared import idempotency
from shared.api import PUBLIC, Router, lambda_handler, logger, metrics
from shared.config import get_settings

router = Router()
SAFETY_MS = 5_000  # stop claiming new batches this long before the function's timeout
HTTP_BUDGET_SECONDS = 20.0  # API Gateway gives up at 30 s


def _deadline(context: Any, most: float | None = None) -> float:
    remaining = (context.get_remaining_time_in_millis() - SAFETY_MS) / 1000 if context is not None else 30.0
    return time.monotonic() + max(1.0, min(remaining, most) if most is not None else remaining)


@router.post("/events/wake", summary="Wake the event dispatcher (a signed database webhook)", tags=["events"],
             security=PUBLIC,  # an HMAC signature of the body, which the function verifies
             description="Delivers the events that are due. The body is anything (a database webhook sends the "
                         "inserted row); the `X-Proker-Signature` header must be `sha256=` and the hex "
                         "HMAC-SHA256 of the raw body with the wake-up secret, else 403.")
def wake_up() -> DispatchReport:
    event = router.current_event
    raw = event.body or ""
    body = base64.b64decode(raw) if event.is_base64_encoded else raw.encode()
    signature = next((v for k, v in (event.headers or {}).items() if k.lower() == wake.SIGNATURE_HEADER), None)
    wake.verify(body, signature)
    with outbox_store() as store:
        return dispatcher.run(store, deadline=_deadline(router.lambda_context, HTTP_BUDGET_SECONDS))


http_handler = lambda_handler(router)


def sweep(context: Any) -> dict[str, Any]:
    """The scheduled run."""
    settings = get_settings()
    with outbox_store() as store:
        report = dispatcher.run(store, deadline=_deadline(context))
        pruned_events, pruned_receipts = store.prune(settings.events_retention_days)
        backlog = store.backlog()
        store.commit()
    pruned_keys = idempotency.prune()
    logger.info("sweep", extra={"report": report.model_dump(), "backlog": backlog.model_dump(mode="json"),
                                "pruned": {"events": pruned_events, "receipts": pruned_receipts,
                                           "idempotency_keys": pruned_keys}})
    if not settings.metrics_disabled:
        for name, value in (("EventsDelivered", report.delivered), ("EventsFailed", report.failed),
                            ("EventsDead", report.dead), ("OutboxPending", backlog.pending),
                            ("OutboxFailed", backlog.failed), ("OutboxDead", backlog.dead)):
            metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)
        oldest = backlog.oldest_undelivered_at
        age = max(0.0, (datetime.now(UTC) - oldest).total_seconds()) if oldest else 0.0
        metrics.add_metric(name="OutboxOldestUndeliveredSeconds", unit=MetricUnit.Seconds, value=age)
        metrics.flush_metrics()
    return {"report": report.model_dump(), "backlog": backlog.model_dump(mode="json")}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    if isinstance(event, dict) and "routeKey" in event and "requestContext" in event:
        return http_handler(event, context)
    return sweep(context)


handler.app = http_handler.app  # type: ignore[attr-defined]  # the OpenAPI generator and tests read it
