"""The Supabase Auth identity provider: sign-up, log-in, refresh and log-out are delegated to a
Supabase project's Auth (GoTrue) API through ``supabase_auth``; our database is not touched.

``supabase_auth`` (with httpx) costs about 0.4 s to import, so it is imported on first use; ``me``
answers from the verified token and never needs it.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from uuid import UUID

from functions.auth.errors import (
    EmailNotConfirmed,
    EmailTaken,
    IdentityProviderRateLimited,
    IdentityProviderUnavailable,
    InvalidCredentials,
    InvalidRefreshToken,
    SessionEnded,
    WeakPassword,
)
from functions.auth.models import Tokens, User
from functions.auth.service import Client
from shared.config import ConfigurationError, get_settings
from shared.errors import DomainError
from shared.identity import Actor

if TYPE_CHECKING:
    import httpx
    from supabase_auth import SyncGoTrueClient
    from supabase_auth.types import AuthResponse
    from supabase_auth.types import User as SupabaseUser

ErrorFactory = Callable[[], DomainError]

# Supabase Auth's error codes (https://supabase.com/docs/guides/auth/debugging/error-codes) that
# each operation expects, and what they mean here. Other codes stay unexpected: a logged 500.
_SIGN_UP: dict[str, ErrorFactory] = {"user_already_exists": EmailTaken, "email_exists": EmailTaken}
_PASSWORD_GRANT: dict[str, ErrorFactory] = {
    "invalid_credentials": InvalidCredentials,
    "user_banned": InvalidCredentials,  # as Supabase itself once answered: no hint for an attacker
    "email_not_confirmed": EmailNotConfirmed,
}
_REFRESH_GRANT: dict[str, ErrorFactory] = dict.fromkeys(
    ("refresh_token_not_found", "refresh_token_already_used", "session_not_found", "session_expired",
     "user_banned"), InvalidRefreshToken)
_LOGOUT: dict[str, ErrorFactory] = dict.fromkeys(
    ("no_authorization", "bad_jwt", "session_not_found", "user_not_found"), SessionEnded)

# Our words for the reasons Supabase gives for a weak password (its own messages are not ours).
_WEAK_PASSWORD_REASONS = {
    "length": "it is too short",
    "characters": "it needs more kinds of characters (lower and upper case letters, digits, symbols)",
    "pwned": "it appears in known data breaches",
}

# Connecting may take 2 s, then at most 5 s may pass between bytes; the function times out at 10 s.
HTTP_TIMEOUT_SECONDS = 5.0


@functools.cache
def _http_client() -> httpx.Client:
    """One connection pool per execution environment, reused by every request's client."""
    import httpx

    return httpx.Client(timeout=httpx.Timeout(HTTP_TIMEOUT_SECONDS, connect=2.0))


@contextmanager
def _supabase(expected: Mapping[str, ErrorFactory]) -> Iterator[None]:
    """Turn Supabase Auth's errors into domain errors, without passing on its messages."""
    from supabase_auth.errors import AuthApiError, AuthRetryableError, AuthWeakPasswordError

    try:
        yield
    except AuthWeakPasswordError as error:
        raise WeakPassword(_weak_password_reason(error.reasons)) from error
    except AuthRetryableError as error:  # unreachable, timed out, or a 502/503/504 on the way
        raise IdentityProviderUnavailable() from error
    except AuthApiError as error:
        if error.status == 429:
            raise IdentityProviderRateLimited() from error
        if error.status >= 500:
            raise IdentityProviderUnavailable() from error
        meaning = expected.get(error.code or "")
        if meaning is None:
            raise
        raise meaning() from error


def _weak_password_reason(reasons: Iterable[str]) -> str:
    said = [_WEAK_PASSWORD_REASONS[reason] for reason in reasons if reason in _WEAK_PASSWORD_REASONS]
    return "; ".join(said) or "it does not meet the password rules"


def _name(user_metadata: Mapping[str, Any] | None) -> str:
    name = (user_metadata or {}).get("name")
    return name if isinstance(name, str) else ""


def _user(user: SupabaseUser) -> User:
    return User(id=UUID(user.id), email=user.email or "", name=_name(user.user_metadata),
                created_at=user.created_at)


def _tokens(response: AuthResponse) -> Tokens:
    session = response.session
    if session is None:
        raise RuntimeError("Supabase Auth answered without a session")
    return Tokens(access_token=session.access_token, expires_in=session.expires_in,
                  expires_at=session.expires_at or round(time.time()) + session.expires_in,
                  refresh_token=session.refresh_token, user=_user(session.user))


class SupabaseProvider:
    """Credentials and sessions live in the Supabase project; the tokens are Supabase's own."""

    def __init__(self) -> None:
        settings = get_settings()
        url, key = settings.supabase_issuer, settings.supabase_key
        if not (url and key):
            raise ConfigurationError("the Supabase provider needs SUPABASE_URL and SUPABASE_KEY")
        self._url, self._key = url, key

    def _client(self) -> SyncGoTrueClient:
        # A client per request: it keeps the session it signs in, which must not outlive the request.
        from supabase_auth import SyncGoTrueClient

        return SyncGoTrueClient(url=self._url, headers={"apikey": self._key}, auto_refresh_token=False,
                                persist_session=False, http_client=_http_client())

    def register(self, *, email: str, password: str, name: str, client: Client) -> Tokens:
        with _supabase(_SIGN_UP):
            response = self._client().sign_up(
                {"email": email, "password": password, "options": {"data": {"name": name}}})
        if response.session is None:
            # "Confirm email" is on: Supabase mailed a link (and answers alike for a taken address).
            raise EmailNotConfirmed()
        return _tokens(response)

    def login(self, *, email: str, password: str, client: Client) -> Tokens:
        with _supabase(_PASSWORD_GRANT):
            response = self._client().sign_in_with_password({"email": email, "password": password})
        return _tokens(response)

    def refresh(self, *, refresh_token: str) -> Tokens:
        with _supabase(_REFRESH_GRANT):
            response = self._client().refresh_session(refresh_token)
        return _tokens(response)

    def logout(self, actor: Actor) -> None:
        """End this session only (scope ``local``), as the built-in provider does."""
        if not actor.access_token:
            raise SessionEnded()
        with _supabase(_LOGOUT):
            self._client().admin.sign_out(actor.access_token, "local")

    def me(self, actor: Actor) -> User:
        """From the verified token's claims (Supabase puts ``user_metadata`` in them): no request."""
        return User(id=actor.user_id, email=actor.email or "", name=_name(actor.claims.get("user_metadata")))
