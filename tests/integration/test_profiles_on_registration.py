"""Every registered account gets a profile, even when the users service cannot be reached at registration:
the registration writes ``user.registered`` to the outbox in its own transaction, and the users service's
consumer creates the profile from it (functions/users/consumers/create_profile.py)."""

from __future__ import annotations

import httpx
import psycopg
import pytest

from infra.local.events import LocalDispatcher
from shared import service_client
from tests.support.api import InProcessTransport


def deliver(database: str) -> None:
    dispatcher = LocalDispatcher(database)
    try:
        while dispatcher.sweep().claimed:
            pass
    finally:
        dispatcher.stop()


def profile(database: str, user_id: str) -> tuple | None:
    with psycopg.connect(database) as conn:
        return conn.execute("select email, display_name from user_service.profiles where user_id = %s",
                            (user_id,)).fetchone()


class Unreachable(httpx.BaseTransport):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("the users service is down", request=request)


@pytest.fixture
def users_service_down(api_session):
    service_client.set_transport(Unreachable())
    yield
    service_client.set_transport(InProcessTransport(api_session))


def test_a_profile_is_made_from_the_outbox_when_the_users_service_is_down(api, database, users_service_down):
    registered = api.post("/auth/register", json={"email": "Dina@Kampus.example", "password": "Kabinet Sinergi 2025!",
                                                  "name": "Dina Maharani"})
    assert registered.status == 201  # the account exists whatever the users service does
    user_id = registered.json["user"]["id"]
    assert profile(database, user_id) is None
    deliver(database)
    assert profile(database, user_id) == ("dina@kampus.example", "Dina Maharani")


def test_a_late_event_leaves_a_profile_already_made_and_edited_as_it_is(api, database, register):
    tokens = register(email="raka@kampus.example", name="Raka")
    me = api.get("/users/me", token=tokens["access_token"])
    changed = api.patch("/users/me", token=tokens["access_token"], json={"display_name": "Raka Pratama"},
                        headers={"If-Match": me.header("etag")})
    assert changed.status == 200, changed.json
    deliver(database)
    assert profile(database, tokens["user"]["id"]) == ("raka@kampus.example", "Raka Pratama")
    with psycopg.connect(database) as conn:
        assert conn.execute("select state, count(*) from events.outbox where type = 'user.registered'"
                            " group by state").fetchall() == [("delivered", 1)]
