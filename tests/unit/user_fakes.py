"""An in-memory UserStore for the users service's unit tests (the real one is tested against PostgreSQL).

Memberships are a dict ``{organization_id: {user_id: active}}``: enough to answer the organization
service's contract (is_member, shares_organization) the way the SQL functions do."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from functions.users.repository import MemberKey, ProfileRow, PublicProfileRow, SettingsRow

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


class FakeUserStore:
    def __init__(self, caller: UUID) -> None:
        self.caller = caller
        self.profiles: dict[UUID, ProfileRow] = {}
        self.saved_settings: dict[UUID, SettingsRow] = {}
        self.memberships: dict[UUID, dict[UUID, bool]] = {}
        self.commits = 0

    def commit(self) -> None:
        self.commits += 1

    def own_profile(self, user_id: UUID) -> ProfileRow | None:
        return self.profiles.get(user_id)

    def create_own_profile(self, user_id: UUID, email: str | None, display_name: str) -> None:
        self.profiles.setdefault(user_id, ProfileRow(
            user_id=user_id, email=email, display_name=display_name, avatar_url=None, faculty=None,
            study_program=None, bio=None, phone=None, student_number=None, student_number_on_documents=False, version=1,
            created_at=NOW, updated_at=NOW))

    def update_profile(self, user_id: UUID, changes: Mapping[str, str | bool | None], expected_version: int) -> bool:
        row = self.profiles[user_id]
        if row.version != expected_version:
            return False
        self.profiles[user_id] = replace(row, **changes, version=row.version + 1)  # type: ignore[arg-type]
        return True

    def register_profile(self, user_id: UUID, email: str, display_name: str) -> None:
        self.create_own_profile(user_id, email, display_name)
        self.profiles[user_id] = replace(self.profiles[user_id], email=email, display_name=display_name)

    def public_profile(self, user_id: UUID) -> PublicProfileRow | None:
        row = self.profiles.get(user_id)
        return row if row else None

    def shares_organization(self, a: UUID, b: UUID) -> bool:
        return any(members.get(a) and members.get(b) for members in self.memberships.values())

    def is_member(self, organization_id: UUID) -> bool:
        return self.caller in self.memberships.get(organization_id, {})

    def members(self, organization_id: UUID, query: str | None, after: MemberKey | None,
                limit: int) -> list[tuple[MemberKey, PublicProfileRow]]:
        found = []
        for user_id, active in self.memberships.get(organization_id, {}).items():
            row = self.profiles.get(user_id)
            if not active or row is None:
                continue
            if query and query.lower() not in row.display_name.lower() and query.lower() not in (row.email or ""):
                continue
            key = MemberKey(sort_name=row.display_name.lower(), user_id=user_id)
            if after and (key.sort_name, str(key.user_id)) <= (after.sort_name, str(after.user_id)):
                continue
            found.append((key, row))
        found.sort(key=lambda item: (item[0].sort_name, str(item[0].user_id)))
        return found[:limit]

    def settings(self, user_id: UUID) -> SettingsRow | None:
        return self.saved_settings.get(user_id)

    def save_settings(self, user_id: UUID, values: Mapping[str, Any], expected_version: int) -> SettingsRow | None:
        current = self.saved_settings.get(user_id)
        if (current.version if current else 0) != expected_version:
            return None
        self.saved_settings[user_id] = SettingsRow(**values, version=expected_version + 1)
        return self.saved_settings[user_id]
