"""SQL of the events service: claiming, marking and counting outbox rows, as ``service_role``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from uuid import UUID

from functions.events.models import Backlog, OutboxEvent
from shared import db
from shared.store import SqlStore

MAX_ERROR_CHARS = 2000


class OutboxStore(SqlStore):
    def claim(self, limit: int) -> list[OutboxEvent]:
        """Lock up to ``limit`` due, undelivered events, oldest due first; rows another dispatcher holds
        are skipped, not waited for. The locks last until ``commit``."""
        rows = self._all(
            "select id, type, aggregate, aggregate_id, organization_id, occurred_at, payload, correlation_id,"
            " attempts"
            " from events.outbox"
            " where state in ('pending', 'failed') and next_attempt_at <= statement_timestamp()"
            " order by next_attempt_at limit %s for update skip locked", (limit,))
        return [OutboxEvent(**row) for row in rows]

    def mark_delivered(self, ids: Sequence[UUID]) -> None:
        if ids:
            self._tx.execute("update events.outbox set state = 'delivered', delivered_at = now(),"
                             " attempts = attempts + 1, last_error = null where id = any(%s)", (list(ids),))

    def mark_failed(self, failures: Mapping[UUID, str], *, max_attempts: int, backoff_base: float,
                    backoff_max: float) -> int:
        """Count a failed attempt of each event: ``failed`` again after base * 2^(attempts before)
        seconds (at most ``backoff_max``), or ``dead`` at ``max_attempts``. Returns how many died."""
        if not failures:
            return 0
        rows = self._all(
            "update events.outbox o set attempts = o.attempts + 1, last_error = f.error,"
            " state = case when o.attempts + 1 >= %(max)s then 'dead' else 'failed' end,"
            " next_attempt_at = now() + least(%(base)s * power(2, o.attempts), %(cap)s) * interval '1 second'"
            " from unnest(%(ids)s::uuid[], %(errors)s::text[]) as f(id, error) where o.id = f.id"
            " returning o.state",
            {"ids": list(failures), "errors": [error[:MAX_ERROR_CHARS] for error in failures.values()],
             "max": max_attempts, "base": backoff_base, "cap": backoff_max})
        return sum(1 for row in rows if row["state"] == "dead")

    def backlog(self) -> Backlog:
        row = self._one("select * from events.backlog()")
        assert row is not None
        return Backlog.model_validate(row)

    def notify(self) -> None:
        """Wake the dispatchers listening (locally) when this transaction commits."""
        self._tx.execute("select pg_notify('events_outbox', '')")

    def prune(self, keep_days: int) -> tuple[int, int]:
        """Forget delivered events and receipts older than ``keep_days``: (events, receipts) removed."""
        row = self._one("select * from events.prune(make_interval(days => %s))", (keep_days,))
        assert row is not None
        return int(row["events"]), int(row["receipts"])

    def requeue_dead(self) -> int:
        """Give dead events a fresh start (after the cause is fixed): pending again, attempts 0."""
        rows = self._all("update events.outbox set state = 'pending', attempts = 0, next_attempt_at = now()"
                         " where state = 'dead' returning id")
        if rows:
            self.notify()
        return len(rows)


@contextmanager
def outbox_store() -> Iterator[OutboxStore]:
    """The outbox in a transaction as ``service_role`` (from the pool)."""
    with db.service_transaction("events") as tx:
        yield OutboxStore(tx)
