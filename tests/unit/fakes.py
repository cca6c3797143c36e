"""An in-memory AuthStore for the service's unit tests (the real one is tested against PostgreSQL)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime
from uuid import UUID

from functions.auth.errors import EmailTaken
from functions.auth.repository import RefreshTokenRow, SessionRow, UserRow


class FakeAuthStore:
    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
        self.users: dict[UUID, UserRow] = {}
        self.sessions: dict[UUID, SessionRow] = {}
        self.refresh_tokens: dict[bytes, tuple[UUID, datetime | None]] = {}
        self.failures: list[tuple[str, str | None, datetime]] = []
        self.commits = 0

    def commit(self) -> None:
        self.commits += 1

    def create_user(self, email: str, name: str, password_hash: str) -> UserRow:
        if any(u.email == email for u in self.users.values()):
            raise EmailTaken()
        user = UserRow(id=uuid.uuid4(), email=email, name=name, password_hash=password_hash, created_at=self.now)
        self.users[user.id] = user
        return user

    def user_by_email(self, email: str) -> UserRow | None:
        return next((u for u in self.users.values() if u.email == email), None)

    def user_by_id(self, user_id: UUID, *, with_password: bool = False) -> UserRow | None:
        user = self.users.get(user_id)
        return user if user is None or with_password else replace(user, password_hash=None)

    def session_is_active(self, session_id: UUID) -> bool:
        session = self.sessions.get(session_id)
        return session is not None and session.revoked_at is None and session.expires_at > self.now

    def set_password_hash(self, user_id: UUID, password_hash: str) -> None:
        self.users[user_id] = replace(self.users[user_id], password_hash=password_hash)

    def create_session(self, user_id: UUID, expires_at: datetime, user_agent: str | None,
                       ip_address: str | None) -> SessionRow:
        session = SessionRow(id=uuid.uuid4(), user_id=user_id, created_at=self.now, refreshed_at=None,
                             expires_at=expires_at, revoked_at=None, user_agent=user_agent, ip_address=ip_address)
        self.sessions[session.id] = session
        return session

    def active_sessions(self, user_id: UUID) -> list[SessionRow]:
        return [s for s in self.sessions.values()
                if s.user_id == user_id and s.revoked_at is None and s.expires_at > self.now]

    def revoke_session(self, session_id: UUID, reason: str) -> bool:
        session = self.sessions.get(session_id)
        if session is None or session.revoked_at is not None:
            return False
        self.sessions[session_id] = replace(session, revoked_at=self.now)
        return True

    def revoke_other_sessions(self, user_id: UUID, keep: UUID | None, reason: str) -> int:
        others = [s.id for s in self.active_sessions(user_id) if s.id != keep]
        return sum(self.revoke_session(session_id, reason) for session_id in others)

    def touch_session(self, session_id: UUID) -> None:
        self.sessions[session_id] = replace(self.sessions[session_id], refreshed_at=self.now)

    def add_refresh_token(self, token_hash: bytes, session_id: UUID) -> None:
        self.refresh_tokens[token_hash] = (session_id, None)

    def refresh_token_for_update(self, token_hash: bytes) -> RefreshTokenRow | None:
        if token_hash not in self.refresh_tokens:
            return None
        session_id, rotated_at = self.refresh_tokens[token_hash]
        return RefreshTokenRow(session_id=session_id, rotated_at=rotated_at, session=self.sessions[session_id])

    def mark_rotated(self, token_hash: bytes) -> None:
        session_id, _ = self.refresh_tokens[token_hash]
        self.refresh_tokens[token_hash] = (session_id, self.now)

    def record_login_failure(self, email: str, address: str | None) -> None:
        self.failures.append((email, address, self.now))

    def clear_login_failures(self, email: str, address: str | None) -> None:
        self.failures = [f for f in self.failures if (f[0], f[1]) != (email, address)]

    def pair_failures_since(self, email: str, address: str | None, since: datetime) -> list[datetime]:
        return sorted(f[2] for f in self.failures if (f[0], f[1]) == (email, address) and f[2] > since)

    def accounts_failed_from(self, address: str, since: datetime) -> list[tuple[str, datetime]]:
        latest: dict[str, datetime] = {}
        for email, failed_from, at in self.failures:
            if failed_from == address and at > since:
                latest[email] = max(at, latest.get(email, at))
        return sorted(latest.items(), key=lambda item: item[1])
