"""Service-to-service calls: the auth service creates a new account's profile through the users service's
service-only route (through the in-process gateway here; over HTTP in tests/e2e), and that route admits
only service tokens."""

from __future__ import annotations

import uuid

import httpx
import psycopg
import pytest

from shared import service_client
from shared.service_client import issue_service_token
from tests.conftest import STRONG_PASSWORD
from tests.support.api import InProcessTransport
from tests.support.forge import FORGERIES


def profile_of(database_url: str, user_id: str) -> tuple[str, str] | None:
    with psycopg.connect(database_url) as conn:
        return conn.execute("select email, display_name from user_service.profiles where user_id = %s",
                            (user_id,)).fetchone()


@pytest.fixture
def calls(api):
    """Record the calls between services (still answered by the in-process functions)."""
    transport = InProcessTransport(api)
    service_client.set_transport(transport)
    yield transport.requests
    service_client.set_transport(InProcessTransport(api))


@pytest.fixture
def unreachable(api):
    """The users service cannot be reached at all."""
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    service_client.set_transport(httpx.MockTransport(refuse))
    yield
    service_client.set_transport(InProcessTransport(api))


def test_registering_creates_the_profile_through_the_users_service(api, database, calls):
    # When someone registers
    tokens = api.post("/auth/register", json={"email": "Budi@HIMA.example", "password": STRONG_PASSWORD,
                                              "name": "Budi Santoso"}).json
    # Then the auth service asked the users service, with a service token, and the profile exists before
    # the user ever asks for it
    [call] = calls
    assert (call.method, call.url.path) == ("PUT", f"/users/internal/profiles/{tokens['user']['id']}")
    assert profile_of(database, tokens["user"]["id"]) == ("budi@hima.example", "Budi Santoso")


def test_registering_succeeds_when_the_users_service_is_unreachable(api, database, unreachable, caplog):
    response = api.post("/auth/register", json={"email": "siti@hima.example", "password": STRONG_PASSWORD,
                                                "name": "Siti Rahma"})
    assert response.status == 201
    assert profile_of(database, response.json["user"]["id"]) is None
    [warning] = [r for r in caplog.records if "did not create the new account's profile" in r.getMessage()]
    assert "ConnectError" in warning.reason  # type: ignore[attr-defined]
    # and the profile appears on first use, from the access token, with the registered name
    me = api.get("/users/me", token=response.json["access_token"])
    assert (me.status, me.json["display_name"], me.json["email"]) == (200, "Siti Rahma", "siti@hima.example")


def test_registering_succeeds_when_the_users_service_fails(api, database):
    def broken(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, json={"status": 500, "detail": "Something went wrong on our side."})

    service_client.set_transport(httpx.MockTransport(broken))
    try:
        response = api.post("/auth/register", json={"email": "a@hima.example", "password": STRONG_PASSWORD,
                                                    "name": "A"})
    finally:
        service_client.set_transport(InProcessTransport(api))
    assert response.status == 201
    assert api.get("/users/me", token=response.json["access_token"]).json["display_name"] == "A"


# ---- the service-only route ----

def put_profile(api, user_id: str, token: str | None, body: dict | None = None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return api.put(f"/users/internal/profiles/{user_id}", headers=headers,
                   json=body or {"email": "new@hima.example", "display_name": "Baru"})


def test_the_auth_service_token_creates_and_recreates_idempotently(api, database):
    user_id = str(uuid.uuid4())
    token = issue_service_token("auth", "users")
    assert put_profile(api, user_id, token).status == 204
    assert put_profile(api, user_id, token).status == 204
    assert profile_of(database, user_id) == ("new@hima.example", "Baru")


def test_no_token_is_401(api, database):
    user_id = str(uuid.uuid4())
    response = put_profile(api, user_id, None)
    assert response.status == 401
    assert response.header("www-authenticate").startswith("Bearer")
    assert profile_of(database, user_id) is None


def test_a_users_token_is_403(api, database, register):
    user = register()
    response = put_profile(api, user["user"]["id"], user["access_token"],
                           {"email": "hijack@evil.example", "display_name": "Hijacked"})
    assert response.status == 403
    assert response.header("content-type") == "application/problem+json"
    assert profile_of(database, user["user"]["id"]) == (user["user"]["email"], "Anggota HIMA")


@pytest.mark.parametrize("token", [
    pytest.param(lambda: issue_service_token("auth", "orgs"), id="meant for another service"),
    *[pytest.param(lambda forge=forge: forge(issue_service_token("auth", "users")), id=name)
      for name, forge in FORGERIES.items()],
])
def test_forged_or_misdirected_service_tokens_are_401(api, database, token):
    user_id = str(uuid.uuid4())
    response = put_profile(api, user_id, token())
    assert response.status == 401
    assert profile_of(database, user_id) is None


def test_another_service_may_not_create_profiles(api, database):
    user_id = str(uuid.uuid4())
    response = put_profile(api, user_id, issue_service_token("tasks", "users"))
    assert response.status == 403
    assert profile_of(database, user_id) is None
