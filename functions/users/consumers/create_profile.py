"""Consumer of ``user.registered`` (written by the auth service in the registering transaction, for a
built-in account and for a Supabase account first seen): create the account's profile if it has none.

This is what makes "every registered user has a profile" hold: the auth service's direct call at
registration (``PUT /users/internal/profiles/{id}``) is the fast path, and the lazy creation on
``GET /users/me`` the last resort, but only the outbox is durable: it retries until this commits, and an
event it cannot hand over ends ``dead``, counted where an operator looks. A profile that already exists
(made by either other path, perhaps edited since) is left as it is.
"""

from __future__ import annotations

from uuid import UUID

from functions.users.repository import PostgresUserStore
from shared.consumer import DomainEvent, consumer
from shared.db import Transaction


def display_name(name: object, email: str) -> str:
    """The name given at registration, else the address's local part (as for a token without a name)."""
    if isinstance(name, str) and name.strip():
        return name.strip()[:200]
    return email.split("@")[0][:200] or "Anggota"


def handle(tx: Transaction, event: DomainEvent) -> None:
    email = str(event.payload["email"]).lower()
    PostgresUserStore(tx).create_own_profile(UUID(str(event.payload["user_id"])), email,
                                             display_name(event.payload.get("name"), email))


handler = consumer("users_profiles", handle)
