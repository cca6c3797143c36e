"""The Supabase Auth provider, through the real handlers, against a local stand-in of a Supabase
project's Auth API (tests/support/supabase_standin.py). A contract test: no real Supabase."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import jwt
import psycopg
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from infra.local.events import LocalDispatcher
from shared import keys
from shared.config import reset_settings
from shared.identity import verify_access_token
from tests.conftest import STRONG_PASSWORD
from tests.support.supabase_standin import SupabaseStandIn

EMAIL = "ketua@hima.example"


def _reset() -> None:
    reset_settings()
    keys.reset_keys()


@contextmanager
def enabled(standin: SupabaseStandIn, **environment: str) -> Iterator[SupabaseStandIn]:
    """SUPABASE_URL and SUPABASE_KEY (and ``environment``) name the running stand-in, until the end."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SUPABASE_URL", standin.url)
        patch.setenv("SUPABASE_KEY", standin.api_key)
        for name, value in environment.items():
            patch.setenv(name, value)
        _reset()
        try:
            yield standin.start()
        finally:
            standin.stop()
    _reset()


@pytest.fixture
def supabase(api) -> Iterator[SupabaseStandIn]:
    with enabled(SupabaseStandIn()) as standin:
        yield standin


def rows_in_auth_service(database_url: str) -> int:
    """Credentials, sessions, tokens: all Supabase's. (``external_accounts`` only says an account exists.)"""
    with psycopg.connect(database_url) as conn:
        tables = conn.execute("select tablename from pg_tables where schemaname = 'auth_service'"
                              " and tablename <> 'external_accounts'").fetchall()
        return sum(conn.execute(f"select count(*) from auth_service.{t[0]}").fetchone()[0] for t in tables)


def deliver(database_url: str) -> None:
    dispatcher = LocalDispatcher(database_url)
    try:
        while dispatcher.sweep().claimed:
            pass
    finally:
        dispatcher.stop()


def one(database_url: str, query: str, params: tuple = ()) -> tuple | None:
    with psycopg.connect(database_url) as conn:
        return conn.execute(query, params).fetchone()


def register(api, email: str = EMAIL, password: str = STRONG_PASSWORD, name: str = "Ketua HIMA"):
    return api.post("/auth/register", json={"email": email, "password": password, "name": name})


def login(api, email: str = EMAIL, password: str = STRONG_PASSWORD):
    return api.post("/auth/login", json={"email": email, "password": password})


def test_register_returns_supabases_tokens_and_keeps_the_name(api, database, supabase):
    response = register(api, email="Ketua@HIMA.example", name="  Ketua HIMA ")
    assert response.status == 201
    body = response.json
    assert set(body) == {"access_token", "token_type", "expires_in", "expires_at", "refresh_token", "user"}
    assert body["token_type"] == "bearer" and body["expires_in"] == 3600
    assert body["user"]["email"] == EMAIL and body["user"]["name"] == "Ketua HIMA"
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["iss"] == supabase.issuer and claims["sub"] == body["user"]["id"]
    (signup,) = supabase.calls_to("/auth/v1/signup")
    assert signup.headers["apikey"] == supabase.api_key
    assert signup.body["email"] == EMAIL and signup.body["data"] == {"name": "Ketua HIMA"}
    assert rows_in_auth_service(database) == 0


def test_taken_email_is_409(api, database, supabase):
    assert register(api).status == 201
    again = register(api, email="KETUA@hima.example", name="Someone else")
    assert again.status == 409
    assert again.header("content-type") == "application/problem+json"
    assert again.json["errors"][0]["field"] == "body.email"


def test_weak_password_is_422_in_our_words(api, database, supabase):
    response = register(api, password="abc")
    assert response.status == 422
    assert response.json["errors"][0] == {"field": "body.password", "message": "it is too short",
                                          "code": "weak_password"}
    assert "Password should be" not in response.json["detail"]  # Supabase's own message stays there


def test_wrong_password_or_unknown_email_is_the_same_401(api, database, supabase):
    register(api)
    wrong = login(api, password="not the password")
    unknown = login(api, email="nobody@hima.example")
    assert wrong.status == unknown.status == 401
    assert wrong.json["detail"] == unknown.json["detail"]


def test_login_then_me_with_the_supabase_token(api, database, supabase):
    registered = register(api).json
    logged_in = login(api)
    assert logged_in.status == 200
    me = api.get("/auth/me", token=logged_in.json["access_token"])
    assert me.status == 200
    assert me.json == {"id": registered["user"]["id"], "email": EMAIL, "name": "Ketua HIMA", "created_at": None,
                       "email_verified": None}  # not in Supabase's token (user_metadata is the user's to edit)
    assert supabase.calls_to("/auth/v1/user") == []  # me answered from the verified claims
    assert rows_in_auth_service(database) == 0


def test_refresh_returns_new_tokens_of_the_same_session(api, database, supabase):
    tokens = register(api).json
    refreshed = api.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status == 200
    assert refreshed.json["refresh_token"] != tokens["refresh_token"]
    assert api.get("/auth/me", token=refreshed.json["access_token"]).status == 200
    session = [jwt.decode(t, options={"verify_signature": False})["session_id"]
               for t in (tokens["access_token"], refreshed.json["access_token"])]
    assert session[0] == session[1]
    # the stand-in has no reuse interval: a rotated token is refused at once
    assert api.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).status == 401
    assert api.post("/auth/refresh", json={"refresh_token": "made-up"}).status == 401


def test_logout_signs_out_that_session_at_supabase(api, database, supabase):
    tokens = register(api).json
    other = login(api).json
    assert api.post("/auth/logout", token=tokens["access_token"]).status == 204
    session_id = jwt.decode(tokens["access_token"], options={"verify_signature": False})["session_id"]
    assert supabase.logouts == [(session_id, "local")]
    (call,) = supabase.calls_to("/auth/v1/logout")
    assert call.headers["authorization"] == f"Bearer {tokens['access_token']}"
    assert api.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).status == 401
    assert api.post("/auth/refresh", json={"refresh_token": other["refresh_token"]}).status == 200
    again = api.post("/auth/logout", token=tokens["access_token"])
    assert again.status == 401 and "ended" in again.json["detail"]


def _resigned(token: str, *, key: ec.EllipticCurvePrivateKey, kid: str, **changes: object) -> str:
    claims = {**jwt.decode(token, options={"verify_signature": False}), **changes}
    return jwt.encode(claims, key, algorithm="ES256", headers={"kid": kid})


def test_a_token_signed_by_another_key_with_the_same_kid_is_refused(api, database, supabase):
    token = register(api).json["access_token"]
    assert api.get("/auth/me", token=token).status == 200
    forged = _resigned(token, key=ec.generate_private_key(ec.SECP256R1()), kid=supabase.kid)
    response = api.get("/auth/me", token=forged)
    assert response.status == 401
    assert response.header("content-type") == "application/problem+json"


@pytest.mark.parametrize("changes", [
    {"kid": "not-a-key-of-the-project"},
    {"exp": int(time.time()) - 600, "iat": int(time.time()) - 4200},
    {"aud": "someone-else"},
    {"role": "service_role"},
], ids=["unknown kid", "expired", "wrong audience", "not a user's token"])
def test_other_forged_supabase_tokens_are_refused(api, database, supabase, changes):
    token = register(api).json["access_token"]
    kid = str(changes.pop("kid", supabase.kid))
    forged = _resigned(token, key=supabase.signing_key, kid=kid, **changes)
    assert api.get("/auth/me", token=forged).status == 401


def test_supabase_down_is_503_without_details(api, database, supabase):
    tokens = register(api).json
    assert api.get("/auth/me", token=tokens["access_token"]).status == 200  # a warm function: keys cached
    supabase.stop()
    for response in (register(api, email="later@hima.example"), login(api),
                     api.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]}),
                     api.post("/auth/logout", token=tokens["access_token"])):
        assert response.status == 503
        assert response.header("content-type") == "application/problem+json"
        assert response.json == {"type": "about:blank", "title": "Service unavailable", "status": 503,
                                 "detail": "The sign-in service is temporarily unavailable; try again shortly."}
        assert b"Traceback" not in response.body and b"127.0.0.1" not in response.body


def test_unreachable_keys_are_503_not_401(api, database, supabase):
    token = register(api).json["access_token"]
    supabase.stop()
    keys.reset_keys()  # a cold function: the key set is not cached yet
    response = api.get("/auth/me", token=token)
    assert response.status == 503
    assert response.header("content-type") == "application/problem+json"


def test_supabase_rate_limit_is_429_with_retry_after(api, database, supabase):
    supabase.rate_limited = True
    response = login(api)
    assert response.status == 429
    assert response.header("retry-after") == "60"
    assert response.json["detail"] == "Too many sign-in requests right now; try again later."


def test_with_confirm_email_on_register_and_login_say_confirm_first(api, database):
    with enabled(SupabaseStandIn(confirm_email=True)):
        first = register(api)
        taken = register(api)  # Supabase answers alike, so a taken address is not revealed
        assert first.status == taken.status == 403
        assert first.json["detail"] == taken.json["detail"]
        assert "Confirm your e-mail address" in first.json["detail"]
        assert login(api).status == 403


def test_as_deployed_behind_supabase_the_gateways_issuer_is_supabases(api, database):
    """template.yaml gives every function JWT_ISSUER and JWKS_URL from JwtIssuer; set to the
    Supabase project, its tokens still verify as Supabase's (ES256, no session table check)."""
    standin = SupabaseStandIn()
    with enabled(standin, JWT_ISSUER=standin.issuer, JWKS_URL=f"{standin.issuer}/.well-known/jwks.json"):
        token = register(api).json["access_token"]
        assert api.get("/auth/me", token=token).status == 200
        assert not verify_access_token(token).own_session
        assert api.post("/auth/logout", token=token).status == 204
        assert len(standin.logouts) == 1


def test_verifying_needs_only_supabase_url(api, database, supabase, monkeypatch):
    token = register(api).json["access_token"]
    monkeypatch.delenv("SUPABASE_KEY")
    _reset()
    actor = verify_access_token(token)
    assert actor.issuer == supabase.issuer and not actor.own_session
    assert "access_token" not in repr(actor) and token not in repr(actor)


# ---- every account Supabase signs in gets a profile; addresses Supabase confirmed count as verified ----

def test_an_account_signed_up_through_supabase_gets_a_profile(api, database, supabase):
    user_id = register(api, name="Ketua HIMA").json["user"]["id"]
    assert one(database, "select email, email_confirmed_at is not null from auth_service.external_accounts"
                         " where id = %s", (user_id,)) == (EMAIL, True)
    assert login(api).status == 200  # seen again: no second event
    deliver(database)
    assert one(database, "select email, display_name from user_service.profiles where user_id = %s",
               (user_id,)) == (EMAIL, "Ketua HIMA")
    assert one(database, "select count(*) from events.outbox where type = 'user.registered'") == (1,)


def test_forgot_password_uses_supabases_recovery_and_answers_alike(api, database, supabase):
    register(api)
    for email in (EMAIL, "nobody@hima.example"):
        response = api.post("/auth/password/forgot", json={"email": email})
        assert (response.status, response.body) == (202, b"")
    [link] = supabase.mailbox
    assert (link.email, link.type) == (EMAIL, "recovery")
    assert link.redirect_to == "http://127.0.0.1:5173/reset-password"
    supabase.rate_limited = True  # Supabase's per-address e-mail limit would tell that the address exists
    assert api.post("/auth/password/forgot", json={"email": EMAIL}).status == 202


def test_a_supabase_recovery_link_sets_the_password_and_ends_every_session(api, database, supabase):
    first = register(api).json
    api.post("/auth/password/forgot", json={"email": EMAIL})
    [link] = supabase.mailbox
    weak = api.post("/auth/password/reset", json={"token": link.token_hash, "new_password": "abc"})
    assert weak.status == 422
    assert weak.json["errors"][0] == {"field": "body.new_password", "message": "it is too short",
                                      "code": "weak_password"}
    # unlike the built-in provider's, Supabase's link is spent when it opens the session: ask for another
    assert link.used
    api.post("/auth/password/forgot", json={"email": EMAIL})
    link = supabase.mailbox[-1]
    reset = api.post("/auth/password/reset", json={"token": link.token_hash, "new_password": "Rapat Kerja 2026?"})
    assert reset.status == 204
    assert supabase.logouts[-1][1] == "global"
    assert api.post("/auth/refresh", json={"refresh_token": first["refresh_token"]}).status == 401
    assert login(api).status == 401
    assert login(api, password="Rapat Kerja 2026?").status == 200
    again = api.post("/auth/password/reset", json={"token": link.token_hash, "new_password": "Another one 2026?"})
    assert again.status == 422 and again.json["errors"][0]["code"] == "invalid_token"


def test_with_confirm_email_on_the_link_verifies_through_supabase(api, database):
    with enabled(SupabaseStandIn(confirm_email=True)) as standin:
        assert register(api).status == 403
        assert api.post("/auth/email/verify-request", json={"email": EMAIL}).status == 202
        assert api.post("/auth/email/verify-request", json={"email": "nobody@hima.example"}).status == 202
        _, second = standin.links_to(EMAIL, "signup")  # at sign-up, and on request
        assert second.redirect_to == "http://127.0.0.1:5173/verify-email"
        assert api.post("/auth/email/verify", json={"token": "0" * 56}).status == 422
        assert api.post("/auth/email/verify", json={"token": second.token_hash}).status == 204
        assert standin.logouts[-1][1] == "local"  # verifying signs nobody in here
        user_id, confirmed = one(database, "select id, email_confirmed_at is not null"
                                           " from auth_service.external_accounts where email = %s", (EMAIL,))
        assert confirmed
        token = login(api).json["access_token"]
        claims = jwt.decode(token, options={"verify_signature": False})
        with psycopg.connect(database) as conn:  # what the orgs service asks before an e-mail invitation
            conn.execute("set role authenticated")
            conn.execute("select set_config('request.jwt.claims', %s, true)",
                         (f'{{"sub": "{claims["sub"]}", "email": "{EMAIL}"}}',))
            assert conn.execute("select auth_service.email_is_verified()").fetchone() == (True,)
        assert str(user_id) == claims["sub"]
