"""End to end: real HTTP through the local gateway (template.yaml's routes and authorizer) to
the functions and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.conftest import STRONG_PASSWORD
from tests.support.forge import FORGERIES

EMAIL = "ketua@hima.example"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_register_login_me_refresh_reuse_login_logout(http):
    registered = http.post("/auth/register", json={"email": EMAIL, "password": STRONG_PASSWORD, "name": "Ketua"})
    assert registered.status_code == 201

    login = http.post("/auth/login", json={"email": EMAIL, "password": STRONG_PASSWORD})
    assert login.status_code == 200
    tokens = login.json()

    me = http.get("/auth/me", headers=bearer(tokens["access_token"]))
    assert me.status_code == 200
    assert me.json()["email"] == EMAIL

    refreshed = http.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 200
    new_tokens = refreshed.json()
    assert http.get("/auth/me", headers=bearer(new_tokens["access_token"])).status_code == 200

    # the old refresh token again: the session is revoked, its newest access token too
    replay = http.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert replay.status_code == 401
    assert http.get("/auth/me", headers=bearer(new_tokens["access_token"])).status_code == 401

    again = http.post("/auth/login", json={"email": EMAIL, "password": STRONG_PASSWORD}).json()
    assert http.get("/auth/me", headers=bearer(again["access_token"])).status_code == 200
    assert http.post("/auth/logout", headers=bearer(again["access_token"])).status_code == 204
    refused = http.get("/auth/me", headers=bearer(again["access_token"]))
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("forgery", FORGERIES.values(), ids=FORGERIES.keys())
def test_the_gateway_refuses_forged_tokens(http, forgery):
    token = http.post("/auth/register", json={"email": EMAIL, "password": STRONG_PASSWORD,
                                              "name": "Ketua"}).json()["access_token"]
    response = http.get("/auth/me", headers=bearer(forgery(token)))
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_no_token_is_refused_by_the_gateway(http):
    response = http.get("/auth/sessions")
    assert response.status_code == 401
    assert response.json()["detail"] == "A valid access token is required."


def test_unknown_route_is_a_404_problem(http):
    response = http.get("/no/such/route")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_cors_preflight_and_response_headers(http):
    preflight = http.options("/auth/login", headers={
        "Origin": "http://localhost:5173", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "content-type" in preflight.headers["access-control-allow-headers"]
    response = http.post("/auth/login", json={"email": EMAIL, "password": "x x x x x"},
                         headers={"Origin": "http://localhost:5173"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "Retry-After" in response.headers["access-control-expose-headers"]


def test_malformed_json_over_http(http):
    response = http.post("/auth/register", content=b"{nope", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


def test_throttled_login_over_http_is_429_with_retry_after_for_that_pair_only(http):
    http.post("/auth/register", json={"email": EMAIL, "password": STRONG_PASSWORD, "name": "Ketua"})
    for _ in range(5):
        assert http.post("/auth/login", json={"email": EMAIL, "password": "x x x x x"}).status_code == 401
    throttled = http.post("/auth/login", json={"email": EMAIL, "password": STRONG_PASSWORD})
    assert throttled.status_code == 429
    assert throttled.headers["content-type"] == "application/problem+json"
    assert 1 <= int(throttled.headers["retry-after"]) <= 30


def test_recovery_routes_over_http_answer_without_telling_who_is_registered(http):
    http.post("/auth/register", json={"email": EMAIL, "password": STRONG_PASSWORD, "name": "Ketua"})
    for path in ("/auth/password/forgot", "/auth/email/verify-request"):
        known = http.post(path, json={"email": EMAIL})
        unknown = http.post(path, json={"email": "nobody@hima.example"})
        assert (known.status_code, known.content) == (unknown.status_code, unknown.content) == (202, b"")
    for path, body in (("/auth/password/reset", {"token": "x" * 43, "new_password": "Rapat Kerja Akbar 2026?"}),
                       ("/auth/email/verify", {"token": "x" * 43})):
        refused = http.post(path, json=body)
        assert refused.status_code == 422 and refused.json()["errors"][0]["code"] == "invalid_token"
