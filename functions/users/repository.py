"""SQL of the users service. Returns rows as dataclasses. Runs as the caller (``authenticated``: RLS
decides what exists) or, for service-only routes, as ``service_role``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from psycopg import sql
from psycopg.types.json import Jsonb
from pydantic import ConfigDict

from shared import db
from shared.identity import Actor, user_transaction
from shared.store import SqlStore, contains_pattern
from shared.types import Model

PUBLIC_COLUMNS = ("display_name", "avatar_url", "faculty", "study_program", "bio")
PRIVATE_COLUMNS = ("phone", "student_number", "student_number_on_documents")


@dataclass(frozen=True)
class PublicProfileRow:
    user_id: UUID
    email: str | None
    display_name: str
    avatar_url: str | None
    faculty: str | None
    study_program: str | None
    bio: str | None


@dataclass(frozen=True)
class ProfileRow(PublicProfileRow):
    phone: str | None
    student_number: str | None
    student_number_on_documents: bool
    version: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class SettingsRow:
    language: str
    time_zone: str
    notifications: dict[str, dict[str, bool]]
    daily_digest: bool
    version: int


class MemberKey(Model):
    """Where a page of member search ends: the sort key of its last row (a cursor holds it)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sort_name: str
    user_id: UUID


class UserStore(Protocol):
    """What the users use cases need from storage (a fake implements it in unit tests)."""

    def commit(self) -> None: ...
    def own_profile(self, user_id: UUID) -> ProfileRow | None: ...
    def create_own_profile(self, user_id: UUID, email: str | None, display_name: str) -> None: ...
    def update_profile(self, user_id: UUID, changes: Mapping[str, str | bool | None],
                       expected_version: int) -> bool: ...
    def register_profile(self, user_id: UUID, email: str, display_name: str) -> None: ...
    def public_profile(self, user_id: UUID) -> PublicProfileRow | None: ...
    def shares_organization(self, a: UUID, b: UUID) -> bool: ...
    def is_member(self, organization_id: UUID) -> bool: ...
    def members(self, organization_id: UUID, query: str | None, after: MemberKey | None,
                limit: int) -> list[tuple[MemberKey, PublicProfileRow]]: ...
    def settings(self, user_id: UUID) -> SettingsRow | None: ...
    def save_settings(self, user_id: UUID, values: Mapping[str, Any], expected_version: int) -> SettingsRow | None: ...


_PUBLIC = "p.user_id, p.email, p.display_name, p.avatar_url, p.faculty, p.study_program, p.bio"
_OWN = (f"{_PUBLIC}, d.phone, d.student_number,"
        " coalesce(d.student_number_on_documents, false) as student_number_on_documents,"
        " p.version, p.created_at, p.updated_at")
_SETTINGS = "language, time_zone, notifications, daily_digest, version"


class PostgresUserStore(SqlStore):
    def own_profile(self, user_id: UUID) -> ProfileRow | None:
        row = self._tx.execute(
            f"select {_OWN} from user_service.profiles p"
            " left join user_service.private_details d on d.user_id = p.user_id where p.user_id = %s",
            (user_id,),
        ).fetchone()
        return ProfileRow(**row) if row else None

    def create_own_profile(self, user_id: UUID, email: str | None, display_name: str) -> None:
        self._tx.execute(
            "insert into user_service.profiles (user_id, email, display_name) values (%s, %s, %s)"
            " on conflict (user_id) do nothing",
            (user_id, email, display_name),
        )

    def update_profile(self, user_id: UUID, changes: Mapping[str, str | bool | None], expected_version: int) -> bool:
        public = {k: v for k, v in changes.items() if k in PUBLIC_COLUMNS}
        private = {k: v for k, v in changes.items() if k in PRIVATE_COLUMNS}
        assignments: list[sql.Composable] = [sql.SQL("{} = {}").format(sql.Identifier(k), sql.Placeholder(k))
                                             for k in public]
        assignments += [sql.SQL("version = version + 1"), sql.SQL("updated_at = now()")]
        updated = self._tx.execute(
            sql.SQL("update user_service.profiles set {} where user_id = %(user_id)s and version = %(version)s")
            .format(sql.SQL(", ").join(assignments)),
            {**public, "user_id": user_id, "version": expected_version},
        ).rowcount
        if updated != 1:
            return False
        if private:
            columns = [sql.Identifier(k) for k in private]
            self._tx.execute(
                sql.SQL("insert into user_service.private_details (user_id, {}) values (%(user_id)s, {})"
                        " on conflict (user_id) do update set {}").format(
                    sql.SQL(", ").join(columns),
                    sql.SQL(", ").join(sql.Placeholder(k) for k in private),
                    sql.SQL(", ").join(sql.SQL("{0} = excluded.{0}").format(c) for c in columns)),
                {**private, "user_id": user_id},
            )
        return True

    def register_profile(self, user_id: UUID, email: str, display_name: str) -> None:
        self._tx.execute(
            "insert into user_service.profiles (user_id, email, display_name) values (%s, %s, %s)"
            " on conflict (user_id) do update set email = excluded.email, display_name = excluded.display_name,"
            " version = profiles.version + 1, updated_at = now()"
            " where (profiles.email, profiles.display_name) is distinct from (excluded.email, excluded.display_name)",
            (user_id, email, display_name),
        )

    def public_profile(self, user_id: UUID) -> PublicProfileRow | None:
        row = self._tx.execute(f"select {_PUBLIC} from user_service.profiles p where p.user_id = %s",
                               (user_id,)).fetchone()
        return PublicProfileRow(**row) if row else None

    def shares_organization(self, a: UUID, b: UUID) -> bool:
        row = self._tx.execute("select organization_service.shares_organization(%s, %s) as shared", (a, b)).fetchone()
        return bool(row and row["shared"])

    def is_member(self, organization_id: UUID) -> bool:
        row = self._tx.execute("select organization_service.is_member(%s) as member", (organization_id,)).fetchone()
        return bool(row and row["member"])

    def members(self, organization_id: UUID, query: str | None, after: MemberKey | None,
                limit: int) -> list[tuple[MemberKey, PublicProfileRow]]:
        """Active members of the organization's active period, by name (then id), matching ``query``
        in the name or the e-mail address. RLS shows only profiles of people who share an organization
        with the caller."""
        rows = self._tx.execute(
            f"select {_PUBLIC}, lower(p.display_name) as sort_name from user_service.profiles p"
            " where organization_service.member_role(%(org)s, p.user_id) is not null"
            "   and (%(pattern)s::text is null or lower(p.display_name) like %(pattern)s or p.email like %(pattern)s)"
            "   and (%(after_name)s::text is null"
            "        or (lower(p.display_name), p.user_id) > (%(after_name)s::text, %(after_id)s::uuid))"
            " order by lower(p.display_name), p.user_id limit %(limit)s",
            {"org": organization_id, "pattern": contains_pattern(query.lower()) if query else None, "limit": limit,
             "after_name": after.sort_name if after else None, "after_id": after.user_id if after else None},
        ).fetchall()
        return [(MemberKey(sort_name=row.pop("sort_name"), user_id=row["user_id"]), PublicProfileRow(**row))
                for row in rows]

    def settings(self, user_id: UUID) -> SettingsRow | None:
        row = self._tx.execute(f"select {_SETTINGS} from user_service.settings where user_id = %s",
                               (user_id,)).fetchone()
        return SettingsRow(**row) if row else None

    def save_settings(self, user_id: UUID, values: Mapping[str, Any], expected_version: int) -> SettingsRow | None:
        """Insert (``expected_version`` 0: there were none) or update version ``expected_version``;
        None when the row is not at that version any more."""
        row = self._tx.execute(
            "insert into user_service.settings as s (user_id, language, time_zone, notifications, daily_digest)"
            " values (%(user_id)s, %(language)s, %(time_zone)s, %(notifications)s, %(daily_digest)s)"
            " on conflict (user_id) do update set language = excluded.language, time_zone = excluded.time_zone,"
            "   notifications = excluded.notifications, daily_digest = excluded.daily_digest,"
            "   version = s.version + 1, updated_at = now()"
            " where s.version = %(version)s"
            f" returning {_SETTINGS}",
            {**values, "notifications": Jsonb(values["notifications"]), "user_id": user_id,
             "version": expected_version},
        ).fetchone()
        return SettingsRow(**row) if row else None


@contextmanager
def user_store(actor: Actor) -> Iterator[PostgresUserStore]:
    """The store in a transaction as the caller."""
    with user_transaction(actor) as tx:
        yield PostgresUserStore(tx)


@contextmanager
def service_store() -> Iterator[PostgresUserStore]:
    """The store in a transaction as ``service_role``, for service-only routes."""
    with db.service_transaction("users") as tx:
        yield PostgresUserStore(tx)
