"""The auth endpoints, called in-process with API Gateway events against real PostgreSQL."""

from __future__ import annotations

import statistics
import time

import psycopg

from functions.auth import passwords
from shared.config import reset_settings
from tests.conftest import STRONG_PASSWORD


def count(database_url: str, table: str) -> int:
    with psycopg.connect(database_url) as conn:
        return conn.execute(f"select count(*) from auth_service.{table}").fetchone()[0]


def test_register_returns_tokens_and_the_user(api, database):
    response = api.post("/auth/register", json={"email": "Ketua@HIMA.example", "password": STRONG_PASSWORD,
                                                "name": "  Ketua HIMA "})
    assert response.status == 201
    body = response.json
    assert body["user"]["email"] == "ketua@hima.example"
    assert body["user"]["name"] == "Ketua HIMA"
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 900
    assert "password_hash" not in response.body.decode()
    me = api.get("/auth/me", token=body["access_token"])
    assert me.status == 200
    assert me.json["id"] == body["user"]["id"]


def test_password_is_stored_as_argon2id(api, database, register):
    register(email="a@hima.example")
    with psycopg.connect(database) as conn:
        stored = conn.execute("select password_hash from auth_service.users").fetchone()[0]
    assert stored.startswith("$argon2id$")
    assert STRONG_PASSWORD not in stored


def test_taken_email_is_409_and_writes_nothing(api, database, register):
    register(email="bendahara@hima.example")
    again = api.post("/auth/register", json={"email": "BENDAHARA@hima.example", "password": STRONG_PASSWORD,
                                             "name": "Someone else"})
    assert again.status == 409
    assert again.header("content-type") == "application/problem+json"
    assert again.json["errors"][0]["field"] == "body.email"
    assert count(database, "users") == 1
    assert count(database, "sessions") == 1


def test_weak_password_is_422_saying_why(api, database):
    response = api.post("/auth/register", json={"email": "a@hima.example", "password": "password1",
                                                "name": "A"})
    assert response.status == 422
    problem = response.json
    assert problem["errors"][0]["field"] == "body.password"
    assert problem["errors"][0]["code"] == "weak_password"
    assert "common" in problem["detail"].lower()
    short = api.post("/auth/register", json={"email": "a@hima.example", "password": "x1!", "name": "A"})
    assert short.status == 422
    assert "at least 8 characters" in short.json["detail"]
    assert count(database, "users") == 0


def test_login_with_wrong_password_or_unknown_email_says_the_same(api, database, register):
    register(email="sekretaris@hima.example")
    wrong_password = api.post("/auth/login", json={"email": "sekretaris@hima.example", "password": "nope nope"})
    unknown = api.post("/auth/login", json={"email": "nobody@hima.example", "password": "nope nope"})
    assert wrong_password.status == unknown.status == 401
    assert wrong_password.json["detail"] == unknown.json["detail"]


def test_login_then_me(api, database, register):
    register(email="staff@hima.example")
    login = api.post("/auth/login", json={"email": "staff@hima.example", "password": STRONG_PASSWORD})
    assert login.status == 200
    me = api.get("/auth/me", token=login.json["access_token"])
    assert me.json["email"] == "staff@hima.example"


def test_repeated_failures_per_account_are_throttled_with_retry_after(api, database, register):
    register(email="target@hima.example")
    for _ in range(5):
        assert api.post("/auth/login", json={"email": "target@hima.example", "password": "guess guess"}).status == 401
    blocked = api.post("/auth/login", json={"email": "target@hima.example", "password": STRONG_PASSWORD})
    assert blocked.status == 429
    assert 1 <= int(blocked.header("retry-after")) <= 900
    # another account from another address is not affected
    register(email="other@hima.example")
    other = api.post("/auth/login", json={"email": "other@hima.example", "password": STRONG_PASSWORD},
                     source_ip="203.0.113.9")
    assert other.status == 200


def login_from(api, address: str, email: str, password: str = "guess guess"):  # noqa: S107
    return api.post("/auth/login", json={"email": email, "password": password}, source_ip=address)


def test_a_stranger_guessing_does_not_lock_the_owner_out(api, database, register):
    register(email="ketua@hima.example")
    statuses = [login_from(api, "203.0.113.66", "ketua@hima.example").status for _ in range(8)]
    assert statuses == [401] * 5 + [429] * 3  # the stranger's own (account, address) pair is throttled
    # the owner, from their own address, is not: a typo is a 401, the right password gets in
    assert login_from(api, "198.51.100.7", "ketua@hima.example").status == 401
    assert login_from(api, "198.51.100.7", "ketua@hima.example", STRONG_PASSWORD).status == 200
    # and a correct password from an address never seen before gets in too
    assert login_from(api, "192.0.2.200", "ketua@hima.example", STRONG_PASSWORD).status == 200


def test_a_throttled_pair_waits_longer_after_each_further_failure(api, database, register):
    register(email="target@hima.example")
    for _ in range(5):
        assert login_from(api, "203.0.113.9", "target@hima.example").status == 401
    waits = []
    for _ in range(3):
        blocked = login_from(api, "203.0.113.9", "target@hima.example", STRONG_PASSWORD)
        assert blocked.status == 429 and blocked.json["detail"] == "Too many failed log-ins; try again later."
        waits.append(int(blocked.header("retry-after")))
        with psycopg.connect(database, autocommit=True) as conn:  # the wait has passed
            conn.execute("update auth_service.login_failures set failed_at = failed_at - %s * interval '1 second'",
                         (waits[-1] + 1,))
        assert login_from(api, "203.0.113.9", "target@hima.example").status == 401  # one more failure
    assert [round(wait / 30) for wait in waits] == [1, 2, 4]  # 30 s, doubling
    # the pair is cleared by a success after the wait
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("update auth_service.login_failures set failed_at = failed_at - interval '10 minutes'")
    assert login_from(api, "203.0.113.9", "target@hima.example", STRONG_PASSWORD).status == 200
    assert login_from(api, "203.0.113.9", "target@hima.example").status == 401


def test_a_campus_behind_one_nat_is_not_locked_out_by_its_typos(api, database, register):
    register(email="fresh@hima.example")
    for i in range(60):  # sixty students mistype their passwords within a quarter of an hour
        assert login_from(api, "203.0.113.50", f"student{i}@kampus.example").status == 401
    assert login_from(api, "203.0.113.50", "fresh@hima.example", STRONG_PASSWORD).status == 200


def test_spraying_many_accounts_from_one_address_is_refused_with_retry_after(api, database, register):
    register(email="fresh@hima.example")
    register(email="sprayed0@kampus.example")
    for i in range(100):
        assert login_from(api, "203.0.113.51", f"sprayed{i}@kampus.example").status == 401
    blocked = login_from(api, "203.0.113.51", "fresh@hima.example", STRONG_PASSWORD)
    assert blocked.status == 429
    assert 1 <= int(blocked.header("retry-after")) <= 900
    # an account already tried from there is throttled only as its pair is; other addresses are untouched
    assert login_from(api, "203.0.113.51", "sprayed0@kampus.example", STRONG_PASSWORD).status == 200
    assert login_from(api, "203.0.113.52", "fresh@hima.example", STRONG_PASSWORD).status == 200


def test_an_ipv6_client_is_counted_by_its_64_not_by_each_address(api, database, register):
    register(email="v6@hima.example")
    for host in range(1, 6):  # one subscriber's /64 holds 2^64 addresses: each guess from a new one
        assert login_from(api, f"2001:db8:1:2::{host:x}", "v6@hima.example").status == 401
    assert login_from(api, "2001:db8:1:2::ff", "v6@hima.example", STRONG_PASSWORD).status == 429
    assert login_from(api, "2001:db8:1:3::1", "v6@hima.example", STRONG_PASSWORD).status == 200


def _median_login_seconds(api, emails: list[str], tries: int = 5) -> float:
    times = []
    for attempt in range(tries):
        for email in emails:  # a fresh address each time: no throttling in the way
            started = time.perf_counter()
            response = login_from(api, f"198.51.100.{attempt * len(emails) + emails.index(email) + 1}", email)
            times.append(time.perf_counter() - started)
            assert response.status == 401
    return statistics.median(times)


def test_login_time_does_not_tell_whether_an_account_exists(api, database, register, monkeypatch):
    # as deployed (64 MiB argon2id), where verifying a password is most of a login's time
    monkeypatch.setenv("PASSWORD_HASH_MEMORY_KIB", str(64 * 1024))
    reset_settings()
    passwords._hasher.cache_clear()
    passwords._dummy_hash.cache_clear()
    try:
        register(email="known@hima.example")
        login_from(api, "198.51.100.250", "warm-up@hima.example")  # the first call makes the dummy hash
        known = _median_login_seconds(api, ["known@hima.example"])
        unknown = _median_login_seconds(api, ["nobody@hima.example"])
    finally:
        monkeypatch.undo()
        reset_settings()
        passwords._hasher.cache_clear()
        passwords._dummy_hash.cache_clear()
    # before the fix an unknown address answered in a small fraction of a known one's time
    assert 0.5 < unknown / known < 2, (known, unknown)


def test_refresh_rotates_and_a_reused_token_ends_the_session(api, database, register):
    tokens = register()
    first = api.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert first.status == 200
    assert first.json["refresh_token"] != tokens["refresh_token"]
    assert api.get("/auth/me", token=first.json["access_token"]).status == 200

    reused = api.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert reused.status == 401
    # the whole session is over: its newest tokens no longer work either
    assert api.get("/auth/me", token=first.json["access_token"]).status == 401
    assert api.post("/auth/refresh", json={"refresh_token": first.json["refresh_token"]}).status == 401


def test_logout_ends_the_session(api, database, register):
    tokens = register()
    assert api.post("/auth/logout", token=tokens["access_token"]).status == 204
    assert api.get("/auth/me", token=tokens["access_token"]).status == 401
    assert api.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).status == 401


def test_sessions_list_and_revoke_one(api, database, register):
    first = register(email="multi@hima.example")
    second = api.post("/auth/login", json={"email": "multi@hima.example", "password": STRONG_PASSWORD}).json
    listed = api.get("/auth/sessions", token=second["access_token"])
    assert listed.status == 200
    sessions = listed.json["items"]
    assert len(sessions) == 2
    assert [s["current"] for s in sessions].count(True) == 1
    assert sessions[0]["user_agent"] == "pytest"

    other = next(s for s in sessions if not s["current"])
    assert api.delete(f"/auth/sessions/{other['id']}", token=second["access_token"]).status == 204
    assert api.get("/auth/me", token=first["access_token"]).status == 401
    assert api.get("/auth/me", token=second["access_token"]).status == 200
    assert len(api.get("/auth/sessions", token=second["access_token"]).json["items"]) == 1


def test_cannot_revoke_someone_elses_session(api, database, register):
    alice = register(email="alice@hima.example")
    bob = register(email="bob@hima.example")
    bobs_session = api.get("/auth/sessions", token=bob["access_token"]).json["items"][0]["id"]
    refused = api.delete(f"/auth/sessions/{bobs_session}", token=alice["access_token"])
    assert refused.status == 404
    assert api.get("/auth/me", token=bob["access_token"]).status == 200


def test_session_id_must_be_a_uuid(api, database, register):
    tokens = register()
    response = api.delete("/auth/sessions/not-a-uuid", token=tokens["access_token"])
    assert response.status == 422
    assert response.json["errors"][0]["field"] == "path.session_id"


def test_change_password_ends_other_sessions(api, database, register):
    first = register(email="pw@hima.example")
    second = api.post("/auth/login", json={"email": "pw@hima.example", "password": STRONG_PASSWORD}).json
    new_password = "Rapat Kerja Akbar 2026?"
    wrong = api.put("/auth/password", token=second["access_token"],
                    json={"current_password": "not it at all", "new_password": new_password})
    assert wrong.status == 422
    assert wrong.json["errors"][0]["field"] == "body.current_password"

    changed = api.put("/auth/password", token=second["access_token"],
                      json={"current_password": STRONG_PASSWORD, "new_password": new_password})
    assert changed.status == 204
    assert api.get("/auth/me", token=first["access_token"]).status == 401
    assert api.get("/auth/me", token=second["access_token"]).status == 200
    assert api.post("/auth/login", json={"email": "pw@hima.example", "password": STRONG_PASSWORD}).status == 401
    assert api.post("/auth/login", json={"email": "pw@hima.example", "password": new_password}).status == 200


def test_jwks_and_discovery_publish_the_signing_key(api, database, register):
    import jwt

    tokens = register()
    jwks = api.get("/.well-known/jwks.json")
    assert jwks.status == 200
    key = jwks.json["keys"][0]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and "d" not in key
    header = jwt.get_unverified_header(tokens["access_token"])
    assert header["kid"] == key["kid"] and header["alg"] == "RS256"
    claims = jwt.decode(tokens["access_token"], jwt.PyJWK(key).key, algorithms=["RS256"], audience="authenticated")
    assert claims["role"] == "authenticated"
    assert set(claims) >= {"sub", "role", "aud", "email", "session_id", "iss", "iat", "exp"}
    assert claims["exp"] - claims["iat"] == 900
    discovery = api.get("/.well-known/openid-configuration").json
    assert discovery["jwks_uri"] == f"{claims['iss']}/.well-known/jwks.json"


def test_health(api, database):
    response = api.get("/auth/health")
    assert response.status == 200
    assert response.json == {"status": "ok", "service": "auth", "database": "ok"}
