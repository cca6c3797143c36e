"""Consumer of the events that tell people something (functions/notifications/notifier.py says who and
how): in-app inbox, e-mail, the organization's chat and its signed webhooks. template.yaml routes
exactly ``notifier.HANDLED_TYPES`` to its queue.

An event naming someone without a profile yet is not done: the others are told, and ``RetryLater``
brings the event back (its receipt is not kept) until that person can be told too, or it is dead."""

from __future__ import annotations

from functions.notifications import channels, notifier
from functions.notifications.repository import notifier_store
from shared.consumer import DomainEvent, RetryLater, consumer
from shared.db import Transaction


def handle(tx: Transaction, event: DomainEvent) -> None:
    outcome = notifier.notify(notifier_store(tx), channels.live(), event)
    if outcome.waiting:
        raise RetryLater(f"{len(outcome.waiting)} recipient(s) without a profile yet")


handler = consumer("notifications", handle)
