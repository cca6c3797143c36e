"""Consumer of the events that ask the auth service for an e-mail: ``user.registered`` (a verification link
for a new built-in account), ``auth.email_verification_requested`` and ``auth.password_reset_requested``
(functions/auth/emails.py says what is sent). template.yaml routes exactly ``emails.PURPOSE_OF_EVENT``'s
types to its queue.

The e-mail goes through the notifications' channel (``functions.notifications.channels``: one SES client,
one sender identity and its settings), not a second copy of it."""

from __future__ import annotations

from functions.auth import emails
from functions.auth.repository import PostgresEmailStore
from functions.notifications import channels
from shared.consumer import DomainEvent, consumer
from shared.db import Transaction


def handle(tx: Transaction, event: DomainEvent) -> None:
    emails.send_link(PostgresEmailStore(tx), channels.live(), event.type, event.payload)


handler = consumer("auth_emails", handle)
