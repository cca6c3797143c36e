"""The one factory every event consumer is built with (docs/architecture.md, "Events").

A consumer module declares what it does with one event and ends with
``handler = consumer("<name>", handle)``. The function it builds is the Lambda entry point of an
SQS queue that an EventBridge rule fills (template.yaml: queue, dead-letter queue, rule, queue
policy, and the function's ``SQS`` event with ``ReportBatchItemFailures``). Locally the dispatcher
(infra/local/events.py) calls it in-process with the same events.

For every record the body is the EventBridge event, whose ``detail`` is the outbox event. A batch is
one ``service_transaction(name)``: the consumer records "``name`` handled event E" for all its events
at once (``events.record_receipts``), and calls ``handle(tx, event)`` only for those recorded now, each
in a savepoint; then commits once. The effects and the receipts commit together, so a redelivered event
changes nothing and a consumer that dies midway leaves nothing half done. An exception rolls back that
event's savepoint and its receipt and fails that record alone (Powertools' partial batch response): SQS
delivers it again, and after the queue's ``maxReceiveCount`` it moves to the dead-letter queue. A
batch whose commit fails fails whole, and none of it stands. One transaction a batch rather than one
an event: 3,800 events/s through the local pipeline instead of 735 (docs/performance.md).

A handler that cannot finish with an event *yet* (the notifier, when a recipient has no profile)
raises :class:`RetryLater`: what it did so far commits, but not the receipt, and the record fails,
so the event comes again after a while and is dead-lettered if it never can be handled. It is never
acknowledged as done. Locally the outbox row takes SQS's place: ``failed`` with the dispatcher's
backoff (``EVENTS_BACKOFF_BASE_SECONDS`` doubling), then ``dead`` after ``EVENTS_MAX_ATTEMPTS``, in
``python -m infra.events status``'s counts; on AWS the queue redelivers it after its visibility
timeout, ``maxReceiveCount`` times, then moves it to the consumer's dead-letter queue.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from psycopg import sql

from shared import correlation
from shared.db import Transaction, service_transaction

__all__ = ["DomainEvent", "MalformedEvent", "RetryLater", "consumer", "domain_event"]

logger = Logger()


@dataclass(frozen=True)
class DomainEvent:
    """One event of the outbox (``events.outbox``), as a consumer receives it."""

    id: UUID
    type: str
    """e.g. ``task.assigned``: the EventBridge detail-type."""
    aggregate: str
    """e.g. ``task``: the EventBridge source is ``proker.<aggregate>``."""
    aggregate_id: UUID
    organization_id: UUID | None
    occurred_at: datetime
    payload: dict[str, Any] = field(repr=False)  # may hold names and addresses: kept out of logged reprs
    correlation_id: str | None = None
    """The id of the request (or event) that wrote it (shared/correlation.py); None for an older event."""


class MalformedEvent(ValueError):
    """A record whose body is not an EventBridge event carrying an outbox event."""


class RetryLater(Exception):
    """Raised by a handler that cannot finish with this event yet; the message says what it waits for.

    What the handler did before raising commits (so it must skip that when the event comes again);
    the receipt does not, and the record fails: the event is delivered again after a backoff and ends
    dead-lettered (``dead`` in the outbox's counts locally) if it never can be handled."""


def domain_event(detail: Mapping[str, Any]) -> DomainEvent:
    """The event an EventBridge event's ``detail`` carries (the dispatcher's ``Detail``)."""
    try:
        payload = detail["payload"]
        if not isinstance(payload, dict):
            raise TypeError("payload is not an object")
        organization = detail.get("organization_id")
        return DomainEvent(
            id=UUID(str(detail["id"])),
            type=str(detail["type"]),
            aggregate=str(detail["aggregate"]),
            aggregate_id=UUID(str(detail["aggregate_id"])),
            organization_id=UUID(str(organization)) if organization else None,
            occurred_at=datetime.fromisoformat(str(detail["occurred_at"])),
            payload=payload,
            correlation_id=str(detail["correlation_id"]) if detail.get("correlation_id") else None,
        )
    except (KeyError, TypeError, ValueError) as error:
        raise MalformedEvent(f"not an outbox event: {error}") from error


def _event_of(record: SQSRecord) -> DomainEvent:
    try:
        body = json.loads(record.body)
    except (TypeError, ValueError) as error:
        raise MalformedEvent("the record's body is not JSON") from error
    if not isinstance(body, dict) or not isinstance(body.get("detail"), dict):
        raise MalformedEvent("the record's body is not an EventBridge event")
    event = domain_event(body["detail"])
    if body.get("detail-type") not in (None, event.type):
        raise MalformedEvent(f"detail-type {body.get('detail-type')!r} is not the event's type {event.type!r}")
    return event


def consumer(name: str, handle: Callable[[Transaction, DomainEvent], None]
             ) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    """An SQS-batch Lambda handler (Powertools ``BatchProcessor``, ``EventType.SQS``, partial batch
    failures). Each record's body is the EventBridge event (``detail-type``, ``source``, ``detail`` =
    the outbox event).

    One ``service_transaction(name)`` a batch: the receipts of all its events are recorded in one
    statement (``events.record_receipts``), and each event received for the first time is handled in a
    savepoint of its own. An exception rolls back that event's savepoint and its receipt and fails that
    record only; ``RetryLater`` fails it too, keeping the handler's work but not the receipt. The
    batch commits once: effects and receipts together, so a redelivered event changes nothing, and a
    batch whose commit fails (or whose process dies) leaves nothing done and is delivered again whole."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"a consumer's name is lowercase letters, digits and _ (events.receipts): {name!r}")

    def process(event: dict[str, Any], context: Any) -> dict[str, Any]:
        # Imported with the first batch, not at the function's start (nor with this module): Powertools' batch
        # utilities bring its parser's pydantic models (about 18 ms), which the functions that import this
        # module only for DomainEvent (the events service's HTTP routes) never use (issue 14).
        from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

        # One processor per invocation: it holds the batch's state, and the local dispatcher may call
        # a consumer from more than one thread. A batch whose every record failed is answered like any
        # other (all listed as failures) rather than raised: SQS retries exactly the same records.
        records = event.get("Records") or []
        processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)
        try:
            with service_transaction(name) as tx:
                batch = _Batch(name, handle, tx, records)
                response = dict(process_partial_response(event=event, record_handler=batch.handle,
                                                         processor=processor, context=context))
                tx.commit()
        except Exception:
            logger.exception("batch not handled: none of it stands", extra={"consumer": name,
                                                                          "records": len(records)})
            return {"batchItemFailures": [{"itemIdentifier": record.get("messageId")} for record in records]}
        return response

    with_context = logger.inject_lambda_context(clear_state=True)(process)

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return with_context(event, context) if context is not None else process(event, None)

    handler.consumer_name = name  # type: ignore[attr-defined]  # the local dispatcher and tests read it
    return handler


SAVEPOINT = "savepoint event"
ROLLBACK_TO_SAVEPOINT = "rollback to savepoint event"


class _Batch:
    """One SQS batch in one transaction: the receipts first, then each new event in a savepoint."""

    def __init__(self, name: str, handle: Callable[[Transaction, DomainEvent], None], tx: Transaction,
                 records: list[dict[str, Any]]) -> None:
        self.name, self._handle, self.tx = name, handle, tx
        self.failed: set[UUID] = set()
        self.events: dict[str, DomainEvent] = {}  # by message id: each body is parsed once
        for record in records:
            with suppress(MalformedEvent):  # its record fails when it is handled
                self.events[str(record.get("messageId"))] = _event_of(SQSRecord(record))
        ids = [event.id for event in self.events.values()]
        rows = tx.execute("select events.record_receipts(%s, %s) as id", (name, ids)).fetchall() if ids else []
        self.new: set[UUID] = {row["id"] for row in rows}

    def handle(self, record: SQSRecord) -> None:
        event = self.events.get(record.message_id) or _event_of(record)  # a malformed one raises here
        logger.append_keys(event_id=str(event.id), event_type=event.type)
        logger.set_correlation_id(event.correlation_id)
        try:
            if event.id in self.failed:  # the same event earlier in this batch failed: so does this one
                raise RetryLater("the same event failed earlier in this batch")
            if event.id not in self.new:
                logger.info("event already handled", extra={"consumer": self.name})
                return
            self.new.discard(event.id)  # a second copy in this batch is handled already
            self._in_savepoint(event)
            logger.debug("event handled", extra={"consumer": self.name})
        except RetryLater as later:
            self.failed.add(event.id)
            logger.warning("event not handled yet: retried later", extra={"consumer": self.name,
                                                                          "reason": str(later)})
            raise
        except Exception:
            self.failed.add(event.id)
            logger.exception("event not handled", extra={"consumer": self.name})
            raise
        finally:
            logger.remove_keys(["event_id", "event_type"])
            logger.set_correlation_id(None)

    def _in_savepoint(self, event: DomainEvent) -> None:
        # The savepoint goes with the handler's first statement (a handler that runs none needs none),
        # and is never released: a batch holds at most ten, and each rollback goes to the latest. With it
        # goes the event's correlation id, which what the handler writes to the outbox keeps.
        correlate = sql.SQL("select set_config({}, {}, true)").format(
            correlation.SETTING, event.correlation_id or "").as_string(self.tx.conn)
        self.tx.defer(SAVEPOINT)
        self.tx.defer(correlate)
        try:
            with correlation.using(event.correlation_id):
                self._handle(self.tx, event)
        except RetryLater:
            # keep what was done, not the receipt: the event is not handled until it all is
            self.tx.withdraw(correlate)
            self.tx.withdraw(SAVEPOINT)
            self._forget_receipt(event)
            raise
        except Exception:
            self.tx.withdraw(correlate)
            if self.tx.withdraw(SAVEPOINT):
                self.tx.execute(ROLLBACK_TO_SAVEPOINT)
            self._forget_receipt(event)
            raise
        self.tx.withdraw(correlate)
        self.tx.withdraw(SAVEPOINT)

    def _forget_receipt(self, event: DomainEvent) -> None:
        self.tx.execute("delete from events.receipts where consumer = %s and event_id = %s", (self.name, event.id))
