"""Rules of the auth use cases, on an in-memory store."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from pydantic import ValidationError

from functions.auth import passwords, service
from functions.auth.errors import (
    EmailTaken,
    InvalidCredentials,
    InvalidRefreshToken,
    LoginThrottled,
    RefreshTokenReused,
    SessionNotFound,
    WeakPassword,
    WrongCurrentPassword,
)
from shared.config import Settings
from shared.identity import verify_access_token
from tests.unit.fakes import FakeAuthStore

PASSWORD = "Kabinet Sinergi 2025!"
CLIENT = service.Client(ip_address="198.51.100.1", user_agent="unit")


def registered(store: FakeAuthStore, email: str = "ketua@hima.example"):
    return service.register(store, email=email, password=PASSWORD, name="Ketua", client=CLIENT, now=store.now)


def test_register_commits_a_user_a_session_and_verifiable_tokens():
    store = FakeAuthStore()
    tokens = registered(store)
    assert store.commits == 1
    assert len(store.users) == 1 and len(store.sessions) == 1
    assert tokens.expires_in == 900
    assert tokens.user.email == "ketua@hima.example"


def test_tokens_issued_now_verify_and_name_the_session():
    store = FakeAuthStore()
    tokens = service.register(store, email="a@hima.example", password=PASSWORD, name="A", client=CLIENT)
    actor = verify_access_token(tokens.access_token)
    assert actor.user_id == tokens.user.id
    assert actor.session_id in store.sessions
    assert actor.own_session


def test_register_refuses_a_password_made_of_the_users_own_name():
    store = FakeAuthStore()
    with pytest.raises(WeakPassword):
        service.register(store, email="siti.rahmawati@hima.example", password="sitirahmawati",
                         name="Siti Rahmawati", client=CLIENT)
    assert store.users == {} and store.commits == 0


def test_register_twice_is_email_taken():
    store = FakeAuthStore()
    registered(store)
    with pytest.raises(EmailTaken):
        registered(store)


def test_failed_login_is_recorded_and_committed_before_refusing():
    store = FakeAuthStore()
    registered(store)
    with pytest.raises(InvalidCredentials):
        service.login(store, email="ketua@hima.example", password="wrong password", client=CLIENT, now=store.now)
    assert len(store.failures) == 1
    assert store.commits == 2


def test_successful_login_clears_the_pairs_failures_only():
    store = FakeAuthStore()
    registered(store)
    elsewhere = service.Client(ip_address="203.0.113.66")
    for client in (CLIENT, elsewhere):
        with pytest.raises(InvalidCredentials):
            service.login(store, email="ketua@hima.example", password="wrong", client=client, now=store.now)
    service.login(store, email="ketua@hima.example", password=PASSWORD, client=CLIENT, now=store.now)
    assert store.failures == [("ketua@hima.example", "203.0.113.66", store.now)]


def test_a_pairs_delay_starts_after_the_last_free_failure_and_doubles_up_to_the_window():
    store = FakeAuthStore()
    registered(store)
    start = store.now

    def fail_at(seconds: float) -> None:
        store.now = start + timedelta(seconds=seconds)
        with pytest.raises(InvalidCredentials):
            service.login(store, email="ketua@hima.example", password="wrong", client=CLIENT, now=store.now)

    for second in range(5):
        fail_at(second)
    store.now = start + timedelta(seconds=10)
    with pytest.raises(LoginThrottled) as throttled:
        service.login(store, email="ketua@hima.example", password=PASSWORD, client=CLIENT, now=store.now)
    assert throttled.value.retry_after_seconds == 24  # 30 s after the fifth failure (at 4 s)
    fail_at(35)  # the sixth: 60 s
    fail_at(96)  # the seventh: 120 s
    store.now = start + timedelta(seconds=200)
    with pytest.raises(LoginThrottled) as throttled:
        service.login(store, email="ketua@hima.example", password=PASSWORD, client=CLIENT, now=store.now)
    assert throttled.value.retry_after_seconds == 16
    fail_at(217)  # the eighth: 240 s
    store.now = start + timedelta(seconds=400)
    with pytest.raises(LoginThrottled) as throttled:
        service.login(store, email="ketua@hima.example", password=PASSWORD, client=CLIENT, now=store.now)
    assert throttled.value.retry_after_seconds == 57
    # failures older than the window (15 min) no longer count: the pair is free again
    store.now = start + timedelta(seconds=217 + 900)
    assert service.login(store, email="ketua@hima.example", password=PASSWORD, client=CLIENT, now=store.now)


def test_ipv6_addresses_count_by_their_64_and_mapped_ipv4_as_ipv4():
    assert service.throttle_address("2001:db8:1:2:aaaa:bbbb:cccc:dddd") == "2001:db8:1:2::/64"
    assert service.throttle_address("::ffff:203.0.113.9") == "203.0.113.9"
    assert service.throttle_address("203.0.113.9") == "203.0.113.9"
    assert service.throttle_address("not an address") is None
    assert service.throttle_address(None) is None


def test_an_unknown_account_costs_one_password_verification_like_a_known_one(monkeypatch):
    store = FakeAuthStore()
    registered(store)
    verified: list[str] = []
    real_verify = PasswordHasher.verify

    def counting_verify(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
        verified.append(password_hash)
        return real_verify(hasher, password_hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting_verify)
    for email in ("ketua@hima.example", "nobody@hima.example"):
        with pytest.raises(InvalidCredentials):
            service.login(store, email=email, password="wrong", client=CLIENT, now=store.now)
    known, unknown = verified
    assert unknown == passwords._dummy_hash() and known != unknown
    assert known.split("$")[:4] == unknown.split("$")[:4]  # same algorithm, version and cost parameters


def test_refresh_rotates_once_and_reuse_revokes_the_session():
    store = FakeAuthStore()
    tokens = registered(store)
    rotated = service.refresh(store, refresh_token=tokens.refresh_token, now=store.now)
    assert rotated.refresh_token != tokens.refresh_token
    with pytest.raises(RefreshTokenReused):
        service.refresh(store, refresh_token=tokens.refresh_token, now=store.now)
    (session,) = store.sessions.values()
    assert session.revoked_at is not None
    with pytest.raises(InvalidRefreshToken):
        service.refresh(store, refresh_token=rotated.refresh_token, now=store.now)


def test_refresh_of_an_expired_session_is_refused():
    store = FakeAuthStore()
    tokens = registered(store)
    with pytest.raises(InvalidRefreshToken):
        service.refresh(store, refresh_token=tokens.refresh_token, now=store.now + timedelta(days=31))


def test_unknown_refresh_token_is_refused():
    with pytest.raises(InvalidRefreshToken):
        service.refresh(FakeAuthStore(), refresh_token="made-up")


def _actor(store: FakeAuthStore, tokens):
    from shared.identity import Actor

    session_id = next(s.id for s in store.sessions.values() if s.user_id == tokens.user.id and s.revoked_at is None)
    return Actor(user_id=tokens.user.id, email=tokens.user.email, session_id=session_id,
                 issuer="test", claims={})


def test_revoking_a_session_that_is_not_mine_is_not_found():
    store = FakeAuthStore()
    alice = registered(store, "alice@hima.example")
    bob = registered(store, "bob@hima.example")
    bobs_session = _actor(store, bob).session_id
    with pytest.raises(SessionNotFound):
        service.revoke_session(store, _actor(store, alice), bobs_session)
    with pytest.raises(SessionNotFound):
        service.revoke_session(store, _actor(store, alice), uuid.uuid4())
    assert store.sessions[bobs_session].revoked_at is None


def test_change_password_checks_the_current_one_and_keeps_only_this_session():
    store = FakeAuthStore()
    first = registered(store)
    service.login(store, email="ketua@hima.example", password=PASSWORD, client=CLIENT, now=store.now)
    actor = _actor(store, first)
    with pytest.raises(WrongCurrentPassword):
        service.change_password(store, actor, current_password="nope", new_password="Rapat Kerja Akbar 2026?")
    with pytest.raises(WeakPassword) as weak:
        service.change_password(store, actor, current_password=PASSWORD, new_password="12345678")
    assert weak.value.errors[0].field == "body.new_password"
    ended = service.change_password(store, actor, current_password=PASSWORD,
                                    new_password="Rapat Kerja Akbar 2026?")
    assert ended == 1
    assert [s.id for s in store.active_sessions(first.user.id)] == [actor.session_id]


def test_passwords_are_hashed_with_rfc_9106_low_memory_profile_unless_configured() -> None:
    # The suite runs at 1 MiB (tests/conftest.py); a deployment gets 64 MiB unless it says otherwise,
    # and cannot go below 1 MiB.
    assert Settings.model_validate({}).password_hash_memory_kib == 64 * 1024
    with pytest.raises(ValidationError, match="PASSWORD_HASH_MEMORY_KIB"):
        Settings.model_validate({"PASSWORD_HASH_MEMORY_KIB": "512"})
