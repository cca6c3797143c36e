"""Use cases of the users service. Plain Python: they take the store and the caller, return wire models,
raise domain errors, and know nothing of HTTP. Who may see whom is decided here first; RLS decides it
again in the database."""

from __future__ import annotations

from dataclasses import asdict
from uuid import UUID

from functions.users.errors import (
    CallerNotAllowed,
    OrganizationNotFound,
    ProfileChanged,
    ProfileNotFound,
    SettingsChanged,
)
from functions.users.models import (
    Profile,
    ProfileUpdate,
    PublicProfile,
    Settings,
    default_settings,
    notifications_from,
)
from functions.users.repository import MemberKey, ProfileRow, PublicProfileRow, UserStore
from shared.identity import Actor, ServiceIdentity
from shared.pagination import Page, decode_cursor, page_of

PROFILE_WRITERS = frozenset({"auth"})
"""Services that may create profiles (PUT /users/internal/profiles/{id})."""


def _public(row: PublicProfileRow) -> PublicProfile:
    return PublicProfile(user_id=row.user_id, display_name=row.display_name, email=row.email,
                         avatar_url=row.avatar_url, faculty=row.faculty, study_program=row.study_program, bio=row.bio)


def _own(row: ProfileRow) -> Profile:
    return Profile(**{name: value for name, value in asdict(row).items() if name != "version"})


def _name_from_claims(actor: Actor) -> str:
    """The registered name (``user_metadata.name``, as in Supabase's tokens), else the e-mail's local part."""
    metadata = actor.claims.get("user_metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    if isinstance(name, str) and name.strip():
        return name.strip()[:200]
    return (actor.email or "").split("@")[0][:200] or "Anggota"


def _own_row(store: UserStore, actor: Actor) -> ProfileRow:
    """My profile, created from my token's claims the first time it is asked for (when the auth service's
    call at registration did not get through, or the account is Supabase Auth's)."""
    row = store.own_profile(actor.user_id)
    if row is None:
        store.create_own_profile(actor.user_id, (actor.email or "").lower() or None, _name_from_claims(actor))
        row = store.own_profile(actor.user_id)
        assert row is not None
        store.commit()
    return row


def get_my_profile(store: UserStore, actor: Actor) -> tuple[Profile, int]:
    """My profile and its version (the ETag)."""
    row = _own_row(store, actor)
    return _own(row), row.version


def update_my_profile(store: UserStore, actor: Actor, update: ProfileUpdate,
                      expected_version: int | None = None) -> tuple[Profile, int]:
    row = _own_row(store, actor)
    if expected_version is not None and expected_version != row.version:
        raise ProfileChanged()
    changes = update.changes()
    if changes:
        if not store.update_profile(actor.user_id, changes, row.version):
            raise ProfileChanged()  # changed between our read and our write
        store.commit()
        row = store.own_profile(actor.user_id) or row
    return _own(row), row.version


def get_profile(store: UserStore, actor: Actor, user_id: UUID) -> PublicProfile:
    """Someone's public profile, if they share an organization with me (or are me)."""
    if user_id == actor.user_id:
        return _public(_own_row(store, actor))
    if not store.shares_organization(actor.user_id, user_id):
        raise ProfileNotFound()
    row = store.public_profile(user_id)
    if row is None:
        raise ProfileNotFound()
    return _public(row)


def search_members(store: UserStore, actor: Actor, organization_id: UUID, query: str | None, *,
                   limit: int, cursor: str | None) -> Page[PublicProfile]:
    """Active members of an organization of mine whose name or e-mail address contains ``query``."""
    after = decode_cursor(cursor, MemberKey)
    if not store.is_member(organization_id):
        raise OrganizationNotFound()
    rows = store.members(organization_id, query.strip() or None if query else None, after, limit + 1)
    rows, next_cursor = page_of(rows, limit, lambda row: row[0])
    return Page[PublicProfile](items=[_public(profile) for _, profile in rows], next_cursor=next_cursor)


def get_my_settings(store: UserStore, actor: Actor) -> tuple[Settings, int]:
    """My settings (the defaults until I save some) and their version (0: never saved)."""
    row = store.settings(actor.user_id)
    if row is None:
        return default_settings(), 0
    settings = Settings.model_validate({"language": row.language, "time_zone": row.time_zone,
                                        "notifications": notifications_from(row.notifications),
                                        "daily_digest": row.daily_digest})
    return settings, row.version


def replace_my_settings(store: UserStore, actor: Actor, settings: Settings,
                        expected_version: int | None = None) -> tuple[Settings, int]:
    current = store.settings(actor.user_id)
    current_version = current.version if current else 0
    if expected_version is not None and expected_version != current_version:
        raise SettingsChanged()
    saved = store.save_settings(actor.user_id, settings.model_dump(), current_version)
    if saved is None:
        raise SettingsChanged()  # saved by another request between our read and our write
    store.commit()
    return settings, saved.version


def register_profile(store: UserStore, caller: ServiceIdentity, user_id: UUID, *, email: str,
                     display_name: str) -> None:
    """Create (or bring up to date) the profile of a newly registered account. Idempotent."""
    if caller.name not in PROFILE_WRITERS:
        raise CallerNotAllowed(caller.name)
    store.register_profile(user_id, email, display_name)
    store.commit()
