"""An organization's public program schedule (issue 12; docs/decisions/0022-public-schedule.md), in-process on
real PostgreSQL: the board switches it on and off; anyone reads it without a token, parsed back with the
icalendar library (the approved programs of the active period only, their dates and places, nothing about
people or money); unknown, unpublished and archived organizations are 404 alike; the SQL anon may run."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import psycopg
import pytest
from icalendar import Calendar

from tests.support.programs import make_program, make_world, register_people


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    people = register_people(api, uuid.uuid4().hex[:6])
    ids = make_world(database, people)
    programs = {
        "seminar": make_program(database, ids, people, "disetujui", name="Seminar Nasional AI", type="event",
                                planned_start="2026-03-10", planned_end="2026-03-11", location="Aula FMIPA",
                                description="Rahasia dapur: pembicara belum pasti", budget_planned=7500000),
        "kajian": make_program(database, ids, people, "dalam_progres", name="Kajian Rutin", type="rutin",
                               planned_start="2026-02-02", planned_end="2026-06-29"),
        "bazar": make_program(database, ids, people, "ditunda", name="Bazar Buku", type="event",
                              planned_start="2026-04-20", planned_end="2026-04-20"),
        "done": make_program(database, ids, people, "selesai", name="Pelatihan Git", type="event",
                             planned_start="2026-01-15", planned_end="2026-01-15"),
        "undated": make_program(database, ids, people, "disetujui", name="Kapan-kapan", type="event"),
    }
    hidden = {status: make_program(database, ids, people, status, name=f"Belum publik {status}", type="event",
                                   planned_start="2026-05-01", planned_end="2026-05-02")
              for status in ("draft", "diajukan", "revisi", "ditolak", "dibatalkan")}
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("insert into program_service.budget_items (program_id, organization_id, kind, category,"
                     " unit_price, created_by) values (%s, %s, 'pengeluaran', 'Honor pembicara rahasia', 2500000,"
                     " %s)", (programs["seminar"], ids["org"], people["ketua"]["id"]))
        # an approved program of the organization's next period, and of another organization: not this schedule
        next_period = conn.execute(
            "insert into organization_service.periods (organization_id, name, starts_on, ends_on, status)"
            " values (%s, 'Kabinet 2026/2027', '2026-09-01', '2027-08-31', 'draft') returning id::text",
            (ids["org"],)).fetchone()[0]
    make_program(database, {**ids, "period": next_period}, people, "disetujui", name="Program periode depan",
                 department_id=None, person_in_charge=None, planned_start="2026-10-01", planned_end="2026-10-02")
    other = make_world(database, people)  # the same people's other organization
    make_program(database, other, people, "disetujui", name="Program organisasi lain", planned_start="2026-03-01",
                 planned_end="2026-03-02")
    return {"ids": ids, "people": people, "program": programs, "hidden": hidden, "ketua": people["ketua"]["token"]}


def publish(api, world, on: bool = True):
    response = api.patch(f"/orgs/{world['ids']['org']}", token=world["ketua"], json={"public_schedule": on})
    assert response.status == 200, response.json
    return response.json


def path_of(url: str) -> str:
    return url[url.index("/calendar/"):]


def events(body: bytes) -> dict[str, Any]:
    return {str(event["UID"]): event for event in Calendar.from_ical(body).walk("VEVENT")}


def test_nothing_is_public_until_the_board_publishes_it(api, world):
    org = world["ids"]["org"]
    shown = api.get(f"/orgs/{org}", token=world["people"]["anggota"]["token"]).json
    assert shown["public_schedule"] is False and shown["public_schedule_url"] is None
    unpublished = api.get(f"/calendar/orgs/{org}.ics")
    unknown = api.get(f"/calendar/orgs/{uuid.uuid4()}.ics")
    assert unpublished.status == unknown.status == 404
    assert unpublished.header("content-type") == "application/problem+json"
    assert unpublished.json == unknown.json  # nothing tells an unpublished schedule from no organization


def test_the_published_schedule_holds_the_approved_programs_dates_and_places(api, world):
    answer = publish(api, world)
    url = answer["public_schedule_url"]
    assert answer["public_schedule"] is True and url.endswith(f"/calendar/orgs/{world['ids']['org']}.ics")
    member_view = api.get(f"/orgs/{world['ids']['org']}", token=world["people"]["anggota"]["token"]).json
    assert member_view["public_schedule_url"] == url  # every member may pass the address on

    response = api.get(path_of(url))  # no token: it is public
    assert response.status == 200 and response.header("content-type") == "text/calendar; charset=utf-8"
    assert response.header("cache-control") == "public, max-age=900"
    calendar = Calendar.from_ical(response.body)
    assert str(calendar["X-WR-CALNAME"]).startswith("Jadwal program kerja · HIMA ")
    found = events(response.body)
    ids = world["program"]
    seminar = found[f"program-{ids['seminar']}@prokertracker"]  # an event: one event over its days
    assert seminar["DTSTART"].dt == date(2026, 3, 10) and seminar["DTEND"].dt == date(2026, 3, 12)
    assert str(seminar["SUMMARY"]) == "Seminar Nasional AI" and str(seminar["LOCATION"]) == "Aula FMIPA"
    assert str(seminar["STATUS"]) == "CONFIRMED" and "URL" not in seminar
    kajian = f"program-{ids['kajian']}"
    start, end = found[f"{kajian}-start@prokertracker"], found[f"{kajian}-end@prokertracker"]
    assert (start["DTSTART"].dt, end["DTSTART"].dt) == (date(2026, 2, 2), date(2026, 6, 29))  # a long one: 2 days
    assert str(start["SUMMARY"]) == "Mulai: Kajian Rutin" and end["DTEND"].dt == date(2026, 6, 29) + timedelta(1)
    held = found[f"program-{ids['bazar']}@prokertracker"]
    assert str(held["STATUS"]) == "TENTATIVE" and str(held["SUMMARY"]) == "[ditunda] Bazar Buku"
    done = found[f"program-{ids['done']}@prokertracker"]  # a finished one stays in subscribers' calendars
    assert done["DTSTART"].dt == date(2026, 1, 15) and str(done["STATUS"]) == "CONFIRMED"
    # not decided yet, rejected, cancelled, undated, of the next period or of another organization: not here
    assert len(found) == 5, sorted(str(e["SUMMARY"]) for e in found.values())
    body = response.body.decode()
    for secret in ("Belum publik", "periode depan", "organisasi lain", "Rahasia dapur", "Honor pembicara",
                   "7500000", "2500000", "pj", "ketua"):
        assert secret not in body.replace("Proker Tracker", ""), secret

    english = api.get(path_of(url) + "?lang=en")
    assert str(Calendar.from_ical(english.body)["X-WR-CALNAME"]).startswith("Work program schedule · ")
    same = api.get(path_of(url), headers={"If-None-Match": response.header("etag")})
    assert same.status == 304 and same.body == b""


def test_switching_it_off_or_archiving_takes_it_down(api, database, world):
    url = publish(api, world)["public_schedule_url"]
    assert api.get(path_of(url)).status == 200
    answer = publish(api, world, on=False)
    assert answer["public_schedule"] is False and answer["public_schedule_url"] is None
    assert api.get(path_of(url)).status == 404
    publish(api, world)
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("update organization_service.organizations set archived_at = now() where id = %s",
                     (world["ids"]["org"],))
    assert api.get(path_of(url)).status == 404


@pytest.mark.parametrize("who", ["sekretaris", "kepala_departemen", "anggota", "outsider"])
def test_only_the_board_publishes(api, world, who):
    response = api.patch(f"/orgs/{world['ids']['org']}", token=world["people"][who]["token"],
                         json={"public_schedule": True})
    assert response.status in (403, 404), response.json
    assert api.get(f"/calendar/orgs/{world['ids']['org']}.ics").status == 404


@pytest.mark.parametrize("value", ["yes", 1])
def test_the_switch_is_a_boolean(api, world, value):
    response = api.patch(f"/orgs/{world['ids']['org']}", token=world["ketua"], json={"public_schedule": value})
    assert response.status == 422 and response.json["errors"][0]["field"] == "body.public_schedule"
    assert api.get(f"/calendar/orgs/{world['ids']['org']}.ics").status == 404  # nothing changed


def test_null_leaves_the_switch_as_it_is(api, world):
    publish(api, world)
    response = api.patch(f"/orgs/{world['ids']['org']}", token=world["ketua"], json={"public_schedule": None})
    assert response.status == 200 and response.json["public_schedule"] is True  # as for the other required fields
    assert api.get(f"/calendar/orgs/{world['ids']['org']}.ics").status == 200


@pytest.mark.parametrize("feed", ["not-an-id.ics", "0b7e4c52-9d2f-4d8e-a1a5-3f0c9e6b2d71.ical", "%00"])
def test_what_is_not_a_schedule_address_is_refused_as_problem(api, feed):
    response = api.get(f"/calendar/orgs/{feed}")
    assert response.status == 422, response.json
    assert response.header("content-type") == "application/problem+json"


def test_anon_may_read_the_schedule_and_nothing_else_of_programs(api, database, world):
    publish(api, world)
    with psycopg.connect(database) as conn:
        conn.execute("select set_config('role', 'anon', true)")
        schedule = conn.execute("select program_service.public_schedule(%s)", (world["ids"]["org"],)).fetchone()[0]
        assert {p["name"] for p in schedule["programs"]} == {"Seminar Nasional AI", "Kajian Rutin", "Bazar Buku",
                                                             "Pelatihan Git"}
        assert set(schedule["programs"][0]) == {"id", "name", "type", "status", "planned_start", "planned_end",
                                                "location", "updated_at"}
        assert conn.execute("select program_service.public_schedule(%s)", (uuid.uuid4(),)).fetchone()[0] is None
        for statement in ("select name from program_service.programs",
                          "select * from organization_service.public_schedule(gen_random_uuid())"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
            conn.rollback()
            conn.execute("select set_config('role', 'anon', true)")
