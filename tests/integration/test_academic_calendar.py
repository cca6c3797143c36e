"""The academic calendar on real PostgreSQL, through the API: the ranges a board marks, Indonesia's national
holidays beside them, and the warnings a program or a task planned onto them carries
(docs/decisions/0021-academic-calendar.md)."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest

from tests.support.programs import make_program, make_world, register_people


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    people = register_people(api, uuid.uuid4().hex[:6])
    ids = make_world(database, people)
    return {"people": people, "ids": ids, "ketua": people["ketua"]["token"]}


def ranges_path(world: dict[str, Any]) -> str:
    return f"/orgs/{world['ids']['org']}/calendar/ranges"


UTS = {"name": "UTS Genap", "kind": "ujian", "starts_on": "2026-04-06", "ends_on": "2026-04-17"}


def test_the_board_marks_exams_and_every_member_sees_them_beside_the_national_holidays(api, database, world):
    people = world["people"]
    created = api.post(ranges_path(world), token=people["sekretaris"]["token"], json=UTS)
    assert created.status == 201, created.json
    assert {k: created.json[k] for k in UTS} == UTS and created.json["id"]
    calendar = api.get(f"/orgs/{world['ids']['org']}/calendar", token=people["anggota"]["token"])
    assert calendar.status == 200, calendar.json
    assert (calendar.json["starts_on"], calendar.json["ends_on"]) == ("2025-09-01", "2026-08-31")  # the active period
    items = calendar.json["items"]
    assert [i["starts_on"] for i in items] == sorted(i["starts_on"] for i in items)
    assert {"id": created.json["id"], **UTS} in items
    national = {(i["starts_on"], i["name"]) for i in items if i["kind"] == "nasional"}
    assert ("2026-01-01", "Tahun Baru Masehi") in national and ("2026-03-19", "Hari Suci Nyepi") in national
    assert all(i["id"] is None for i in items if i["kind"] == "nasional")
    month = api.get(f"/orgs/{world['ids']['org']}/calendar?starts_on=2026-04-01&ends_on=2026-04-30",
                    token=world["ketua"]).json["items"]
    assert [i["name"] for i in month if i["kind"] != "nasional"] == ["UTS Genap"]
    assert all("2026-04-01" <= i["starts_on"] <= "2026-04-30" or i["kind"] != "nasional" for i in month)


def test_only_the_board_and_the_sekretaris_edit_the_calendar_and_bad_ranges_change_nothing(api, database, world):
    people, org = world["people"], world["ids"]["org"]
    for who in ("bendahara", "kepala_departemen", "anggota", "pembina"):
        assert api.post(ranges_path(world), token=people[who]["token"], json=UTS).status == 403, who
    assert api.post(ranges_path(world), token=people["outsider"]["token"], json=UTS).status == 404
    backwards = api.post(ranges_path(world), token=world["ketua"], json={**UTS, "ends_on": "2026-04-01"})
    assert backwards.status == 422 and backwards.json["errors"][0]["field"] == "body.ends_on", backwards.json
    unknown_kind = api.post(ranges_path(world), token=world["ketua"], json={**UTS, "kind": "pesta"})
    assert unknown_kind.status == 422 and unknown_kind.json["errors"][0]["field"] == "body.kind"
    too_long = api.get(f"/orgs/{org}/calendar?starts_on=2024-01-01&ends_on=2026-12-31", token=world["ketua"])
    assert too_long.status == 422 and too_long.json["errors"][0]["field"] == "query.ends_on"
    with psycopg.connect(database) as conn:
        assert conn.execute("select count(*) from organization_service.calendar_ranges").fetchone()[0] == 0

    made = api.post(ranges_path(world), token=people["wakil_ketua"]["token"], json=UTS).json
    assert api.delete(f"{ranges_path(world)}/{made['id']}", token=people["anggota"]["token"]).status == 403
    assert api.delete(f"{ranges_path(world)}/{made['id']}", token=people["sekretaris"]["token"]).status == 204
    assert api.delete(f"{ranges_path(world)}/{made['id']}", token=world["ketua"]).status == 404
    assert api.get(f"/orgs/{org}/calendar", token=people["outsider"]["token"]).status == 404


def test_a_program_planned_onto_exams_or_a_holiday_is_warned_not_refused(api, database, world):
    ids, people = world["ids"], world["people"]
    assert api.post(ranges_path(world), token=world["ketua"], json=UTS).status == 201
    event = make_program(database, ids, people, "draft", type="event", code="LOMBA",
                         planned_start="2026-04-15", planned_end="2026-04-20")
    answer = api.get(f"/programs/{event}", token=people["anggota"]["token"])
    assert answer.status == 200
    assert answer.json["calendar_warnings"] == [
        {"name": "UTS Genap", "kind": "ujian", "starts_on": "2026-04-06", "ends_on": "2026-04-17"}]

    # a long program is warned about the days it starts and ends, not about every exam inside it
    rutin = make_program(database, ids, people, "draft", type="rutin", code="KAJIAN",
                         planned_start="2026-03-02", planned_end="2026-05-29")
    assert api.get(f"/programs/{rutin}", token=world["ketua"]).json["calendar_warnings"] == []
    moved = api.patch(f"/programs/{rutin}", token=world["ketua"], json={"planned_start": "2026-03-19"})
    assert moved.status == 200, moved.json
    assert moved.json["calendar_warnings"] == [
        {"name": "Hari Suci Nyepi", "kind": "nasional", "starts_on": "2026-03-19", "ends_on": "2026-03-19"}]

    listed = api.get(f"/programs?organization_id={ids['org']}", token=world["ketua"]).json["items"]
    assert listed and all(p["calendar_warnings"] == [] for p in listed)  # one program's answers only
    undated = make_program(database, ids, people, "draft", code="RAPAT")
    assert api.get(f"/programs/{undated}", token=world["ketua"]).json["calendar_warnings"] == []


def test_a_task_due_in_exam_week_or_on_a_holiday_is_warned_not_refused(api, database, world):
    ids, people = world["ids"], world["people"]
    assert api.post(ranges_path(world), token=world["ketua"], json=UTS).status == 201
    program = make_program(database, ids, people, "dalam_progres", type="rutin", code="KAJIAN",
                           planned_start="2026-03-02", planned_end="2026-05-29")
    due_in_exams = api.post(f"/programs/{program}/tasks", token=world["ketua"],
                            json={"title": "Cetak soal latihan", "start_date": "2026-03-30", "due_date": "2026-04-10"})
    assert due_in_exams.status == 201, due_in_exams.json
    assert due_in_exams.json["calendar_warnings"] == [
        {"name": "UTS Genap", "kind": "ujian", "starts_on": "2026-04-06", "ends_on": "2026-04-17"}]
    task = due_in_exams.json["id"]
    seen = api.get(f"/tasks/{task}", token=people["anggota"]["token"])
    assert seen.status == 200 and seen.json["calendar_warnings"] == due_in_exams.json["calendar_warnings"]

    # its start and due days count, not the days between: a task from before to after the exams is not warned
    spanning = api.patch(f"/tasks/{task}", token=world["ketua"], json={"due_date": "2026-04-24"})
    assert spanning.status == 200 and spanning.json["calendar_warnings"] == [], spanning.json
    on_nyepi = api.patch(f"/tasks/{task}", token=world["ketua"], json={"start_date": "2026-03-19"})
    assert on_nyepi.json["calendar_warnings"] == [
        {"name": "Hari Suci Nyepi", "kind": "nasional", "starts_on": "2026-03-19", "ends_on": "2026-03-19"}]

    listed = api.get(f"/programs/{program}/tasks", token=world["ketua"]).json["items"]
    assert [t["calendar_warnings"] for t in listed] == [[]]  # one task's answers only
    undated = api.post(f"/programs/{program}/tasks", token=world["ketua"], json={"title": "Rapat evaluasi"})
    assert undated.status == 201 and undated.json["calendar_warnings"] == []
