"""The function verifies the token itself (defense in depth): forged tokens get 401 even when
they reach it without the gateway's authorizer."""

from __future__ import annotations

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
