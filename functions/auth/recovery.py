"""Password recovery and e-mail verification with the built-in provider: single-use, time-limited links.

A request only records that a link is wanted (``auth_service.email_requests``, whose insert writes an
event); the auth service's consumer (``functions/auth/emails.py``) mints the token, mails it through
the notifications' channel (SES) and stores its SHA-256 hash. So the raw token exists only in the
e-mail: not in the outbox, not in a log, not in the database. A request answers the same, at the same
speed, whether or not the address has an account.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from functions.auth import passwords, tokens
from functions.auth.errors import InvalidOneTimeToken
from functions.auth.repository import RecoveryStore
from shared.config import get_settings

PASSWORD_RESET = "password_reset"  # noqa: S105 (a purpose, not a secret)
EMAIL_VERIFICATION = "email_verification"


def _request(store: RecoveryStore, email: str, purpose: str, now: datetime) -> None:
    """Record that ``email`` wants a link, unless there is no such account, nothing to do, or the account
    was sent ``AUTH_EMAILS_PER_HOUR`` of these within the hour (a mailbox is not flooded)."""
    user = store.user_by_email(email)
    if user is None or (purpose == EMAIL_VERIFICATION and user.email_verified_at is not None):
        return
    if store.email_requests_since(user.id, purpose, now - timedelta(hours=1)) >= get_settings().auth_emails_per_hour:
        return
    store.add_email_request(user.id, purpose)
    store.commit()


def request_password_reset(store: RecoveryStore, *, email: str, now: datetime | None = None) -> None:
    _request(store, email, PASSWORD_RESET, now or datetime.now(UTC))


def request_email_verification(store: RecoveryStore, *, email: str, now: datetime | None = None) -> None:
    _request(store, email, EMAIL_VERIFICATION, now or datetime.now(UTC))


def reset_password(store: RecoveryStore, *, token: str, new_password: str) -> None:
    """Set a new password with a reset link, and end every session of the account (whoever knew the old
    password is signed out). The link is used up only when the new password is accepted; it also proves
    the address, so an unverified one becomes verified."""
    found = store.token_for_update(tokens.one_time_token_hash(token), PASSWORD_RESET)
    if found is None:
        raise InvalidOneTimeToken()
    user = store.user_by_id(found.user_id)
    if user is None:
        raise InvalidOneTimeToken()
    passwords.check_strength(new_password, user_inputs=[user.email, *user.name.split()], field="body.new_password")
    store.set_password_hash(user.id, passwords.hash_password(new_password))
    store.use_tokens(user.id, PASSWORD_RESET)  # this link and any other still unused
    store.revoke_other_sessions(user.id, None, "password_reset")
    store.mark_email_verified(user.id, found.email)
    store.commit()


def verify_email(store: RecoveryStore, *, token: str) -> None:
    """Mark the address the link was sent to verified (if it is still the account's address)."""
    found = store.token_for_update(tokens.one_time_token_hash(token), EMAIL_VERIFICATION)
    if found is None:
        raise InvalidOneTimeToken()
    store.mark_email_verified(found.user_id, found.email)
    store.use_tokens(found.user_id, EMAIL_VERIFICATION)
    store.commit()
