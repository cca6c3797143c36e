"""The personal calendar feed (issue 12; docs/decisions/0017-calendar-feeds.md), in-process on real
PostgreSQL: making, replacing and revoking the secret address; the feed read back with the icalendar
library (the right events, all-day, stable UIDs, nothing of anyone else's); 404 alike for an unknown,
replaced or revoked address; 304 on an unchanged feed; only a hash stored; the table's rights in SQL."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date
from typing import Any

import psycopg
import pytest
from icalendar import Calendar

from tests.support.programs import as_user, make_program, make_world, register_people
from tests.support.tasks import make_milestone, make_task

APP = "http://127.0.0.1:5173"  # APP_BASE_URL's default, as in the tests of notifications


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    people = register_people(api, uuid.uuid4().hex[:6])
    ids = make_world(database, people)
    who = {name: p["id"] for name, p in people.items()}
    # the seminar: led by pj, anggota on its committee; a second program anggota has nothing to do with
    seminar = make_program(database, ids, people, "dalam_progres", name="Seminar Nasional",
                           planned_start="2026-03-01", planned_end="2026-03-14")
    other = make_program(database, ids, people, "disetujui", name="Bakti Sosial", planned_start="2026-04-01",
                         planned_end="2026-04-02", person_in_charge=who["kepala_departemen"])
    cancelled = make_program(database, ids, people, "dibatalkan", name="Makrab", planned_start="2026-05-01",
                             planned_end="2026-05-02")
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("insert into program_service.committee_members (program_id, organization_id, user_id,"
                     " committee_role) values (%s, %s, %s, 'Sie Acara')", (seminar, ids["org"], who["anggota"]))
    due = make_milestone(database, seminar, "Proposal disetujui")
    done = make_milestone(database, seminar, "Tema dipilih")
    undated = make_milestone(database, seminar, "Tanpa tanggal")
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("update program_service.milestones set due_date = '2026-02-20' where id = %s", (due,))
        conn.execute("update program_service.milestones set due_date = '2026-02-10', done_at = now() where id = %s",
                     (done,))
    tasks = {
        "open": make_task(database, seminar, who["ketua"], "dalam_progres", [who["anggota"]], title="Desain poster",
                          due_date="2026-02-25"),
        "review": make_task(database, other, who["ketua"], "review", [who["anggota"], who["pj"]],
                            title="Cek anggaran", due_date="2026-03-30"),
        "held": make_task(database, seminar, who["ketua"], "ditunda", [who["anggota"]], title="Sewa gedung",
                          due_date="2026-02-28"),
        "done": make_task(database, seminar, who["ketua"], "selesai", [who["anggota"]], title="Rapat perdana",
                          due_date="2026-01-15"),
        "cancelled": make_task(database, seminar, who["ketua"], "dibatalkan", [who["anggota"]], title="Batal",
                               due_date="2026-01-20"),
        "undated": make_task(database, seminar, who["ketua"], "belum_dimulai", [who["anggota"]], title="Kapan-kapan"),
        "theirs": make_task(database, seminar, who["ketua"], "belum_dimulai", [who["pj"]], title="Hubungi pembicara",
                            due_date="2026-02-21"),
        "cancelled_program": make_task(database, cancelled, who["ketua"], "belum_dimulai", [who["pj"]],
                                       title="Cari villa", due_date="2026-04-20"),
    }
    return {"ids": ids, "id": who, "token": {name: p["token"] for name, p in people.items()},
            "program": {"seminar": seminar, "other": other, "cancelled": cancelled},
            "milestone": {"due": due, "done": done, "undated": undated}, "task": tasks}


def make_feed(api, token: str) -> str:
    response = api.post("/me/calendar", token=token)
    assert response.status == 201, response.json
    return response.json["url"]


def path_of(url: str) -> str:
    return url[url.index("/calendar/"):]


def fetch(api, url: str, **kwargs: Any):
    return api.get(path_of(url), **kwargs)  # no token: the address is the credential


def events(body: bytes) -> dict[str, Any]:
    calendar = Calendar.from_ical(body)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


# ---- making, replacing, revoking ----

def test_no_feed_until_one_is_made(api, world):
    response = api.get("/me/calendar", token=world["token"]["anggota"])
    assert response.status == 200
    assert response.json == {"active": False, "created_at": None, "last_fetched_at": None}


def test_a_feed_is_made_and_only_its_hash_is_kept(api, database, world):
    url = make_feed(api, world["token"]["anggota"])
    assert url.startswith("http://127.0.0.1:") and url.endswith(".ics")
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) == 43
    shown = api.get("/me/calendar", token=world["token"]["anggota"]).json
    assert shown["active"] is True and shown["created_at"] and shown["last_fetched_at"] is None
    assert "url" not in shown  # shown once, when made
    with psycopg.connect(database, autocommit=True) as conn:
        rows = conn.execute("select user_id::text, token_hash from task_service.calendar_feeds").fetchall()
        dump = conn.execute("select string_agg(t::text, ' ') from task_service.calendar_feeds t").fetchone()[0]
    assert rows == [(world["id"]["anggota"], hashlib.sha256(token.encode()).digest())]
    assert token not in dump

    assert fetch(api, url).status == 200
    assert api.get("/me/calendar", token=world["token"]["anggota"]).json["last_fetched_at"]


def test_making_it_again_replaces_the_address_and_revoking_ends_it(api, world):
    first = make_feed(api, world["token"]["anggota"])
    second = make_feed(api, world["token"]["anggota"])
    assert first != second
    unknown = fetch(api, f"/calendar/{'A' * 43}.ics")
    replaced = fetch(api, first)
    assert replaced.status == 404 and unknown.status == 404
    assert replaced.header("content-type") == "application/problem+json"
    assert replaced.json == unknown.json  # nothing tells a revoked address from one never made
    assert fetch(api, second).status == 200

    assert api.delete("/me/calendar", token=world["token"]["anggota"]).status == 204
    assert fetch(api, second).status == 404
    assert api.get("/me/calendar", token=world["token"]["anggota"]).json["active"] is False
    again = api.delete("/me/calendar", token=world["token"]["anggota"])
    assert again.status == 404 and again.header("content-type") == "application/problem+json"


def test_each_user_has_their_own_feed(api, world):
    mine = make_feed(api, world["token"]["anggota"])
    theirs = make_feed(api, world["token"]["pj"])
    assert api.delete("/me/calendar", token=world["token"]["pj"]).status == 204  # revokes pj's only
    assert fetch(api, mine).status == 200 and fetch(api, theirs).status == 404


@pytest.mark.parametrize("feed", ["short.ics", "A" * 43 + ".ical", "A" * 44, "%00" * 3])
def test_what_is_not_a_feed_address_is_refused_as_problem(api, world, feed):
    response = api.get(f"/calendar/{feed}")
    assert response.status == 422, response.json
    assert response.header("content-type") == "application/problem+json"
    assert response.json["errors"][0]["field"] == "path.feed"


def test_an_unknown_language_is_refused(api, world):
    url = make_feed(api, world["token"]["anggota"])
    response = fetch(api, url + "?lang=jv")
    assert response.status == 422 and response.json["errors"][0]["field"] == "query.lang"


def test_the_feed_routes_need_a_token_but_the_feed_does_not(api, world):
    assert api.get("/me/calendar").status == 401
    assert api.post("/me/calendar").status == 401
    assert api.delete("/me/calendar").status == 401


# ---- the feed ----

def test_the_feed_holds_my_deadlines_and_my_programs_dates(api, world):
    url = make_feed(api, world["token"]["anggota"])
    response = fetch(api, url)
    assert response.status == 200
    assert response.header("content-type") == "text/calendar; charset=utf-8"
    assert response.header("cache-control") == "private, max-age=900"
    assert response.header("etag")
    calendar = Calendar.from_ical(response.body)
    assert str(calendar["VERSION"]) == "2.0" and "Proker Tracker" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "Proker Tracker · anggota"
    found = events(response.body)
    task, program, milestone = world["task"], world["program"]["seminar"], world["milestone"]
    assert set(found) == {
        f"task-{task['open']}@prokertracker", f"task-{task['review']}@prokertracker",
        f"task-{task['held']}@prokertracker",
        f"program-{program}-start@prokertracker", f"program-{program}-end@prokertracker",
        f"milestone-{milestone['due']}@prokertracker",
    }  # not: done, cancelled or undated tasks; others' tasks; a done or undated milestone; other programs

    poster = found[f"task-{task['open']}@prokertracker"]
    assert str(poster["SUMMARY"]) == "Desain poster · Seminar Nasional"
    assert poster.decoded("DTSTART") == date(2026, 2, 25)  # a date: an all-day event
    assert poster["DTSTART"].params.get("VALUE") == "DATE"
    assert poster.decoded("DTEND") == date(2026, 2, 26)
    assert str(poster["URL"]) == f"{APP}/tasks/view/?id={task['open']}"
    assert poster.decoded("DTSTAMP").tzname() == "UTC" and poster.decoded("LAST-MODIFIED").tzname() == "UTC"
    assert str(poster["TRANSP"]) == "TRANSPARENT" and str(poster["STATUS"]) == "CONFIRMED"
    assert "dalam progres" in str(poster["DESCRIPTION"])

    held = found[f"task-{task['held']}@prokertracker"]
    assert str(held["SUMMARY"]) == "[ditunda] Sewa gedung · Seminar Nasional" and str(held["STATUS"]) == "TENTATIVE"
    assert str(found[f"task-{task['review']}@prokertracker"]["SUMMARY"]) == "Cek anggaran · Bakti Sosial"

    start = found[f"program-{program}-start@prokertracker"]
    end = found[f"program-{program}-end@prokertracker"]
    assert str(start["SUMMARY"]) == "Mulai: Seminar Nasional" and start.decoded("DTSTART") == date(2026, 3, 1)
    assert str(end["SUMMARY"]) == "Berakhir: Seminar Nasional" and end.decoded("DTSTART") == date(2026, 3, 14)
    assert str(start["URL"]) == f"{APP}/programs/view/?id={program}"
    assert "panitia" in str(start["DESCRIPTION"])
    proposal = found[f"milestone-{milestone['due']}@prokertracker"]
    assert str(proposal["SUMMARY"]) == "Milestone: Proposal disetujui · Seminar Nasional"
    assert proposal.decoded("DTSTART") == date(2026, 2, 20)


def test_a_pj_sees_the_programs_they_lead_and_nothing_of_anyone_else(api, world):
    url = make_feed(api, world["token"]["pj"])
    found = events(fetch(api, url).body)
    task, seminar = world["task"], world["program"]["seminar"]
    assert set(found) == {
        f"task-{task['review']}@prokertracker", f"task-{task['theirs']}@prokertracker",
        f"program-{seminar}-start@prokertracker", f"program-{seminar}-end@prokertracker",
        f"milestone-{world['milestone']['due']}@prokertracker",
    }  # the cancelled program's task and dates are left out with it
    assert "PJ" in str(found[f"program-{seminar}-start@prokertracker"]["DESCRIPTION"])
    assert str(Calendar.from_ical(fetch(api, url).body)["X-WR-CALNAME"]) == "Proker Tracker · pj"


def test_a_user_without_anything_gets_an_empty_calendar(api, world):
    url = make_feed(api, world["token"]["outsider"])
    response = fetch(api, url)
    assert response.status == 200 and events(response.body) == {}


def test_english_titles_on_request(api, world):
    url = make_feed(api, world["token"]["anggota"])
    found = events(fetch(api, url + "?lang=en").body)
    seminar, held = world["program"]["seminar"], world["task"]["held"]
    assert str(found[f"program-{seminar}-start@prokertracker"]["SUMMARY"]) == "Starts: Seminar Nasional"
    assert str(found[f"task-{held}@prokertracker"]["SUMMARY"]) == "[on hold] Sewa gedung · Seminar Nasional"


def test_an_unchanged_feed_is_304_and_a_change_shows_at_the_next_fetch(api, world):
    url = make_feed(api, world["token"]["anggota"])
    first = fetch(api, url)
    etag = first.header("etag")
    unchanged = fetch(api, url, headers={"If-None-Match": etag})
    assert unchanged.status == 304 and unchanged.body == b"" and unchanged.header("etag") == etag
    assert fetch(api, url).body == first.body  # the same bytes for the same data

    task = world["task"]["open"]
    changed = api.patch(f"/tasks/{task}", token=world["token"]["ketua"], json={"title": "Desain baliho"})
    assert changed.status == 200, changed.json
    after = fetch(api, url, headers={"If-None-Match": etag})
    assert after.status == 200 and after.header("etag") != etag
    assert str(events(after.body)[f"task-{task}@prokertracker"]["SUMMARY"]) == "Desain baliho · Seminar Nasional"

    done = api.post(f"/tasks/{task}/transitions", token=world["token"]["ketua"], json={"to": "review"})
    assert done.status == 200, done.json
    api.post(f"/tasks/{task}/transitions", token=world["token"]["ketua"], json={"to": "selesai"})
    assert f"task-{task}@prokertracker" not in events(fetch(api, url).body)  # done: the calendar app drops it


def test_a_former_member_sees_nothing_of_the_organization(api, database, world):
    url = make_feed(api, world["token"]["anggota"])
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("update organization_service.memberships set active = false, left_at = now() where user_id = %s",
                     (world["id"]["anggota"],))
    response = fetch(api, url)
    assert response.status == 200 and events(response.body) == {}


# ---- the database alone ----

def test_the_table_is_each_users_own_and_anon_may_only_ask_whose_hash(api, database, world):
    make_feed(api, world["token"]["anggota"])
    with as_user(database, world["id"]["pj"]) as conn:
        assert conn.execute("select count(*) from task_service.calendar_feeds").fetchone()[0] == 0
        assert conn.execute("delete from task_service.calendar_feeds").rowcount == 0
    with as_user(database, world["id"]["anggota"]) as conn:
        assert conn.execute("select count(*) from task_service.calendar_feeds").fetchone()[0] == 1
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select token_hash from task_service.calendar_feeds")
    with psycopg.connect(database) as conn:
        conn.execute("select set_config('role', 'anon', true)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select user_id from task_service.calendar_feeds")
        conn.rollback()
        conn.execute("select set_config('role', 'anon', true)")
        assert conn.execute("select task_service.calendar_feed_owner(sha256('nope'))").fetchone()[0] is None
        conn.rollback()
