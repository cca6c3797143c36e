"""The local event dispatcher: EventBridge + SQS of ``template.yaml``, in-process (docs/architecture.md, "Events").

``LocalRouter`` delivers outbox events as AWS would: each becomes the EventBridge event the bus would
carry (Source ``proker.<aggregate>``, detail-type the event's type, detail the outbox event, built by
``functions.events.eventbridge.entry`` as on AWS), is matched against the event patterns of the
template's ``AWS::Events::Rule`` resources on ``EventBus``, and for each rule's target queue the
function whose ``SQS`` event reads that queue is called with an SQS-shaped event (``Records`` of at
most the event's ``BatchSize``). Records it names in ``batchItemFailures`` (or every record, if it
raises) count as a failed delivery of that event: the outbox row's attempts, backoff and dead state
take the place of SQS's redelivery and dead-letter queue. Routing is read from template.yaml only.

``LocalDispatcher`` runs the dispatcher (``functions.events.dispatcher``) with that router: woken by
``LISTEN events_outbox`` (the outbox's insert trigger notifies) and sweeping every
``EVENTS_SWEEP_SECONDS`` (5) for retries that fell due. ``make dev`` runs it in a thread;
``python -m infra.events sweep`` runs one sweep.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import threading
import time
import traceback
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from typing import Any
from uuid import UUID

import psycopg

from functions.events.dispatcher import RetryPolicy, dispatch
from functions.events.eventbridge import entry
from functions.events.models import DispatchReport, OutboxEvent
from functions.events.repository import OutboxStore
from infra.local.gateway import LambdaContext
from infra.local.template import Template
from shared.config import get_settings
from shared.db import Transaction, connection_kwargs

log = logging.getLogger("events")
BUS = "EventBus"
CHANNEL = "events_outbox"
ACCOUNT = "000000000000"
REGION = "local"


class TemplateError(ValueError):
    """The template's routing is not something the local dispatcher (or AWS) can follow."""


# ---------------------------------------------------------------- event patterns


def _matches_value(matcher: Any, value: Any, present: bool) -> bool:
    if isinstance(matcher, dict):
        if len(matcher) != 1:
            raise TemplateError(f"unsupported matcher {matcher!r}")
        (operator, operand), = matcher.items()
        if operator == "exists":
            return present == bool(operand)
        if not present:
            return False
        if operator == "prefix":
            return isinstance(value, str) and value.startswith(operand)
        if operator == "suffix":
            return isinstance(value, str) and value.endswith(operand)
        if operator == "equals-ignore-case":
            return isinstance(value, str) and value.lower() == str(operand).lower()
        if operator == "anything-but":
            if isinstance(operand, dict):
                return not _matches_value(operand, value, present)
            excluded = operand if isinstance(operand, list) else [operand]
            return value not in excluded
        raise TemplateError(f"unsupported matcher {operator!r}")
    return present and value == matcher


def _matches_field(matchers: list[Any], event: Mapping[str, Any], key: str) -> bool:
    present = key in event
    value = event.get(key)
    values = value if isinstance(value, list) and value else [value]
    return any(_matches_value(matcher, item, present) for matcher in matchers for item in values)


def matches(pattern: Mapping[str, Any], event: Mapping[str, Any]) -> bool:
    """EventBridge's event pattern semantics for what our rules use: every key of the pattern must match;
    a list holds alternatives (values, or ``prefix``, ``suffix``, ``anything-but``, ``exists``,
    ``equals-ignore-case``); a nested object matches the event's nested object (e.g. ``detail``)."""
    for key, matcher in pattern.items():
        if isinstance(matcher, dict):
            inner = event.get(key)
            if not isinstance(inner, dict) or not matches(matcher, inner):
                return False
        elif isinstance(matcher, list):
            if not _matches_field(matcher, event, key):
                return False
        else:
            raise TemplateError(f"a pattern's value must be a list or an object: {key}: {matcher!r}")
    return True


# ---------------------------------------------------------------- the template's routing


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: dict[str, Any]
    queues: tuple[str, ...]


@dataclass(frozen=True)
class Consumer:
    queue: str
    function_id: str
    handler: str
    batch_size: int


def _get_att_arn(value: Any) -> str | None:
    if isinstance(value, dict) and set(value) == {"Fn::GetAtt"}:
        target = value["Fn::GetAtt"]
        name, attribute = target.split(".", 1) if isinstance(target, str) else target
        return name if attribute == "Arn" else None
    return None


def rules_of(template: Template) -> list[Rule]:
    """The rules on the bus, with the queues they target."""
    rules = []
    for name, resource in template.resources.items():
        if resource["Type"] != "AWS::Events::Rule":
            continue
        props = resource["Properties"]
        if props.get("EventBusName") != {"Ref": BUS}:
            continue
        queues = []
        for target in props.get("Targets", []):
            queue = _get_att_arn(target.get("Arn"))
            if queue is None or template.resources.get(queue, {}).get("Type") != "AWS::SQS::Queue":
                raise TemplateError(f"{name}: a target that is not one of the template's queues: {target!r}")
            queues.append(queue)
        pattern = props.get("EventPattern")
        if isinstance(pattern, str):
            pattern = json.loads(pattern)
        rules.append(Rule(name=name, pattern=pattern, queues=tuple(queues)))
    return rules


def consumers_of(template: Template) -> dict[str, Consumer]:
    """The function reading each queue (its ``SQS`` event), by queue."""
    found: dict[str, Consumer] = {}
    for function_id, resource in template.functions().items():
        for event in resource["Properties"].get("Events", {}).values():
            if event["Type"] != "SQS":
                continue
            queue = _get_att_arn(event["Properties"]["Queue"])
            if queue is None:
                raise TemplateError(f"{function_id}: the SQS event's Queue must be !GetAtt <Queue>.Arn")
            if queue in found:
                raise TemplateError(f"{queue} is read by {found[queue].function_id} and {function_id}")
            found[queue] = Consumer(queue=queue, function_id=function_id, handler=template.handler_of(function_id),
                                    batch_size=int(event["Properties"].get("BatchSize", 10)))
    return found


# ---------------------------------------------------------------- the events AWS would deliver


def _aws_time(event: OutboxEvent) -> str:
    return event.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def eventbridge_event(event: OutboxEvent) -> dict[str, Any]:
    """The event EventBridge puts in a target queue for the entry the dispatcher sends on AWS."""
    built = entry(event)
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": built["DetailType"],
        "source": built["Source"],
        "account": ACCOUNT,
        "time": _aws_time(event),
        "region": REGION,
        "resources": [],
        "detail": json.loads(built["Detail"]),
    }


def sqs_record(queue: str, body: str, receive_count: int) -> dict[str, Any]:
    now = str(int(time.time() * 1000))
    return {
        "messageId": str(uuid.uuid4()),
        "receiptHandle": f"local-{uuid.uuid4().hex}",
        "body": body,
        "attributes": {"ApproximateReceiveCount": str(receive_count), "SentTimestamp": now,
                       "SenderId": "events.amazonaws.com", "ApproximateFirstReceiveTimestamp": now},
        "messageAttributes": {},
        "md5OfBody": hashlib.md5(body.encode(), usedforsecurity=False).hexdigest(),
        "eventSource": "aws:sqs",
        "eventSourceARN": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{queue}",
        "awsRegion": REGION,
    }


# ---------------------------------------------------------------- delivery


class LocalRouter:
    """``deliver(events) -> {event id: error}`` by the template's rules, to its consumer functions in-process.
    Like a Lambda execution environment, each function handles one batch at a time."""

    def __init__(self, template: Template | None = None) -> None:
        template = template or Template.load()
        self.rules = rules_of(template)
        self.consumers = consumers_of(template)
        unread = {queue for rule in self.rules for queue in rule.queues} - set(self.consumers)
        if unread:
            raise TemplateError(f"queues no function reads: {sorted(unread)}")
        self._handlers: dict[str, Callable[..., Any]] = {}
        self._locks = {queue: threading.Lock() for queue in self.consumers}
        self._import_lock = threading.Lock()

    def queues_for(self, bridge_event: Mapping[str, Any]) -> list[str]:
        queues: list[str] = []
        for rule in self.rules:
            if matches(rule.pattern, bridge_event):
                queues.extend(queue for queue in rule.queues if queue not in queues)
        return queues

    def handler(self, consumer: Consumer) -> Callable[..., Any]:
        with self._import_lock:
            if consumer.queue not in self._handlers:
                module_name, _, attribute = consumer.handler.rpartition(".")
                self._handlers[consumer.queue] = getattr(importlib.import_module(module_name), attribute)
            return self._handlers[consumer.queue]

    def invoke(self, consumer: Consumer, records: list[dict[str, Any]]) -> set[str]:
        """Call the consumer with one batch; the message ids that failed."""
        ids = {record["messageId"] for record in records}
        try:
            handler = self.handler(consumer)
            with self._locks[consumer.queue]:
                result = handler({"Records": records}, LambdaContext(function_name=consumer.function_id))
        except Exception:
            log.error("consumer %s crashed:\n%s", consumer.function_id, traceback.format_exc())
            return ids
        if not isinstance(result, dict):
            return set()  # like Lambda: a response without batchItemFailures means every record succeeded
        failures = result.get("batchItemFailures") or []
        failed = {str(item.get("itemIdentifier")) for item in failures if isinstance(item, dict)}
        if failed - ids:  # Lambda treats an unknown identifier as the whole batch failing
            return ids
        return failed

    def __call__(self, events: Sequence[OutboxEvent]) -> dict[UUID, str]:
        by_queue: dict[str, list[tuple[UUID, dict[str, Any]]]] = defaultdict(list)
        for event in events:
            bridge_event = eventbridge_event(event)
            body = json.dumps(bridge_event)
            for queue in self.queues_for(bridge_event):
                by_queue[queue].append((event.id, sqs_record(queue, body, event.attempts + 1)))
        failures: dict[UUID, str] = {}
        for queue, items in by_queue.items():
            consumer = self.consumers[queue]
            for start in range(0, len(items), consumer.batch_size):
                batch = items[start:start + consumer.batch_size]
                failed = self.invoke(consumer, [record for _, record in batch])
                for event_id, record in batch:
                    if record["messageId"] in failed:
                        failures[event_id] = (failures.get(event_id, "") + f"{consumer.function_id} failed; ")[:500]
        return {event_id: error.rstrip("; ") for event_id, error in failures.items()}


# ---------------------------------------------------------------- the dispatcher loop


class LocalDispatcher:
    """The dispatcher with the local router, on connections of its own (not the functions' pool)."""

    def __init__(self, database_url: str, router: LocalRouter | None = None, *, sweep_seconds: float | None = None,
                 batch_size: int | None = None, policy: RetryPolicy | None = None) -> None:
        self.database_url = database_url
        self.router = router or LocalRouter()
        settings = get_settings()
        self.sweep_seconds = sweep_seconds or settings.events_sweep_seconds
        self.batch_size = batch_size or settings.events_batch_size
        self.policy = policy
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._conn: psycopg.Connection[Any] | None = None

    @contextmanager
    def _store(self) -> Iterator[OutboxStore]:
        if self._conn is None or self._conn.closed:
            self._conn = psycopg.connect(self.database_url, **connection_kwargs())
        conn = self._conn
        try:
            yield OutboxStore(Transaction(conn, "service_role", {"role": "service_role", "sub": None,
                                                                  "service": "events"}))
        except BaseException:
            conn.close()  # whatever state it is in, the next sweep starts on a new connection
            self._conn = None
            raise
        else:
            conn.rollback()  # Transaction.commit began another transaction: end it, idle outside one

    def sweep(self) -> DispatchReport:
        """Deliver everything due now."""
        with self._store() as store:
            return dispatch(store, self.router, limit=self.batch_size, policy=self.policy)

    def run(self) -> None:
        """Until ``stop()``: sweep, then wait for a NOTIFY or the sweep interval."""
        listener: psycopg.Connection[Any] | None = None
        while not self._stop.is_set():
            try:
                if listener is None or listener.closed:
                    listener = psycopg.connect(self.database_url, autocommit=True)
                    listener.execute(f"listen {CHANNEL}")
                report = self.sweep()
                if report.claimed:
                    log.info("events: %d delivered, %d failed, %d dead", report.delivered, report.failed, report.dead)
                # dispatch() returned: nothing more is due. Sleep until an insert commits or a retry may be due.
                for _ in listener.notifies(timeout=self.sweep_seconds, stop_after=1):
                    pass
            except psycopg.OperationalError:
                log.warning("events: database unreachable, retrying")
                if listener is not None:
                    listener.close()
                self._stop.wait(1.0)
            except Exception:
                log.exception("events: the dispatcher failed, retrying")
                self._stop.wait(1.0)
        if listener is not None:
            listener.close()
        if self._conn is not None:
            self._conn.close()

    def start(self) -> threading.Thread:
        self._thread = threading.Thread(target=self.run, name="events-dispatcher", daemon=True)
        self._thread.start()
        return self._thread

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        try:  # wake the listener now rather than at its next timeout
            with psycopg.connect(self.database_url, autocommit=True) as conn:
                conn.execute(f"notify {CHANNEL}")
        except psycopg.Error:
            pass
        if self._thread is not None:
            self._thread.join(timeout)
