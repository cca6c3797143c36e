"""The users service's rules, on an in-memory store."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from functions.users import service
from functions.users.errors import (
    CallerNotAllowed,
    OrganizationNotFound,
    ProfileChanged,
    ProfileNotFound,
    SettingsChanged,
)
from functions.users.models import ProfileUpdate, default_settings
from functions.users.repository import SettingsRow
from shared.errors import InvalidInput
from shared.identity import Actor, ServiceIdentity
from tests.unit.user_fakes import FakeUserStore


def actor(email: str = "budi@hima.example", claims: dict[str, Any] | None = None) -> Actor:
    user_id = uuid.uuid4()
    return Actor(user_id=user_id, email=email, session_id=None, issuer="http://test",
                 claims={"sub": str(user_id), "email": email, **(claims or {})})


def test_my_profile_is_made_from_my_token_the_first_time():
    # Given a user whose profile the auth service did not get to create
    me = actor("Budi@HIMA.example", {"user_metadata": {"name": "  Budi Santoso "}})
    store = FakeUserStore(me.user_id)
    # When they first read their profile
    profile, version = service.get_my_profile(store, me)
    # Then it exists, with the name they registered with and their e-mail address
    assert (profile.display_name, profile.email, version) == ("Budi Santoso", "budi@hima.example", 1)
    assert store.commits == 1
    # and reading again creates nothing new
    service.get_my_profile(store, me)
    assert store.commits == 1


def test_without_a_name_in_the_token_the_email_local_part_stands_in():
    me = actor("siti.rahma@hima.example")
    profile, _ = service.get_my_profile(FakeUserStore(me.user_id), me)
    assert profile.display_name == "siti.rahma"


def test_update_changes_only_what_is_sent_and_null_clears():
    me = actor()
    store = FakeUserStore(me.user_id)
    service.update_my_profile(store, me, ProfileUpdate(faculty="FMIPA", phone="0812 3456 7890"))
    profile, version = service.update_my_profile(store, me, ProfileUpdate.model_validate({"phone": None}))
    assert (profile.faculty, profile.phone, version) == ("FMIPA", None, 3)


def test_an_empty_update_changes_nothing():
    me = actor()
    store = FakeUserStore(me.user_id)
    _, before = service.get_my_profile(store, me)
    _, after = service.update_my_profile(store, me, ProfileUpdate())
    assert before == after == 1


def test_if_match_of_an_old_version_is_refused():
    me = actor()
    store = FakeUserStore(me.user_id)
    service.update_my_profile(store, me, ProfileUpdate(bio="Hai"), expected_version=1)
    with pytest.raises(ProfileChanged):
        service.update_my_profile(store, me, ProfileUpdate(bio="Halo"), expected_version=1)
    assert store.profiles[me.user_id].bio == "Hai"


def test_a_profile_is_visible_only_to_people_sharing_an_organization():
    me, friend, stranger = actor(), actor("friend@hima.example"), actor("stranger@elsewhere.example")
    store = FakeUserStore(me.user_id)
    for person in (me, friend, stranger):
        store.create_own_profile(person.user_id, person.email, "x")
    org = uuid.uuid4()
    store.memberships[org] = {me.user_id: True, friend.user_id: True}
    assert service.get_profile(store, me, friend.user_id).email == "friend@hima.example"
    assert service.get_profile(store, me, me.user_id).user_id == me.user_id
    with pytest.raises(ProfileNotFound):
        service.get_profile(store, me, stranger.user_id)
    with pytest.raises(ProfileNotFound):
        service.get_profile(store, me, uuid.uuid4())
    # an inactive membership shares nothing
    store.memberships[org][friend.user_id] = False
    with pytest.raises(ProfileNotFound):
        service.get_profile(store, me, friend.user_id)


def test_public_profiles_carry_no_phone_or_student_number():
    me, friend = actor(), actor("friend@hima.example")
    store = FakeUserStore(me.user_id)
    store.create_own_profile(friend.user_id, friend.email, "Friend")
    service.update_my_profile(store, friend, ProfileUpdate(phone="+6281234567890", student_number="2106123456"))
    store.memberships[uuid.uuid4()] = {me.user_id: True, friend.user_id: True}
    shown = service.get_profile(store, me, friend.user_id).model_dump()
    assert "phone" not in shown and "student_number" not in shown


def _org_with(store: FakeUserStore, names: list[str]) -> uuid.UUID:
    org = uuid.uuid4()
    store.memberships[org] = {store.caller: True}
    for name in names:
        user_id = uuid.uuid4()
        store.create_own_profile(user_id, f"{name.lower().replace(' ', '.')}@hima.example", name)
        store.memberships[org][user_id] = True
    return org


def test_member_search_pages_through_everyone_once():
    me = actor()
    store = FakeUserStore(me.user_id)
    org = _org_with(store, [f"Anggota {i:02d}" for i in range(7)])
    seen, cursor = [], None
    while True:
        page = service.search_members(store, me, org, "anggota", limit=3, cursor=cursor)
        seen += [p.display_name for p in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [f"Anggota {i:02d}" for i in range(7)]


def test_member_search_matches_the_email_too_and_ignores_blank_queries():
    me = actor()
    store = FakeUserStore(me.user_id)
    org = _org_with(store, ["Siti Rahma", "Budi"])
    assert [p.display_name for p in service.search_members(store, me, org, "SITI.R", limit=20, cursor=None).items] \
        == ["Siti Rahma"]
    assert len(service.search_members(store, me, org, "  ", limit=20, cursor=None).items) == 2


def test_member_search_needs_membership_of_that_organization():
    me = actor()
    store = FakeUserStore(me.user_id)
    with pytest.raises(OrganizationNotFound):
        service.search_members(store, me, uuid.uuid4(), None, limit=20, cursor=None)


@pytest.mark.parametrize("cursor", ["not base64!", "e30", "eyJzb3J0X25hbWUiOiAxfQ", "W10"])
def test_a_cursor_that_is_not_ours_names_the_query_parameter(cursor):
    me = actor()
    store = FakeUserStore(me.user_id)
    org = _org_with(store, ["A"])
    with pytest.raises(InvalidInput) as raised:
        service.search_members(store, me, org, None, limit=20, cursor=cursor)
    assert raised.value.errors[0].field == "query.cursor"


def test_settings_are_the_defaults_until_saved_then_versioned():
    me = actor()
    store = FakeUserStore(me.user_id)
    settings, version = service.get_my_settings(store, me)
    assert (settings, version) == (default_settings(), 0)
    assert settings.language == "id" and settings.time_zone == "Asia/Jakarta" and settings.daily_digest is False
    changed = settings.model_copy(update={"language": "en", "daily_digest": True})
    saved, version = service.replace_my_settings(store, me, changed, expected_version=0)
    assert (saved.language, version) == ("en", 1)
    assert service.get_my_settings(store, me) == (changed, 1)
    with pytest.raises(SettingsChanged):
        service.replace_my_settings(store, me, settings, expected_version=0)


def test_stored_preferences_missing_a_kind_get_its_default():
    # Given preferences saved before "invitation" existed, and only "comment by e-mail" of another kind
    me = actor()
    store = FakeUserStore(me.user_id)
    store.saved_settings[me.user_id] = SettingsRow(language="en", time_zone="Asia/Makassar", daily_digest=True,
                                                   notifications={"comment": {"email": True}}, version=4)
    settings, version = service.get_my_settings(store, me)
    assert settings.notifications.invitation == default_settings().notifications.invitation
    assert settings.notifications.comment.model_dump() == {"in_app": True, "email": True, "chat": False}
    assert (settings.language, settings.time_zone, settings.daily_digest, version) == ("en", "Asia/Makassar", True, 4)


def test_only_the_auth_service_registers_profiles():
    store = FakeUserStore(uuid.uuid4())
    user_id = uuid.uuid4()
    auth = ServiceIdentity(name="auth", audience="users", claims={})
    service.register_profile(store, auth, user_id, email="a@hima.example", display_name="A")
    service.register_profile(store, auth, user_id, email="a@hima.example", display_name="A")  # idempotent
    assert store.profiles[user_id].display_name == "A"
    with pytest.raises(CallerNotAllowed):
        service.register_profile(store, ServiceIdentity(name="tasks", audience="users", claims={}), user_id,
                                 email="x@evil.example", display_name="X")
    assert store.profiles[user_id].email == "a@hima.example"
