"""The events service's models: an outbox event as the dispatcher handles it, and what its routes answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import Field

from shared.consumer import DomainEvent
from shared.types import Model


@dataclass(frozen=True)
class OutboxEvent(DomainEvent):
    """A claimed row of ``events.outbox``: the event consumers get, and how often delivery was tried."""

    attempts: int = 0

    @property
    def source(self) -> str:
        """The EventBridge source: ``proker.<aggregate>``."""
        return f"proker.{self.aggregate}"

    def detail(self) -> dict[str, Any]:
        """The EventBridge ``detail``: what ``shared.consumer.DomainEvent`` is read from."""
        return {
            "id": str(self.id),
            "type": self.type,
            "aggregate": self.aggregate,
            "aggregate_id": str(self.aggregate_id),
            "organization_id": str(self.organization_id) if self.organization_id else None,
            "occurred_at": self.occurred_at.isoformat(),
            "payload": self.payload,
            "correlation_id": self.correlation_id,
        }


class Backlog(Model):
    """Events not delivered yet."""

    pending: int = Field(description="Never tried yet.")
    failed: int = Field(description="Tried and failed; retried after a backoff.")
    dead: int = Field(description="Failed too often; left for a person (`make events DO=requeue`).")
    oldest_undelivered_at: datetime | None = Field(description="When the oldest pending or failed event happened.")


class DispatchReport(Model):
    """What one run of the dispatcher did."""

    claimed: int = 0
    delivered: int = 0
    failed: int = Field(default=0, description="Failed this time, to be retried.")
    dead: int = Field(default=0, description="Failed for the last time this run.")
    notified: bool = Field(default=False, description="No bus here: the local dispatcher was woken (NOTIFY) instead.")

    def __add__(self, other: DispatchReport) -> DispatchReport:
        return DispatchReport(claimed=self.claimed + other.claimed, delivered=self.delivered + other.delivered,
                              failed=self.failed + other.failed, dead=self.dead + other.dead,
                              notified=self.notified or other.notified)
