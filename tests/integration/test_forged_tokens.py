"""The function verifies the token itself (defense in depth): forged tokens get 401 even when
they reach it without the gateway's authorizer."""

from __future__ import annotations

import re
import time

import pytest

from tests.support.forge import FORGERIES


@pytest.mark.parametrize("forgery", FORGERIES.values(), ids=FORGERIES.keys())
def test_the_function_refuses_a_forged_token(api, register, forgery):
    token = register()["access_token"]
    assert api.get("/auth/me", token=token).status == 200  # the genuine one works
    response = api.get("/auth/me", token=forgery(token))
    assert response.status == 401
    assert response.header("content-type") == "application/problem+json"
    assert response.json["status"] == 401


def test_the_function_refuses_a_revoked_sessions_token(api, register):
    token = register()["access_token"]
    assert api.post("/auth/logout", token=token).status == 204
    response = api.get("/auth/me", token=token)
    assert response.status == 401
    assert "session" in response.json["detail"]


@pytest.mark.parametrize("header", ["", "Bearer", "Basic dXNlcjpwYXNz", "Bearer not.a.jwt"])
def test_missing_or_malformed_authorization_is_401(api, database, header):
    response = api.get("/auth/me", headers={"Authorization": header} if header else {})
    assert response.status == 401
    assert response.header("www-authenticate").startswith("Bearer")


def _concrete(path: str) -> str:
    return re.sub(r"\{\w+\+?\}", "3f6c1f2e-5d0a-4c8e-9d1b-7a2e4b6c8d90", path)


def test_no_route_takes_a_forged_token(api, register):
    """Every route that is not public, with every forgery: refused by the function itself, 401 problem+json,
    before anything is read or written. (A missing body or query parameter is refused first, 422, by
    validation, which reads nothing: not an acceptance either; the 401s are counted.)"""
    token = register()["access_token"]
    routes = [route for route in api.gateway.routes if not route.public]
    accepted, unauthenticated = [], []
    for route in routes:
        for name, forgery in FORGERIES.items():
            response = api.request(route.method, _concrete(route.path), token=forgery(token),
                                   json={} if route.method in ("POST", "PUT", "PATCH") else None)
            if response.status == 401:
                unauthenticated.append(route.route_key)
            if response.status not in (401, 422) or response.header("content-type") != "application/problem+json":
                accepted.append(f"{route.route_key} with {name}: {response.status}")
    assert len(routes) > 50
    assert accepted == []
    assert len(unauthenticated) > len(routes) * len(FORGERIES) * 0.6


def test_a_remembered_token_still_ends_with_its_expiry_and_its_session(api, database, register):
    # A function instance remembers a verified token (shared.identity.VERIFIED_SECONDS) instead of
    # parsing it on every request: that must not outlive the token's expiry or its session.
    from shared import identity
    from tests.support import forge

    user = register()
    now = time.time()
    short = forge._resigned(iat=int(now) - 10, exp=int(now) + 1)(user["access_token"])
    assert api.get("/auth/me", token=short).status == 200
    assert short in identity._verified  # remembered
    time.sleep(max(0.0, int(now) + 1 + identity.CLOCK_SKEW_SECONDS + 0.5 - time.time()))  # its expiry, and the leeway
    assert api.get("/auth/me", token=short).status == 401

    token = user["access_token"]
    assert api.get("/auth/me", token=token).status == 200
    assert api.post("/auth/logout", token=token).status == 204
    assert api.get("/auth/me", token=token).status == 401  # remembered, but its session has ended
