"""Use cases of the built-in identity provider. Plain Python: they take the store, the caller
and the clock, return wire models and raise domain errors; they know nothing of HTTP."""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from functions.auth import passwords, tokens
from functions.auth.errors import (
    InvalidCredentials,
    InvalidRefreshToken,
    LoginThrottled,
    RefreshTokenReused,
    SessionNotFound,
    WrongCurrentPassword,
)
from functions.auth.models import Session, SessionList, Tokens, User
from functions.auth.repository import AuthStore, SessionRow, UserRow
from shared.config import get_settings
from shared.errors import Unauthenticated
from shared.identity import Actor


@dataclass(frozen=True)
class Client:
    """Where a request comes from (for throttling and the session list)."""

    ip_address: str | None = None
    user_agent: str | None = None


def _now() -> datetime:
    return datetime.now(UTC)


def _user(row: UserRow) -> User:
    return User(id=row.id, email=row.email, name=row.name, created_at=row.created_at,
                email_verified=row.email_verified_at is not None)


def _start_session(store: AuthStore, user: UserRow, client: Client, now: datetime) -> Tokens:
    settings = get_settings()
    session = store.create_session(
        user.id, now + timedelta(seconds=settings.refresh_token_ttl_seconds),
        (client.user_agent or "")[:400] or None, client.ip_address,
    )
    return _tokens_for(store, user, session.id, now)


def _tokens_for(store: AuthStore, user: UserRow, session_id: UUID, now: datetime) -> Tokens:
    refresh_token = tokens.new_refresh_token()
    store.add_refresh_token(tokens.refresh_token_hash(refresh_token), session_id)
    access_token, expires_at = tokens.issue_access_token(
        user_id=user.id, email=user.email, name=user.name, session_id=session_id, now=now)
    return Tokens(
        access_token=access_token,
        expires_in=expires_at - int(now.timestamp()),
        expires_at=expires_at,
        refresh_token=refresh_token,
        user=_user(user),
    )


def register(store: AuthStore, *, email: str, password: str, name: str, client: Client,
             now: datetime | None = None) -> Tokens:
    now = now or _now()
    passwords.check_strength(password, user_inputs=[email, email.split("@")[0], *name.split()])
    user = store.create_user(email, name, passwords.hash_password(password))
    result = _start_session(store, user, client, now)
    store.commit()
    return result


def throttle_address(ip_address: str | None) -> str | None:
    """The address failures are counted by: an IPv4 address as it is, an IPv6 one by its /64 (one
    subscriber is given a whole /64, so single IPv6 addresses would count nothing), None if unknown."""
    if ip_address is None:
        return None
    try:
        address = ipaddress.ip_address(ip_address)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _seconds_until(moment: datetime, now: datetime) -> int:
    return math.ceil((moment - now).total_seconds())


def _throttle(store: AuthStore, email: str, address: str | None, now: datetime) -> None:
    """Refuse (429) before any password is checked when

    - this (account, address) pair failed ``LOGIN_FREE_FAILURES`` times or more within the window, and its
      last failure is more recent than the pair's delay: ``LOGIN_FIRST_DELAY_SECONDS`` after the last free
      failure, doubling with each further one, never longer than the window. Someone guessing from one
      address slows only that pair down: the account's owner, from any other address, is not locked out;
    - or this address failed, within the window, for ``LOGIN_MAX_ACCOUNTS_PER_ADDRESS`` accounts or more and
      this account is not one of them: someone trying many accounts from one place (password spraying).
      High enough that a campus behind one NAT does not reach it by mistyping.
    """
    settings = get_settings()
    window = timedelta(seconds=settings.login_failure_window_seconds)
    pair = store.pair_failures_since(email, address, now - window)
    beyond = len(pair) - settings.login_free_failures
    if beyond >= 0:
        delay = min(window, timedelta(seconds=settings.login_first_delay_seconds * 2 ** min(beyond, 20)))
        if pair[-1] + delay > now:
            raise LoginThrottled(_seconds_until(pair[-1] + delay, now))
    if address is None:
        return
    accounts = store.accounts_failed_from(address, now - window)
    cap = settings.login_max_accounts_per_address
    if len(accounts) >= cap and email not in {account for account, _ in accounts}:
        # free again once enough of those accounts' last failures have left the window
        raise LoginThrottled(_seconds_until(accounts[len(accounts) - cap][1] + window, now))


def login(store: AuthStore, *, email: str, password: str, client: Client,
          now: datetime | None = None) -> Tokens:
    now = now or _now()
    address = throttle_address(client.ip_address)
    _throttle(store, email, address, now)
    user = store.user_by_email(email)
    # Checked against a dummy hash when there is no such account: the same work, so the same time, whether
    # or not the address is registered.
    verified = passwords.verify_password(user.password_hash if user else None, password)
    if user is None or not verified:
        store.record_login_failure(email, address)
        store.commit()  # the failure must count even though the request fails
        raise InvalidCredentials()
    if user.password_hash and passwords.needs_rehash(user.password_hash):
        store.set_password_hash(user.id, passwords.hash_password(password))
    store.clear_login_failures(email, address)
    result = _start_session(store, user, client, now)
    store.commit()
    return result


def refresh(store: AuthStore, *, refresh_token: str, now: datetime | None = None) -> Tokens:
    now = now or _now()
    token_hash = tokens.refresh_token_hash(refresh_token)
    found = store.refresh_token_for_update(token_hash)
    if found is None:
        raise InvalidRefreshToken()
    session = found.session
    if found.rotated_at is not None:
        # A rotated token presented again: it was stolen or replayed. End the whole session.
        store.revoke_session(session.id, "refresh_token_reused")
        store.commit()
        raise RefreshTokenReused()
    if session.revoked_at is not None or session.expires_at <= now:
        raise InvalidRefreshToken()
    user = store.user_by_id(session.user_id)
    if user is None:
        raise InvalidRefreshToken()
    store.mark_rotated(token_hash)
    store.touch_session(session.id)
    result = _tokens_for(store, user, session.id, now)
    store.commit()
    return result


def _own_session_id(actor: Actor) -> UUID:
    if actor.session_id is None:
        raise Unauthenticated("the access token names no session")
    return actor.session_id


def logout(store: AuthStore, actor: Actor) -> None:
    store.revoke_session(_own_session_id(actor), "logout")
    store.commit()


def me(store: AuthStore, actor: Actor) -> User:
    user = store.user_by_id(actor.user_id)
    if user is None:
        raise Unauthenticated("the account of this access token no longer exists")
    return _user(user)


def _session(row: SessionRow, current: UUID | None) -> Session:
    return Session(id=row.id, created_at=row.created_at, refreshed_at=row.refreshed_at,
                   expires_at=row.expires_at, user_agent=row.user_agent, ip_address=row.ip_address,
                   current=row.id == current)


def list_sessions(store: AuthStore, actor: Actor) -> SessionList:
    rows = store.active_sessions(actor.user_id)
    return SessionList(items=[_session(row, actor.session_id) for row in rows])


def revoke_session(store: AuthStore, actor: Actor, session_id: UUID) -> None:
    if not any(row.id == session_id for row in store.active_sessions(actor.user_id)):
        raise SessionNotFound()
    store.revoke_session(session_id, "revoked")
    store.commit()


def change_password(store: AuthStore, actor: Actor, *, current_password: str, new_password: str) -> int:
    """Change the password and end every other session; return how many were ended."""
    if not store.session_is_active(_own_session_id(actor)):
        raise Unauthenticated("the session of this access token has ended")
    user = store.user_by_id(actor.user_id, with_password=True)
    if user is None:
        raise Unauthenticated("the account of this access token no longer exists")
    if not passwords.verify_password(user.password_hash, current_password):
        raise WrongCurrentPassword()
    passwords.check_strength(new_password, user_inputs=[user.email, *user.name.split()],
                             field="body.new_password")
    store.set_password_hash(user.id, passwords.hash_password(new_password))
    ended = store.revoke_other_sessions(user.id, _own_session_id(actor), "password_changed")
    store.commit()
    return ended
