"""Consumer of the events that tell people something (functions/notifications/notifier.py says who and
how): in-app inbox, e-mail, the organization's chat and its signed webhooks. template.yaml routes
exactly ``notifier.HANDLED_TYPES`` to its queue."""

from __future__ import annotations

from functions.notifications import channels, notifier
from functions.notifications.repository import notifier_store
from shared.consumer import DomainEvent, consumer
from shared.db import Transaction


def handle(tx: Transaction, event: DomainEvent) -> None:
    notifier.notify(notifier_store(tx), channels.live(), event)


handler = consumer("notifications", handle)
