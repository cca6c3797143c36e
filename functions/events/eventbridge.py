"""Delivery to an EventBridge bus: ``put_events`` in requests of at most 10 entries (and well under
its 256 KiB), each entry's outcome checked (``FailedEntryCount``: one entry may fail while the
others of the request are accepted). The boto3 client is created at the first delivery."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from uuid import UUID

from functions.events.models import OutboxEvent

MAX_ENTRIES = 10
MAX_REQUEST_BYTES = 200 * 1024  # EventBridge refuses a request over 256 KiB; leave room for its own counting


def entry(event: OutboxEvent, bus_name: str | None = None) -> dict[str, Any]:
    """The ``put_events`` entry of an event: Source ``proker.<aggregate>``, DetailType its type,
    Detail the outbox event. The local dispatcher builds its EventBridge events from the same."""
    built: dict[str, Any] = {
        "Source": event.source,
        "DetailType": event.type,
        "Detail": json.dumps(event.detail(), separators=(",", ":"), default=str),
        "Time": event.occurred_at,
    }
    if bus_name:
        built["EventBusName"] = bus_name
    return built


def entry_size(built: Mapping[str, Any]) -> int:
    """As EventBridge counts it: the UTF-8 bytes of Source, DetailType and Detail, plus 14 for Time."""
    return sum(len(str(built[key]).encode()) for key in ("Source", "DetailType", "Detail")) + 14


def requests(entries: Sequence[tuple[UUID, dict[str, Any]]]) -> Iterator[list[tuple[UUID, dict[str, Any]]]]:
    """Group entries into requests of at most MAX_ENTRIES and MAX_REQUEST_BYTES (an entry larger than
    that goes alone, and EventBridge says what is wrong with it)."""
    batch: list[tuple[UUID, dict[str, Any]]] = []
    size = 0
    for item in entries:
        item_size = entry_size(item[1])
        if batch and (len(batch) == MAX_ENTRIES or size + item_size > MAX_REQUEST_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += item_size
    if batch:
        yield batch


class EventBridgeDelivery:
    """``deliver(events) -> {event id: error}`` onto one bus; an event not in the answer was accepted."""

    def __init__(self, bus_name: str, client: Any = None) -> None:
        self.bus_name = bus_name
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            import boto3  # ~180 ms: only the dispatcher pays it, at its first delivery

            self._client = boto3.client("events")
        return self._client

    def __call__(self, events: Sequence[OutboxEvent]) -> dict[UUID, str]:
        from botocore.exceptions import BotoCoreError, ClientError

        failures: dict[UUID, str] = {}
        for batch in requests([(event.id, entry(event, self.bus_name)) for event in events]):
            try:
                response = self.client.put_events(Entries=[built for _, built in batch])
            except (BotoCoreError, ClientError) as error:
                failures.update({event_id: f"put_events: {error}" for event_id, _ in batch})
                continue
            results = response.get("Entries", [])
            for index, (event_id, _) in enumerate(batch):
                result = results[index] if index < len(results) else {"ErrorCode": "Missing",
                                                                       "ErrorMessage": "no result for the entry"}
                if result.get("ErrorCode") or not result.get("EventId"):
                    failures[event_id] = f"{result.get('ErrorCode')}: {result.get('ErrorMessage')}"
        return failures
