"""End to end: a member makes a calendar feed and a calendar app (no Authorization header, as Google
Calendar fetches a subscription) reads it over HTTP through the local gateway, public at its JWT
authorizer; parsed back with icalendar, it holds the member's deadline. Revoked, the address is 404."""

from __future__ import annotations

import uuid
from datetime import date

from icalendar import Calendar

from tests.support.programs import make_program, make_world, register_people
from tests.support.tasks import make_task


class _Registering:
    """register_people's interface over HTTP (it calls ``api.post(...).status`` and ``.json``)."""

    def __init__(self, http) -> None:
        self.http = http

    def post(self, path: str, json: dict):
        response = self.http.post(path, json=json)
        response.status, response.json = response.status_code, response.json()  # type: ignore[attr-defined]
        return response


def test_a_calendar_app_reads_my_deadlines_without_a_token(http, database):
    people = register_people(_Registering(http), uuid.uuid4().hex[:6])
    ids = make_world(database, people)
    program = make_program(database, ids, people, "dalam_progres", name="Seminar Nasional")
    task = make_task(database, program, people["ketua"]["id"], "dalam_progres", [people["anggota"]["id"]],
                     title="Desain poster", due_date="2026-02-25")
    auth = {"Authorization": f"Bearer {people['anggota']['token']}"}

    made = http.post("/me/calendar", headers=auth)
    assert made.status_code == 201
    url = made.json()["url"]
    assert url.startswith(str(http.base_url).rstrip("/") + "/calendar/") and url.endswith(".ics")

    feed = http.get(url)  # a calendar app: no Authorization header
    assert feed.status_code == 200, feed.text
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    [event] = Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(event["UID"]) == f"task-{task}@prokertracker"
    assert str(event["SUMMARY"]) == "Desain poster · Seminar Nasional"
    assert event.decoded("DTSTART") == date(2026, 2, 25)
    assert http.get(url, headers={"If-None-Match": feed.headers["etag"]}).status_code == 304

    assert http.delete("/me/calendar", headers=auth).status_code == 204
    gone = http.get(url)
    assert gone.status_code == 404 and gone.headers["content-type"] == "application/problem+json"
