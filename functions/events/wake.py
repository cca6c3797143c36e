"""The wake-up call's signature: ``X-Proker-Signature: sha256=<hex HMAC-SHA256 of the raw body>`` with
a shared secret, as a database webhook on Supabase sends it (docs/decisions/0007-events.md). The
secret is ``EVENTS_WAKE_SECRET`` (locally) or the Secrets Manager secret ``EVENTS_WAKE_SECRET_ARN``.
The signed body's ``at`` (when it was sent) must be within ``MAX_AGE`` of now: a captured call cannot
be replayed later to invoke the dispatcher at will."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

from shared.config import get_settings
from shared.errors import Forbidden

SIGNATURE_HEADER = "x-proker-signature"
SCHEME = "sha256="
MAX_AGE = timedelta(minutes=5)


def signature(secret: str, body: bytes) -> str:
    """The header's value for ``body``."""
    return SCHEME + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def wake_secret() -> str | None:
    settings = get_settings()
    if settings.events_wake_secret:
        return settings.events_wake_secret
    if settings.events_wake_secret_arn:
        from shared.secrets import get_secret

        return get_secret(settings.events_wake_secret_arn).strip()
    return None


def verify(body: bytes, header: str | None) -> None:
    """Raise ``Forbidden`` unless ``header`` signs ``body`` with the secret (and where there is none)."""
    secret = wake_secret()
    if not secret:
        raise Forbidden("Wake-up calls are not accepted here: no wake-up secret is configured (EVENTS_WAKE_SECRET).")
    if not header or not header.startswith(SCHEME):
        raise Forbidden(f"A wake-up call must be signed ({SIGNATURE_HEADER}: sha256=<HMAC-SHA256 of the body>).")
    if not hmac.compare_digest(header.strip().encode(), signature(secret, body).encode()):
        raise Forbidden("The signature does not match the body.")
    sent = _sent_at(body)
    if sent is None or abs(datetime.now(UTC) - sent) > MAX_AGE:
        raise Forbidden("A wake-up call must say when it was sent (\"at\", ISO 8601 with an offset), "
                        f"within {int(MAX_AGE.total_seconds() // 60)} minutes of now.")


def _sent_at(body: bytes) -> datetime | None:
    try:
        document = json.loads(body)
        sent = datetime.fromisoformat(str(document["at"])) if isinstance(document, dict) else None
    except (ValueError, KeyError):
        return None
    return sent if sent is not None and sent.tzinfo is not None else None
