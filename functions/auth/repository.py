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
    def record_login_failure(self, email: str, ip_address: str | None) -> None: ...
    def clear_login_failures(self, email: str) -> None: ...
    def failures_since(self, email: str, ip_address: str | None,
                       since: datetime) -> tuple[list[datetime], list[datetime]]: ...


_USER = "id, email, name, password_hash, created_at"
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

    def record_login_failure(self, email: str, ip_address: str | None) -> None:
        self._tx.execute("insert into auth_service.login_failures (email, ip_address) values (%s, %s)",
                         (email, ip_address))

    def clear_login_failures(self, email: str) -> None:
        self._tx.execute("delete from auth_service.login_failures where email = %s", (email,))

    def failures_since(self, email: str, ip_address: str | None,
                       since: datetime) -> tuple[list[datetime], list[datetime]]:
        rows = self._tx.execute(
            "select failed_at, email = %s as same_account, ip_address = %s::inet as same_address"
            " from auth_service.login_failures"
            " where failed_at > %s and (email = %s or ip_address = %s::inet) order by failed_at",
            (email, ip_address, since, email, ip_address),
        ).fetchall()
        by_account = [r["failed_at"] for r in rows if r["same_account"]]
        by_address = [r["failed_at"] for r in rows if r["same_address"]]
        return by_account, by_address
