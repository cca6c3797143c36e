"""End to end: registering over HTTP makes the auth function call the users service back through the
gateway (a real HTTP request with a service token), so the profile exists before anyone asks for it."""

from __future__ import annotations

import psycopg

from shared.service_client import issue_service_token
from tests.conftest import STRONG_PASSWORD


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_register_then_my_profile_has_the_registered_name(http, database):
    registered = http.post("/auth/register", json={"email": "Ketua@HIMA.example", "password": STRONG_PASSWORD,
                                                   "name": "Ketua HIMA"})
    assert registered.status_code == 201
    user = registered.json()["user"]
    # the auth function's call through the gateway created it (nothing has read it yet)
    with psycopg.connect(database) as conn:
        stored = conn.execute("select email, display_name from user_service.profiles where user_id = %s",
                              (user["id"],)).fetchone()
    assert stored == ("ketua@hima.example", "Ketua HIMA")

    me = http.get("/users/me", headers=bearer(registered.json()["access_token"]))
    assert me.status_code == 200
    assert (me.json()["display_name"], me.json()["email"]) == ("Ketua HIMA", "ketua@hima.example")
    assert me.headers["etag"] == '"1"'


def test_the_service_only_route_over_http(http, database):
    user = http.post("/auth/register", json={"email": "a@hima.example", "password": STRONG_PASSWORD,
                                             "name": "A"}).json()
    path = f"/users/internal/profiles/{user['user']['id']}"
    body = {"email": "hijack@evil.example", "display_name": "Hijacked"}
    assert http.put(path, json=body).status_code == 401
    assert http.put(path, json=body, headers=bearer(user["access_token"])).status_code == 403
    answer = http.put(path, json={"email": "a@hima.example", "display_name": "A again"},
                      headers=bearer(issue_service_token("auth", "users")))
    assert answer.status_code == 204
    me = http.get("/users/me", headers=bearer(user["access_token"])).json()
    assert (me["email"], me["display_name"]) == ("a@hima.example", "A again")
