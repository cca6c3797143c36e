"""SQL of the auth service. Returns rows as dataclasses; translates driver errors into domain errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

import psycopg.errors

from functions.auth.errors import EmailTaken
from shared.db import Transaction


@dataclass(frozen=True)
class UserRow:
    id: UUID
    email: str
    name: str
    password_hash: str | None
    created_at: datetime
    email_verified_at: datetime | None = None


@dataclass(frozen=True)
class SessionRow:
    id: UUID
    user_id: UUID
    created_at: datetime
    refreshed_at: datetime | None
    expires_at: datetime
    revoked_at: datetime | None
    user_agent: str | None
    ip_address: str | None


@dataclass(frozen=True)
class RefreshTokenRow:
    session_id: UUID
    rotated_at: datetime | None
    session: SessionRow


@dataclass(frozen=True)
class OneTimeTokenRow:
    user_id: UUID
    purpose: str
    email: str


class AuthStore(Protocol):
    """What the auth use cases need from storage (a fake implements it in unit tests)."""

    def commit(self) -> None: ...
    def create_user(self, email: str, name: str, password_hash: str) -> UserRow: ...
    def user_by_email(self, email: str) -> UserRow | None: ...
    def user_by_id(self, user_id: UUID, *, with_password: bool = False) -> UserRow | None: ...
    def session_is_active(self, session_id: UUID) -> bool: ...
    def set_password_hash(self, user_id: UUID, password_hash: str) -> None: ...
    def create_session(self, user_id: UUID, expires_at: datetime, user_agent: str | None,
                       ip_address: str | None) -> SessionRow: ...
    def active_sessions(self, user_id: UUID) -> list[SessionRow]: ...
    def revoke_session(self, session_id: UUID, reason: str) -> bool: ...
    def revoke_other_sessions(self, user_id: UUID, keep: UUID | None, reason: str) -> int: ...
    def touch_session(self, session_id: UUID) -> None: ...
    def add_refresh_token(self, token_hash: bytes, session_id: UUID) -> None: ...
    def refresh_token_for_update(self, token_hash: bytes) -> RefreshTokenRow | None: ...
    def mark_rotated(self, token_hash: bytes) -> None: ...
    def record_login_failure(self, email: str, address: str | None) -> None: ...
    def clear_login_failures(self, email: str, address: str | None) -> None: ...
    def pair_failures_since(self, email: str, address: str | None, since: datetime) -> list[datetime]:
        """When the (account, address) pair failed since ``since``, oldest first."""
        ...

    def accounts_failed_from(self, address: str, since: datetime) -> list[tuple[str, datetime]]:
        """Each account that failed from ``address`` since ``since``, with its latest failure, oldest first."""
        ...


class RecoveryStore(Protocol):
    """What password recovery and e-mail verification need from storage."""

    def commit(self) -> None: ...
    def user_by_email(self, email: str) -> UserRow | None: ...
    def user_by_id(self, user_id: UUID, *, with_password: bool = False) -> UserRow | None: ...
    def email_requests_since(self, user_id: UUID, purpose: str, since: datetime) -> int: ...
    def add_email_request(self, user_id: UUID, purpose: str) -> None: ...
    def token_for_update(self, token_hash: bytes, purpose: str) -> OneTimeTokenRow | None:
        """The token if it is unused and unexpired (locked until the transaction ends), else None."""
        ...

    def use_tokens(self, user_id: UUID, purpose: str) -> None:
        """Mark every unused token of the account and purpose used."""
        ...

    def mark_email_verified(self, user_id: UUID, email: str) -> None: ...
    def set_password_hash(self, user_id: UUID, password_hash: str) -> None: ...
    def revoke_other_sessions(self, user_id: UUID, keep: UUID | None, reason: str) -> int: ...


_USER = "id, email, name, password_hash, created_at, email_verified_at"
_SESSION = "id, user_id, created_at, refreshed_at, expires_at, revoked_at, user_agent, host(ip_address) as ip_address"


class PostgresAuthStore:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def commit(self) -> None:
        self._tx.commit()

    def create_user(self, email: str, name: str, password_hash: str) -> UserRow:
        try:
            row = self._tx.execute(
                f"insert into auth_service.users (email, name, password_hash) values (%s, %s, %s)"
                f" returning {_USER}",
                (email, name, password_hash),
            ).fetchone()
        except psycopg.errors.UniqueViolation as error:
            raise EmailTaken() from error
        assert row is not None
        return UserRow(**row)

    def user_by_email(self, email: str) -> UserRow | None:
        row = self._tx.execute(f"select {_USER} from auth_service.users where email = %s", (email,)).fetchone()
        return UserRow(**row) if row else None

    def user_by_id(self, user_id: UUID, *, with_password: bool = False) -> UserRow | None:
        columns = _USER if with_password else _USER.replace("password_hash", "null as password_hash")
        row = self._tx.execute(f"select {columns} from auth_service.users where id = %s", (user_id,)).fetchone()
        return UserRow(**row) if row else None

    def session_is_active(self, session_id: UUID) -> bool:
        row = self._tx.execute("select auth_service.session_is_active(%s) as active", (session_id,)).fetchone()
        return bool(row and row["active"])

    def set_password_hash(self, user_id: UUID, password_hash: str) -> None:
        self._tx.execute(
            "update auth_service.users set password_hash = %s, updated_at = now() where id = %s",
            (password_hash, user_id),
        )

    def create_session(self, user_id: UUID, expires_at: datetime, user_agent: str | None,
                       ip_address: str | None) -> SessionRow:
        row = self._tx.execute(
            "insert into auth_service.sessions (user_id, expires_at, user_agent, ip_address)"
            f" values (%s, %s, %s, %s) returning {_SESSION}",
            (user_id, expires_at, user_agent, ip_address),
        ).fetchone()
        assert row is not None
        return SessionRow(**row)

    def active_sessions(self, user_id: UUID) -> list[SessionRow]:
        rows = self._tx.execute(
            f"select {_SESSION} from auth_service.sessions"
            " where user_id = %s and revoked_at is null and expires_at > now() order by created_at desc",
            (user_id,),
        ).fetchall()
        return [SessionRow(**row) for row in rows]

    def revoke_session(self, session_id: UUID, reason: str) -> bool:
        cursor = self._tx.execute(
            "update auth_service.sessions set revoked_at = now(), revoked_reason = %s"
            " where id = %s and revoked_at is null",
            (reason, session_id),
        )
        return cursor.rowcount == 1

    def revoke_other_sessions(self, user_id: UUID, keep: UUID | None, reason: str) -> int:
        cursor = self._tx.execute(
            "update auth_service.sessions set revoked_at = now(), revoked_reason = %s"
            " where user_id = %s and revoked_at is null and id is distinct from %s",
            (reason, user_id, keep),
        )
        return cursor.rowcount

    def touch_session(self, session_id: UUID) -> None:
        self._tx.execute("update auth_service.sessions set refreshed_at = now() where id = %s", (session_id,))

    def add_refresh_token(self, token_hash: bytes, session_id: UUID) -> None:
        self._tx.execute(
            "insert into auth_service.refresh_tokens (token_hash, session_id) values (%s, %s)",
            (token_hash, session_id),
        )

    def refresh_token_for_update(self, token_hash: bytes) -> RefreshTokenRow | None:
        # Locks the session row too: two refreshes of one token serialize, so exactly one
        # rotates it and the other sees it rotated.
        row = self._tx.execute(
            "select t.rotated_at, s.id, s.user_id, s.created_at, s.refreshed_at, s.expires_at, s.revoked_at,"
            " s.user_agent, host(s.ip_address) as ip_address"
            " from auth_service.refresh_tokens t join auth_service.sessions s on s.id = t.session_id"
            " where t.token_hash = %s for update",
            (token_hash,),
        ).fetchone()
        if not row:
            return None
        rotated_at = row.pop("rotated_at")
        return RefreshTokenRow(session_id=row["id"], rotated_at=rotated_at, session=SessionRow(**row))

    def mark_rotated(self, token_hash: bytes) -> None:
        self._tx.execute("update auth_service.refresh_tokens set rotated_at = now() where token_hash = %s",
                         (token_hash,))

    def record_login_failure(self, email: str, address: str | None) -> None:
        self._tx.execute("insert into auth_service.login_failures (email, ip_address) values (%s, %s)",
                         (email, address))

    def clear_login_failures(self, email: str, address: str | None) -> None:
        self._tx.execute("delete from auth_service.login_failures where email = %s"
                         " and ip_address is not distinct from %s::inet", (email, address))

    def pair_failures_since(self, email: str, address: str | None, since: datetime) -> list[datetime]:
        rows = self._tx.execute(
            "select failed_at from auth_service.login_failures"
            " where email = %s and ip_address is not distinct from %s::inet and failed_at > %s order by failed_at",
            (email, address, since),
        ).fetchall()
        return [row["failed_at"] for row in rows]

    def accounts_failed_from(self, address: str, since: datetime) -> list[tuple[str, datetime]]:
        rows = self._tx.execute(
            "select email, max(failed_at) as last_failed_at from auth_service.login_failures"
            " where ip_address = %s::inet and failed_at > %s group by email order by last_failed_at",
            (address, since),
        ).fetchall()
        return [(row["email"], row["last_failed_at"]) for row in rows]

    # ---- e-mail verification and password recovery (functions/auth/recovery.py)

    def email_requests_since(self, user_id: UUID, purpose: str, since: datetime) -> int:
        row = self._tx.execute(
            "select count(*) as n from auth_service.email_requests"
            " where user_id = %s and purpose = %s and requested_at > %s",
            (user_id, purpose, since),
        ).fetchone()
        return int(row["n"]) if row else 0

    def add_email_request(self, user_id: UUID, purpose: str) -> None:
        """The insert writes the event the auth service's consumer answers with an e-mail (migration 0003)."""
        self._tx.execute("insert into auth_service.email_requests (user_id, purpose) values (%s, %s)",
                         (user_id, purpose))

    def token_for_update(self, token_hash: bytes, purpose: str) -> OneTimeTokenRow | None:
        row = self._tx.execute(
            "select user_id, purpose, email from auth_service.one_time_tokens"
            " where token_hash = %s and purpose = %s and used_at is null and expires_at > now() for update",
            (token_hash, purpose),
        ).fetchone()
        return OneTimeTokenRow(**row) if row else None

    def use_tokens(self, user_id: UUID, purpose: str) -> None:
        self._tx.execute(
            "update auth_service.one_time_tokens set used_at = now()"
            " where user_id = %s and purpose = %s and used_at is null",
            (user_id, purpose),
        )

    def mark_email_verified(self, user_id: UUID, email: str) -> None:
        self._tx.execute(
            "update auth_service.users set email_verified_at = now(), updated_at = now()"
            " where id = %s and email = %s and email_verified_at is null",
            (user_id, email),
        )

    # ---- accounts of an external identity provider (functions/auth/supabase_provider.py)

    def remember_external_account(self, user_id: UUID, email: str, name: str,
                                  email_confirmed_at: datetime | None) -> None:
        """Record (or bring up to date) an account Supabase Auth signed in. The first time, the insert writes
        ``user.registered`` (migration 0003), from which the users service creates the profile."""
        self._tx.execute(
            "insert into auth_service.external_accounts (id, email, name, email_confirmed_at)"
            " values (%s, %s, %s, %s)"
            " on conflict (id) do update set email = excluded.email, name = excluded.name,"
            " email_confirmed_at = excluded.email_confirmed_at, updated_at = now()"
            " where (external_accounts.email, external_accounts.name, external_accounts.email_confirmed_at)"
            " is distinct from (excluded.email, excluded.name, excluded.email_confirmed_at)",
            (user_id, email.lower(), name[:200], email_confirmed_at),
        )


@dataclass(frozen=True)
class AccountRow:
    id: UUID
    email: str
    name: str
    email_verified_at: datetime | None


class PostgresEmailStore:
    """What the consumer that mails links reads and writes (as ``service_role``, in its transaction)."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def account(self, user_id: UUID) -> AccountRow | None:
        row = self._tx.execute("select id, email, name, email_verified_at from auth_service.users where id = %s",
                               (user_id,)).fetchone()
        return AccountRow(**row) if row else None

    def language_of(self, user_id: UUID) -> str:
        """The language of the user's settings (an interface of ours that the users service implements);
        Indonesian by default."""
        row = self._tx.execute("select auth_service.language_of(%s) as language", (user_id,)).fetchone()
        return str(row["language"]) if row else "id"

    def add_token(self, token_hash: bytes, user_id: UUID, purpose: str, email: str, ttl_seconds: int) -> None:
        self._tx.execute(
            "insert into auth_service.one_time_tokens (token_hash, user_id, purpose, email, expires_at)"
            " values (%s, %s, %s, %s, now() + make_interval(secs => %s))",
            (token_hash, user_id, purpose, email, ttl_seconds),
        )
