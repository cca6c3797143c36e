"""The Supabase Auth identity provider: sign-up, log-in, refresh, log-out, password recovery and e-mail
verification are delegated to a Supabase project's Auth (GoTrue) API through ``supabase_auth``, with
Supabase's own flows and e-mails. Our database keeps only what other services need to know of an account
Supabase signed in (``auth_service.external_accounts``): that it exists (so the users service creates its
profile) and whether Supabase confirmed its address (so an e-mail invitation may trust it).

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

from aws_lambda_powertools import Logger

from functions.auth.errors import (
    EmailNotConfirmed,
    EmailTaken,
    IdentityProviderRateLimited,
    IdentityProviderUnavailable,
    InvalidCredentials,
    InvalidOneTimeToken,
    InvalidRefreshToken,
    SessionEnded,
    WeakPassword,
)
from functions.auth.models import Tokens, User
from functions.auth.repository import PostgresAuthStore
from functions.auth.service import Client
from shared import db
from shared.config import ConfigurationError, get_settings
from shared.errors import DomainError
from shared.identity import Actor

if TYPE_CHECKING:
    import httpx
    from supabase_auth import SyncGoTrueClient
    from supabase_auth.types import AuthResponse
    from supabase_auth.types import User as SupabaseUser

logger = Logger(child=True)

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
# A link's token_hash that Supabase does not take: unknown, expired or used (it says otp_expired for all).
_VERIFY: dict[str, ErrorFactory] = dict.fromkeys(
    ("otp_expired", "otp_disabled", "validation_failed", "user_not_found", "flow_state_not_found",
     "flow_state_expired"), InvalidOneTimeToken)
_UPDATE_PASSWORD: dict[str, ErrorFactory] = {
    "same_password": lambda: WeakPassword("it is the password you have now", "body.new_password"),
}

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
def _supabase(expected: Mapping[str, ErrorFactory], *, weak_field: str = "body.password") -> Iterator[None]:
    """Turn Supabase Auth's errors into domain errors, without passing on its messages."""
    from supabase_auth.errors import AuthApiError, AuthRetryableError, AuthWeakPasswordError

    try:
        yield
    except AuthWeakPasswordError as error:
        raise WeakPassword(_weak_password_reason(error.reasons), weak_field) from error
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
                created_at=user.created_at, email_verified=user.email_confirmed_at is not None)


@contextmanager
def _never_telling() -> Iterator[None]:
    """For the requests that answer 202 whatever happens: Supabase's refusals (among them its per-address
    e-mail rate limit, which would tell that the address has an account) are logged, not passed on. Only
    Supabase being unreachable or failing is (503), which says nothing about an address."""
    from supabase_auth.errors import AuthApiError, AuthRetryableError

    try:
        yield
    except AuthRetryableError as error:
        raise IdentityProviderUnavailable() from error
    except AuthApiError as error:
        if error.status >= 500:
            raise IdentityProviderUnavailable() from error
        logger.info("Supabase Auth refused to send a link", extra={"status": error.status, "code": error.code})


def _remember(user: SupabaseUser) -> None:
    """Keep what other services need to know of an account Supabase signed in (module docstring). The first
    time, the row's insert writes ``user.registered`` (the users service makes the profile from it)."""
    if not user.email:
        return
    with db.transaction("auth_service_admin") as tx:
        PostgresAuthStore(tx).remember_external_account(UUID(user.id), user.email, _name(user.user_metadata),
                                                        user.email_confirmed_at)
        tx.commit()


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
            # "Confirm email" is on: Supabase mailed a link (and answers alike for a taken address, with a
            # made-up user, which is why nothing is remembered before a sign-in).
            raise EmailNotConfirmed()
        tokens = _tokens(response)
        _remember(response.session.user)
        return tokens

    def login(self, *, email: str, password: str, client: Client) -> Tokens:
        with _supabase(_PASSWORD_GRANT):
            response = self._client().sign_in_with_password({"email": email, "password": password})
        tokens = _tokens(response)
        assert response.session is not None
        _remember(response.session.user)
        return tokens

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
        """From the verified token's claims (Supabase puts ``user_metadata`` in them): no request. Whether the
        address is confirmed is not in them (``user_metadata`` is the user's to edit): ``email_verified`` is
        null."""
        return User(id=actor.user_id, email=actor.email or "", name=_name(actor.claims.get("user_metadata")))

    @staticmethod
    def _page(page: str) -> str:
        """Where Supabase's e-mail sends the user (the project's e-mail templates put ``#token={{ .TokenHash }}``
        after it; docs/auth.md). Supabase accepts it only if it is among the project's redirect URLs."""
        return f"{get_settings().app_base_url}/{page}"

    def request_password_reset(self, *, email: str) -> None:
        """Supabase's recovery e-mail (``POST /recover``), which Supabase sends only for an existing address."""
        with _never_telling():
            self._client().reset_password_for_email(email, {"redirect_to": self._page("reset-password")})

    def reset_password(self, *, token: str, new_password: str) -> None:
        """Supabase's recovery link: exchanged for a session (``POST /verify``, type ``recovery``) in which the
        password is set (``PUT /user``); then every session of the account ends (``global`` log-out)."""
        client = self._client()
        with _supabase(_VERIFY):
            response = client.verify_otp({"type": "recovery", "token_hash": token})
        if response.session is None:
            raise InvalidOneTimeToken()
        with _supabase(_UPDATE_PASSWORD, weak_field="body.new_password"):
            client.update_user({"password": new_password})
        with _supabase(_LOGOUT):
            client.admin.sign_out(response.session.access_token, "global")
        _remember(response.session.user)

    def request_email_verification(self, *, email: str) -> None:
        """Supabase's sign-up confirmation e-mail again (``POST /resend``, type ``signup``)."""
        with _never_telling():
            self._client().resend({"type": "signup", "email": email,
                                   "options": {"email_redirect_to": self._page("verify-email")}})

    def verify_email(self, *, token: str) -> None:
        """Supabase's confirmation link (``POST /verify``, type ``email``): Supabase confirms the address and
        opens a session, which is ended at once (verifying signs nobody in here)."""
        client = self._client()
        with _supabase(_VERIFY):
            response = client.verify_otp({"type": "email", "token_hash": token})
        if response.session is None or response.user is None:
            raise InvalidOneTimeToken()
        _remember(response.user)
        with _supabase(_LOGOUT):
            client.admin.sign_out(response.session.access_token, "local")
