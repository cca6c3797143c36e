"""Tasks through their functions, on real PostgreSQL: every endpoint, dates and lateness, assignees,
ETags and lost updates, lists, comments, bulk changes, and the progress contract."""

from __future__ import annotations

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest

from functions.tasks import service
from functions.tasks.models import TaskUpdate
from functions.tasks.repository import task_store
from shared import db
from shared.config import reset_settings
from shared.errors import StaleVersion
from shared.identity import verify_access_token
from tests.support.programs import as_user, make_program, make_world, register_people
from tests.support.tasks import make_milestone, make_task

NOBODY = "00000000-0000-0000-0000-000000000000"
TODAY = datetime.now(ZoneInfo("Asia/Jakarta")).date()  # the organization's day: "late" is judged by it
ONE = timedelta(days=1)


def day(offset: int) -> str:
    """The day ``offset`` days from today, as the API writes it (programs run from day(-30) to day(30))."""
    return (TODAY + timedelta(days=offset)).isoformat()


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    people = register_people(api, uuid.uuid4().hex[:6])
    ids = make_world(database, people)
    ids["program"] = make_program(database, ids, people, "dalam_progres", planned_start=day(-30),
                                  planned_end=day(30))
    return {"people": people, "ids": ids, "ketua": people["ketua"]["token"], "pj": people["pj"]["token"],
            "tasks": f"/programs/{ids['program']}/tasks"}


def uid(world: dict[str, Any], who: str) -> str:
    return world["people"][who]["id"]


def token(world: dict[str, Any], who: str) -> str:
    return world["people"][who]["token"]


def test_create_read_and_its_fields(api, database, world):
    milestone = make_milestone(database, world["ids"]["program"])
    body = {"title": "Sewa gedung", "description": "Aula utama, 300 kursi", "milestone_id": milestone,
            "start_date": day(1), "due_date": day(10), "priority": "tinggi",
            "assignees": [uid(world, "anggota"), uid(world, "kepala_departemen"), uid(world, "anggota")]}
    created = api.post(world["tasks"], token=world["pj"], json=body)
    assert created.status == 201, created.json
    assert created.header("etag") == '"1"'
    task = created.json
    assert task["status"] == "belum_dimulai" and task["allowed_transitions"] == ["dalam_progres", "dibatalkan"]
    assert task["assignees"] == [uid(world, "anggota"), uid(world, "kepala_departemen")]  # each once, in order
    assert [(p["user_id"], p["display_name"]) for p in task["assignee_people"]] == [
        (uid(world, "anggota"), "anggota"), (uid(world, "kepala_departemen"), "kepala_departemen")]
    assert (task["program_id"], task["organization_id"], task["period_id"]) == (
        world["ids"]["program"], world["ids"]["org"], world["ids"]["period"])
    assert task["priority"] == "tinggi" and task["milestone_id"] == milestone and task["completed_at"] is None
    assert task["late"] is False and task["created_by"] == uid(world, "pj")
    read = api.get(f"/tasks/{task['id']}", token=token(world, "pembina"))
    assert read.status == 200 and read.json == task and read.header("etag") == '"1"'
    history = api.get(f"/tasks/{task['id']}/history", token=world["ketua"]).json["items"]
    assert [(h["from_status"], h["to_status"], h["changed_by"]) for h in history] == [
        (None, "belum_dimulai", uid(world, "pj"))]


def test_priority_defaults_to_sedang(api, world):
    assert api.post(world["tasks"], token=world["ketua"], json={"title": "Rapat"}).json["priority"] == "sedang"


def test_a_task_through_its_lifecycle_and_reopened(api, world):
    task = api.post(world["tasks"], token=world["ketua"], json={"title": "Desain poster"}).json
    path = f"/tasks/{task['id']}/transitions"
    for to in ("dalam_progres", "ditunda", "dalam_progres", "review", "dalam_progres", "review", "selesai"):
        moved = api.post(path, token=world["ketua"], json={"to": to, "note": f"ke {to}"})
        assert moved.status == 200, moved.json
    assert moved.json["completed_at"] is not None and moved.json["allowed_transitions"] == ["dalam_progres"]
    reopened = api.post(path, token=world["pj"], json={"to": "dalam_progres", "note": "Revisi warna"})
    assert reopened.status == 200 and reopened.json["completed_at"] is None
    history = api.get(f"/tasks/{task['id']}/history", token=token(world, "anggota")).json["items"]
    assert [h["to_status"] for h in history] == ["belum_dimulai", "dalam_progres", "ditunda", "dalam_progres",
                                                 "review", "dalam_progres", "review", "selesai", "dalam_progres"]
    assert (history[-1]["note"], history[-1]["changed_by"]) == ("Revisi warna", uid(world, "pj"))
    cancelled = api.post(path, token=world["ketua"], json={"to": "dibatalkan"})
    assert cancelled.status == 200 and cancelled.json["allowed_transitions"] == []
    assert api.post(path, token=world["ketua"], json={"to": "dalam_progres"}).status == 409


def test_an_illegal_transition_lists_the_allowed_ones(api, world):
    task = api.post(world["tasks"], token=world["ketua"], json={"title": "Desain poster"}).json
    refused = api.post(f"/tasks/{task['id']}/transitions", token=world["ketua"], json={"to": "selesai"})
    assert refused.status == 409
    assert "dalam_progres, dibatalkan" in refused.json["detail"]
    assert refused.json["errors"][0]["field"] == "body.to"


# ---- dates and lateness ----

def test_dates_fall_within_the_programs_unless_the_request_says_otherwise(api, world):
    outside = api.post(world["tasks"], token=world["ketua"], json={"title": "Survei", "due_date": day(31)})
    assert outside.status == 422 and outside.json["errors"][0]["field"] == "body.due_date"
    assert "outside_program_dates" in outside.json["detail"]
    early = api.post(world["tasks"], token=world["ketua"], json={"title": "Survei", "start_date": day(-31)})
    assert early.status == 422 and early.json["errors"][0]["field"] == "body.start_date"
    allowed = api.post(world["tasks"], token=world["ketua"], json={
        "title": "Survei", "start_date": day(-31), "due_date": day(31), "outside_program_dates": True})
    assert allowed.status == 201, allowed.json
    path = f"/tasks/{allowed.json['id']}"
    # an unrelated edit does not trip over dates already outside
    assert api.patch(path, token=world["ketua"], json={"title": "Survei lokasi"}).status == 200
    moved = api.patch(path, token=world["ketua"], json={"due_date": day(32)})
    assert moved.status == 422 and moved.json["errors"][0]["field"] == "body.due_date"
    backwards = api.patch(path, token=world["ketua"], json={"due_date": day(-40), "outside_program_dates": True})
    assert backwards.status == 422 and backwards.json["errors"][0]["field"] == "body.due_date"


def test_late_is_derived_from_the_organizations_today(api, database, world):
    ids, people = world["ids"], world["people"]
    yesterday, tomorrow = TODAY - timedelta(days=1), TODAY + timedelta(days=1)
    late = make_task(database, ids["program"], uid(world, "ketua"), "dalam_progres", due_date=yesterday)
    on_time = make_task(database, ids["program"], uid(world, "ketua"), due_date=tomorrow)
    done = make_task(database, ids["program"], uid(world, "ketua"), "selesai", due_date=yesterday)
    cancelled = make_task(database, ids["program"], uid(world, "ketua"), "dibatalkan", due_date=yesterday)
    lateness = {t: api.get(f"/tasks/{t}", token=world["ketua"]).json["late"] for t in (late, on_time, done, cancelled)}
    assert lateness == {late: True, on_time: False, done: False, cancelled: False}
    # Its day is the organization's. D, the day before today at UTC+14, is today or tomorrow at UTC-12.
    due = make_task(database, ids["program"], uid(world, "ketua"), due_date=_local_today(database, "Etc/GMT-14") - ONE)
    for zone, late_there in (("Etc/GMT+12", False), ("Etc/GMT-14", True)):
        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute("update organization_service.organizations set time_zone = %s where id = %s",
                         (zone, ids["org"]))
        assert api.get(f"/tasks/{due}", token=world["ketua"]).json["late"] is late_there, zone
    listed = api.get(world["tasks"] + "?late=true", token=people["anggota"]["token"]).json["items"]
    assert {t["id"] for t in listed} == {late, due}


def _local_today(database_url: str, zone: str) -> date:
    with psycopg.connect(database_url) as conn:
        return conn.execute("select (now() at time zone %s)::date", (zone,)).fetchone()[0]


# ---- assignees ----

def test_assignees_are_active_members_of_the_period_and_replaced_as_a_list(api, database, world):
    task = api.post(world["tasks"], token=world["ketua"], json={"title": "Konsumsi",
                                                                "assignees": [uid(world, "anggota")]})
    path = f"/tasks/{task.json['id']}/assignees"
    for who in ("outsider", "pembina"):
        refused = api.put(path, token=world["ketua"], json={"assignees": [uid(world, "anggota"), uid(world, who)]})
        assert refused.status == 422 and refused.json["errors"][0]["field"] == "body.assignees.1", who
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("update organization_service.memberships set active = false where user_id = %s",
                     (uid(world, "bendahara"),))
    assert api.put(path, token=world["ketua"], json={"assignees": [uid(world, "bendahara")]}).status == 422
    replaced = api.put(path, token=world["ketua"], json={"assignees": [uid(world, "sekretaris"), uid(world, "pj")]},
                       headers={"If-Match": task.header("etag")})
    assert replaced.status == 200 and replaced.header("etag") == '"2"'
    assert replaced.json["assignees"] == [uid(world, "sekretaris"), uid(world, "pj")]
    same = api.put(path, token=world["ketua"], json={"assignees": [uid(world, "pj"), uid(world, "sekretaris")]})
    assert same.status == 200 and same.header("etag") == '"2"'  # nothing changed
    stale = api.put(path, token=world["ketua"], json={"assignees": []}, headers={"If-Match": '"1"'})
    assert stale.status == 412
    emptied = api.put(path, token=world["ketua"], json={"assignees": []})
    assert emptied.status == 200 and emptied.json["assignees"] == []


def test_an_assignee_moves_their_task_but_does_not_edit_or_reopen_it(api, database, world):
    task = make_task(database, world["ids"]["program"], uid(world, "ketua"), assignees=[uid(world, "anggota")])
    anggota = token(world, "anggota")
    for to in ("dalam_progres", "review", "selesai"):
        assert api.post(f"/tasks/{task}/transitions", token=anggota, json={"to": to}).status == 200
    assert api.post(f"/tasks/{task}/transitions", token=anggota, json={"to": "dalam_progres"}).status == 403
    assert api.patch(f"/tasks/{task}", token=anggota, json={"title": "Lain"}).status == 403
    assert api.put(f"/tasks/{task}/assignees", token=anggota, json={"assignees": []}).status == 403
    other = make_task(database, world["ids"]["program"], uid(world, "ketua"))
    assert api.post(f"/tasks/{other}/transitions", token=anggota, json={"to": "dalam_progres"}).status == 403


def test_the_sekretaris_manages_but_does_not_reopen(api, database, world):
    task = make_task(database, world["ids"]["program"], uid(world, "ketua"), "selesai")
    sekretaris = token(world, "sekretaris")
    assert api.patch(f"/tasks/{task}", token=sekretaris, json={"priority": "kritis"}).status == 200
    refused = api.post(f"/tasks/{task}/transitions", token=sekretaris, json={"to": "dalam_progres"})
    assert refused.status == 403 and "reopen" in refused.json["detail"]
    for who in ("ketua", "wakil_ketua", "kepala_departemen", "wakil_kepala_departemen", "pj"):
        task = make_task(database, world["ids"]["program"], uid(world, "ketua"), "selesai")
        assert api.post(f"/tasks/{task}/transitions", token=token(world, who), json={"to": "dalam_progres"}
                        ).status == 200, who


def test_a_milestone_must_be_the_programs(api, database, world):
    other_program = make_program(database, world["ids"], world["people"], "draft")
    foreign = make_milestone(database, other_program)
    refused = api.post(world["tasks"], token=world["ketua"], json={"title": "X", "milestone_id": foreign})
    assert refused.status == 422 and refused.json["errors"][0]["field"] == "body.milestone_id"
    task = api.post(world["tasks"], token=world["ketua"], json={"title": "X"}).json["id"]
    assert api.patch(f"/tasks/{task}", token=world["ketua"], json={"milestone_id": foreign}).status == 422
    own = make_milestone(database, world["ids"]["program"])
    assert api.patch(f"/tasks/{task}", token=world["ketua"], json={"milestone_id": own}).json["milestone_id"] == own
    assert api.patch(f"/tasks/{task}", token=world["ketua"], json={"milestone_id": None}).json["milestone_id"] is None


def test_delete(api, database, world):
    task = make_task(database, world["ids"]["program"], uid(world, "ketua"), assignees=[uid(world, "anggota")])
    assert api.delete(f"/tasks/{task}", token=world["ketua"], headers={"If-Match": '"2"'}).status == 412
    assert api.delete(f"/tasks/{task}", token=world["ketua"], headers={"If-Match": '"1"'}).status == 204
    assert api.get(f"/tasks/{task}", token=world["ketua"]).status == 404


# ---- read-only programs ----

@pytest.mark.parametrize("status", ["selesai", "dibatalkan", "ditolak"])
def test_tasks_of_a_final_program_are_read_only(api, database, world, status):
    program = make_program(database, world["ids"], world["people"], status)
    task = make_task(database, program, uid(world, "ketua"), "dalam_progres", assignees=[uid(world, "anggota")])
    ketua = world["ketua"]
    assert api.get(f"/tasks/{task}", token=ketua).status == 200
    assert api.post(f"/programs/{program}/tasks", token=ketua, json={"title": "X"}).status == 409
    assert api.patch(f"/tasks/{task}", token=ketua, json={"title": "X"}).status == 409
    assert api.post(f"/tasks/{task}/transitions", token=ketua, json={"to": "review"}).status == 409
    assert api.post(f"/tasks/{task}/transitions", token=token(world, "anggota"), json={"to": "review"}).status == 409
    assert api.put(f"/tasks/{task}/assignees", token=ketua, json={"assignees": []}).status == 409
    assert api.post(f"/tasks/{task}/comments", token=ketua, json={"body": "Halo"}).status == 409
    assert api.delete(f"/tasks/{task}", token=ketua).status == 409


def test_tasks_of_a_finished_period_are_read_only(api, database, world):
    people = world["people"]
    ids = make_world(database, people, period_status="selesai")
    program = make_program(database, ids, people, "dalam_progres")
    task = make_task(database, program, uid(world, "ketua"))
    ketua = world["ketua"]
    assert api.get(f"/tasks/{task}", token=ketua).status == 200
    assert api.post(f"/programs/{program}/tasks", token=ketua, json={"title": "X"}).status == 409
    assert api.patch(f"/tasks/{task}", token=ketua, json={"title": "X"}).status == 409
    assert api.post(f"/tasks/{task}/transitions", token=ketua, json={"to": "dalam_progres"}).status == 409


# ---- ETags ----

def test_patch_with_if_match(api, world):
    """The rule: If-Match is optional. Without it (or with *) the change applies to the current version;
    with it, it must be the current ETag, else 412 and nothing changes."""
    created = api.post(world["tasks"], token=world["ketua"], json={"title": "Sewa sound system"})
    path = f"/tasks/{created.json['id']}"
    first = api.patch(path, token=world["ketua"], json={"priority": "tinggi"}, headers={"If-Match": '"1"'})
    assert first.status == 200 and first.header("etag") == '"2"'
    stale = api.patch(path, token=world["ketua"], json={"priority": "rendah"}, headers={"If-Match": '"1"'})
    assert stale.status == 412 and stale.header("content-type") == "application/problem+json"
    assert api.patch(path, token=world["ketua"], json={"priority": "rendah"}, headers={"If-Match": 'W/"2"'}
                     ).status == 412
    assert api.get(path, token=world["ketua"]).json["priority"] == "tinggi"
    star = api.patch(path, token=world["ketua"], json={"priority": "rendah"}, headers={"If-Match": "*"})
    assert star.status == 200 and star.header("etag") == '"3"'
    unconditional = api.patch(path, token=world["ketua"], json={"priority": "kritis"})
    assert unconditional.status == 200 and unconditional.header("etag") == '"4"'
    assert api.post(f"{path}/transitions", token=world["ketua"], json={"to": "dalam_progres"},
                    headers={"If-Match": '"3"'}).status == 412
    moved = api.post(f"{path}/transitions", token=world["ketua"], json={"to": "dalam_progres"},
                     headers={"If-Match": '"4"'})
    assert moved.status == 200 and moved.header("etag") == '"5"'


def test_twenty_concurrent_patches_with_the_same_etag_one_wins(api, world, monkeypatch):
    monkeypatch.setenv("DB_POOL_MAX_SIZE", "25")
    reset_settings()
    db.close_pool()
    try:
        task = api.post(world["tasks"], token=world["ketua"], json={"title": "Sewa tenda"}).json["id"]
        actor = verify_access_token(world["ketua"])
        barrier = threading.Barrier(20)

        def patch(n: int) -> str:
            barrier.wait()
            with task_store(actor) as store:
                try:
                    service.update_task(store, actor, uuid.UUID(task), TaskUpdate(title=f"Tenda {n}"), 1)
                except StaleVersion:
                    return "412"
            return "200"

        with ThreadPoolExecutor(20) as pool:
            outcomes = list(pool.map(patch, range(20)))
    finally:
        monkeypatch.delenv("DB_POOL_MAX_SIZE")
        reset_settings()
        db.close_pool()
    assert sorted(outcomes) == ["200"] + ["412"] * 19
    assert api.get(f"/tasks/{task}", token=world["ketua"]).header("etag") == '"2"'


# ---- lists ----

def test_program_list_filters_search_and_pages(api, database, world):
    ids, ketua = world["ids"], world["ketua"]
    milestone = make_milestone(database, ids["program"])
    anggota = uid(world, "anggota")
    made = [make_task(database, ids["program"], uid(world, "ketua"), title=f"Tugas {n}",
                      description="Diskon 50% sponsor" if n % 2 else None,
                      due_date=TODAY + timedelta(days=n - 3) if n < 6 else None,
                      priority="kritis" if n == 3 else "sedang", milestone_id=milestone if n < 2 else None,
                      status="review" if n == 4 else "belum_dimulai", assignees=[anggota] if n in (1, 5) else [])
            for n in range(7)]
    make_task(database, make_program(database, ids, world["people"]), uid(world, "ketua"), title="Lain")

    def titles(query: str) -> list[str]:
        response = api.get(world["tasks"] + query, token=token(world, "pembina"))
        assert response.status == 200, response.json
        return [t["title"] for t in response.json["items"]]

    assert titles("") == [f"Tugas {n}" for n in range(7)]  # soonest due first, undated last
    assert titles("?status=review") == ["Tugas 4"]
    assert titles(f"?assignee={anggota}") == ["Tugas 1", "Tugas 5"]
    assert titles(f"?milestone_id={milestone}") == ["Tugas 0", "Tugas 1"]
    assert titles("?priority=kritis") == ["Tugas 3"]
    assert titles("?late=true") == ["Tugas 0", "Tugas 1", "Tugas 2"]  # due today is not late yet
    assert titles("?late=false") == ["Tugas 3", "Tugas 4", "Tugas 5", "Tugas 6"]
    assert titles("?q=50%25") == ["Tugas 1", "Tugas 3", "Tugas 5"]
    assert titles("?q=tugas%206") == ["Tugas 6"]
    seen, cursor = [], None
    while True:
        page = api.get(world["tasks"] + "?limit=2" + (f"&cursor={cursor}" if cursor else ""), token=ketua).json
        seen += [t["id"] for t in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == made
    assert api.get(world["tasks"], token=token(world, "outsider")).status == 404
    assert api.get(f"/programs/{NOBODY}/tasks", token=ketua).status == 404


def test_my_tasks_across_my_organizations(api, database, world):
    people, anggota = world["people"], uid(world, "anggota")
    second = make_world(database, people)  # the same people in a second organization
    second_program = make_program(database, second, people, "dalam_progres")
    yesterday = TODAY - timedelta(days=1)
    mine = [make_task(database, world["ids"]["program"], uid(world, "ketua"), title="A", due_date=yesterday,
                      status="dalam_progres", assignees=[anggota]),
            make_task(database, second_program, uid(world, "ketua"), title="B", due_date=TODAY + timedelta(days=3),
                      assignees=[anggota, uid(world, "pj")]),
            make_task(database, second_program, uid(world, "ketua"), title="C", status="selesai", assignees=[anggota])]
    make_task(database, second_program, uid(world, "ketua"), title="Not mine", assignees=[uid(world, "pj")])

    def titles(query: str = "") -> list[str]:
        response = api.get("/me/tasks" + query, token=token(world, "anggota"))
        assert response.status == 200, response.json
        return [t["title"] for t in response.json["items"]]

    assert titles() == ["A", "B", "C"]
    assert titles("?status=selesai") == ["C"]
    assert titles("?late=true") == ["A"]
    assert titles("?late=false") == ["B", "C"]
    assert titles(f"?due_before={(TODAY + timedelta(days=1)).isoformat()}") == ["A"]
    first = api.get("/me/tasks?limit=2", token=token(world, "anggota")).json
    rest = api.get(f"/me/tasks?limit=2&cursor={first['next_cursor']}", token=token(world, "anggota")).json
    assert [t["id"] for t in first["items"] + rest["items"]] == mine and rest["next_cursor"] is None
    assert api.get("/me/tasks", token=token(world, "outsider")).json == {"items": [], "next_cursor": None}


def _counting(monkeypatch) -> list[str]:
    counted: list[str] = []
    original = db.Transaction.execute

    def counting(self: db.Transaction, query: Any, params: Any = None) -> Any:
        counted.append(str(query))
        return original(self, query, params)

    monkeypatch.setattr(db.Transaction, "execute", counting)
    return counted


@pytest.mark.parametrize("listing", ["program", "mine"])
def test_a_list_runs_the_same_number_of_statements_whatever_the_page_size(api, database, world, monkeypatch,
                                                                          listing):
    for n in range(30):
        make_task(database, world["ids"]["program"], uid(world, "ketua"), title=f"T{n}",
                  assignees=[uid(world, "anggota"), uid(world, "pj")])
    path = world["tasks"] if listing == "program" else "/me/tasks"
    counted = _counting(monkeypatch)
    counts = []
    for limit in (1, 10, 30):
        counted.clear()
        response = api.get(f"{path}?limit={limit}", token=token(world, "anggota"))
        items = response.json["items"]
        assert len(items) == limit and all(len(t["assignees"]) == 2 for t in items)
        assert all([(p["user_id"], p["display_name"]) for p in t["assignee_people"]]
                   == list(zip(t["assignees"], ("anggota", "pj"), strict=True)) for t in items)
        counts.append(len(counted))
    assert counts[0] == counts[1] == counts[2], counts


def test_a_task_list_names_its_assignees_in_their_order(api, database, world):
    anggota, pj, kepala = uid(world, "anggota"), uid(world, "pj"), uid(world, "kepala_departemen")
    task = make_task(database, world["ids"]["program"], uid(world, "ketua"), title="Sewa gedung",
                     assignees=[pj, anggota])
    make_task(database, world["ids"]["program"], uid(world, "ketua"), title="Konsumsi", assignees=[kepala])
    make_task(database, world["ids"]["program"], uid(world, "ketua"), title="Dokumentasi")
    for path, who in ((world["tasks"], "pembina"), ("/me/tasks", "anggota")):
        listed = {t["title"]: t for t in api.get(path, token=token(world, who)).json["items"]}
        assert [(p["user_id"], p["display_name"]) for p in listed["Sewa gedung"]["assignee_people"]] == [
            (pj, "pj"), (anggota, "anggota")]
        assert listed["Sewa gedung"]["assignees"] == [pj, anggota]
    listed = {t["title"]: t for t in api.get(world["tasks"], token=token(world, "bendahara")).json["items"]}
    assert listed["Konsumsi"]["assignee_people"] == [{"user_id": kepala, "display_name": "kepala_departemen"}]
    assert listed["Dokumentasi"]["assignee_people"] == []
    assert api.get(f"/tasks/{task}", token=token(world, "bendahara")).json["assignee_people"] == listed[
        "Sewa gedung"]["assignee_people"]


def test_an_assignee_without_a_profile_is_listed_with_a_null_name(api, database, world):
    anggota, pj = uid(world, "anggota"), uid(world, "pj")
    task = make_task(database, world["ids"]["program"], uid(world, "ketua"), assignees=[anggota, pj])
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("delete from user_service.profiles where user_id = %s", (pj,))
    response = api.get(world["tasks"], token=world["ketua"])
    assert response.status == 200
    assert response.json["items"][0]["assignee_people"] == [{"user_id": anggota, "display_name": "anggota"},
                                                             {"user_id": pj, "display_name": None}]
    assert api.get(f"/tasks/{task}", token=world["ketua"]).json["assignee_people"][1] == {
        "user_id": pj, "display_name": None}


# ---- comments ----

def test_comments(api, database, world):
    task = make_task(database, world["ids"]["program"], uid(world, "ketua"))
    path = f"/tasks/{task}/comments"
    for n, who in enumerate(("anggota", "pembina", "bendahara")):
        created = api.post(path, token=token(world, who), json={"body": f"  Komentar {n}  "})
        assert created.status == 201, created.json
        assert created.json["body"] == f"Komentar {n}" and created.json["author_id"] == uid(world, who)
        assert created.json["author_name"] == who
    assert api.post(path, token=token(world, "outsider"), json={"body": "Halo"}).status == 404
    first = api.get(path + "?limit=2", token=token(world, "wakil_ketua")).json
    rest = api.get(f"{path}?limit=2&cursor={first['next_cursor']}", token=world["ketua"]).json
    assert [c["body"] for c in first["items"] + rest["items"]] == ["Komentar 0", "Komentar 1", "Komentar 2"]
    assert [c["author_name"] for c in first["items"] + rest["items"]] == ["anggota", "pembina", "bendahara"]
    assert rest["next_cursor"] is None
    assert api.get(path, token=token(world, "outsider")).status == 404


def test_a_page_of_comments_is_a_constant_number_of_statements_with_the_authors_names(api, database, world,
                                                                                    monkeypatch):
    task = make_task(database, world["ids"]["program"], uid(world, "ketua"))
    authors = ("anggota", "pembina", "bendahara", "pj", "ketua")
    with psycopg.connect(database, autocommit=True) as conn:
        for n in range(30):
            conn.execute("insert into task_service.task_comments (task_id, author_id, body) values (%s, %s, %s)",
                         (task, uid(world, authors[n % 5]), f"Komentar {n}"))
    counted = _counting(monkeypatch)
    counts = []
    for limit in (1, 10, 30):
        counted.clear()
        items = api.get(f"/tasks/{task}/comments?limit={limit}", token=token(world, "anggota")).json["items"]
        assert len(items) == limit and [c["author_name"] for c in items] == [authors[n % 5] for n in range(limit)]
        counts.append(len(counted))
    assert counts[0] == counts[1] == counts[2], counts


def test_a_former_member_neither_reads_nor_comments(api, database, world):
    # who left the organization loses its current work (docs/decisions/0013-former-members-and-board-secrets.md)
    task = make_task(database, world["ids"]["program"], uid(world, "ketua"))
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("update organization_service.memberships set active = false where user_id = %s",
                     (uid(world, "anggota"),))
    assert api.get(f"/tasks/{task}", token=token(world, "anggota")).status == 404
    assert api.post(f"/tasks/{task}/comments", token=token(world, "anggota"), json={"body": "Halo"}).status == 404
    assert api.get(f"/tasks/{task}/comments", token=world["ketua"]).json["items"] == []


# ---- bulk ----

def test_bulk_transition_moves_all(api, database, world):
    tasks = [make_task(database, world["ids"]["program"], uid(world, "ketua"), "dalam_progres") for _ in range(3)]
    moved = api.post("/tasks/bulk-transitions", token=world["pj"],
                     json={"task_ids": tasks, "to": "review", "note": "Siap diperiksa"})
    assert moved.status == 200, moved.json
    assert [t["id"] for t in moved.json["items"]] == tasks and {t["status"] for t in moved.json["items"]} == {"review"}
    history = api.get(f"/tasks/{tasks[1]}/history", token=world["ketua"]).json["items"]
    assert (history[-1]["to_status"], history[-1]["note"]) == ("review", "Siap diperiksa")


def test_bulk_transition_is_all_or_nothing_with_a_reason_per_task(api, database, world):
    program = world["ids"]["program"]
    ready = make_task(database, program, uid(world, "ketua"), "dalam_progres")
    illegal = make_task(database, program, uid(world, "ketua"), "belum_dimulai")
    final = make_task(database, make_program(database, world["ids"], world["people"], "selesai"),
                      uid(world, "ketua"), "dalam_progres")
    ids = [ready, illegal, NOBODY, final]
    refused = api.post("/tasks/bulk-transitions", token=world["ketua"], json={"task_ids": ids, "to": "review"})
    assert refused.status == 409, refused.json
    errors = refused.json["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [
        ("body.task_ids.1", "illegal_transition"), ("body.task_ids.2", "not_found"), ("body.task_ids.3", "read_only")]
    assert illegal in errors[0]["message"] and "dalam_progres, dibatalkan" in errors[0]["message"]
    assert api.get(f"/tasks/{ready}", token=world["ketua"]).json["status"] == "dalam_progres"  # nothing moved
    anggota_task = make_task(database, program, uid(world, "ketua"), "dalam_progres", assignees=[uid(world, "anggota")])
    forbidden = api.post("/tasks/bulk-transitions", token=token(world, "anggota"),
                         json={"task_ids": [anggota_task, ready], "to": "review"})
    assert forbidden.status == 403 and [e["field"] for e in forbidden.json["errors"]] == ["body.task_ids.1"]
    assert api.get(f"/tasks/{anggota_task}", token=world["ketua"]).json["status"] == "dalam_progres"


# ---- bad input ----

TABLES = ("tasks", "task_assignees", "task_status_history", "task_comments")
LONG = "x" * 5001
CASES = [
    ("POST", "/programs/{program}/tasks", {}, "body.title"),
    ("POST", "/programs/{program}/tasks", {"title": " "}, "body.title"),
    ("POST", "/programs/{program}/tasks", {"title": "x" * 201}, "body.title"),
    ("POST", "/programs/{program}/tasks", {"title": "X", "priority": "urgent"}, "body.priority"),
    ("POST", "/programs/{program}/tasks", {"title": "X", "status": "selesai"}, "body.status"),
    ("POST", "/programs/{program}/tasks", {"title": "X", "due_date": "besok"}, "body.due_date"),
    ("POST", "/programs/{program}/tasks", {"title": "X", "due_date": "0"}, "body.due_date"),
    ("POST", "/programs/{program}/tasks", {"title": "X", "start_date": 20260301}, "body.start_date"),
    ("POST", "/programs/{program}/tasks", {"title": "X", "start_date": day(5), "due_date": day(4)},
     "body.due_date"),
    ("POST", "/programs/{program}/tasks", {"title": "X", "due_date": day(31)}, "body.due_date"),
    ("POST", "/programs/{program}/tasks", {"title": "X", "outside_program_dates": "yes"}, "body.outside_program_dates"),
    ("POST", "/programs/{program}/tasks", {"title": "X", "milestone_id": "m1"}, "body.milestone_id"),
    ("POST", "/programs/{program}/tasks", {"title": "X", "milestone_id": "{nobody}"}, "body.milestone_id"),
    ("POST", "/programs/{program}/tasks", {"title": "X", "assignees": "{anggota}"}, "body.assignees"),
    ("POST", "/programs/{program}/tasks", {"title": "X", "assignees": ["{outsider}"]}, "body.assignees.0"),
    ("POST", "/programs/{program}/tasks", {"title": "X", "assignees": [str(uuid.uuid4()) for _ in range(21)]},
     "body.assignees"),
    ("POST", "/programs/{program}/tasks", {"title": "X", "description": "x" * 10001}, "body.description"),
    ("POST", "/programs/nope/tasks", {"title": "X"}, "path.program_id"),
    ("PATCH", "/tasks/{task}", {"status": "selesai"}, "body.status"),
    ("PATCH", "/tasks/{task}", {"priority": None, "title": ""}, "body.title"),
    ("PATCH", "/tasks/{task}", {"start_date": day(20)}, "body.due_date"),
    ("PATCH", "/tasks/{task}", {"program_id": "{program}"}, "body.program_id"),
    ("PATCH", "/tasks/not-a-uuid", {"title": "X"}, "path.task_id"),
    ("DELETE", "/tasks/42", None, "path.task_id"),
    ("GET", "/tasks/nope", None, "path.task_id"),
    ("POST", "/tasks/{task}/transitions", {}, "body.to"),
    ("POST", "/tasks/{task}/transitions", {"to": "done"}, "body.to"),
    ("POST", "/tasks/{task}/transitions", {"to": "dalam_progres", "note": "x" * 2001}, "body.note"),
    ("GET", "/tasks/nope/history", None, "path.task_id"),
    ("PUT", "/tasks/{task}/assignees", {}, "body.assignees"),
    ("PUT", "/tasks/{task}/assignees", {"assignees": ["ketua"]}, "body.assignees.0"),
    ("PUT", "/tasks/{task}/assignees", {"assignees": ["{anggota}", "{pembina}"]}, "body.assignees.1"),
    ("POST", "/tasks/{task}/comments", {}, "body.body"),
    ("POST", "/tasks/{task}/comments", {"body": "   "}, "body.body"),
    ("POST", "/tasks/{task}/comments", {"body": LONG}, "body.body"),
    ("GET", "/tasks/{task}/comments?cursor=nope", None, "query.cursor"),
    ("GET", "/tasks/{task}/comments?limit=0", None, "query.limit"),
    ("GET", "/programs/{program}/tasks?status=done", None, "query.status"),
    ("GET", "/programs/{program}/tasks?priority=urgent", None, "query.priority"),
    ("GET", "/programs/{program}/tasks?assignee=ketua", None, "query.assignee"),
    ("GET", "/programs/{program}/tasks?milestone_id=1", None, "query.milestone_id"),
    ("GET", "/programs/{program}/tasks?late=maybe", None, "query.late"),
    ("GET", "/programs/{program}/tasks?q=", None, "query.q"),
    ("GET", "/programs/{program}/tasks?limit=101", None, "query.limit"),
    ("GET", "/programs/{program}/tasks?cursor=not-a-cursor", None, "query.cursor"),
    ("GET", "/me/tasks?due_before=soon", None, "query.due_before"),
    ("GET", "/me/tasks?due_before=0", None, "query.due_before"),
    ("GET", "/me/tasks?status=late", None, "query.status"),
    ("GET", "/me/tasks?late=2", None, "query.late"),
    ("GET", "/me/tasks?cursor=eyJ4IjoxfQ", None, "query.cursor"),
    ("POST", "/tasks/bulk-transitions", {"task_ids": [], "to": "review"}, "body.task_ids"),
    ("POST", "/tasks/bulk-transitions", {"task_ids": ["{task}"]}, "body.to"),
    ("POST", "/tasks/bulk-transitions", {"task_ids": ["t1"], "to": "review"}, "body.task_ids.0"),
    ("POST", "/tasks/bulk-transitions", {"task_ids": [str(uuid.uuid4()) for _ in range(101)], "to": "review"},
     "body.task_ids"),
]


def snapshot(database_url: str) -> dict[str, list]:
    with psycopg.connect(database_url) as conn:
        tables = {t: conn.execute(f"select * from task_service.{t} order by 1, 2").fetchall() for t in TABLES}
        tables["outbox"] = conn.execute("select count(*) from events.outbox").fetchall()
        return tables


@pytest.mark.parametrize(("method", "path", "body", "field"), CASES)
def test_bad_input_is_a_clear_problem_and_changes_nothing(api, database, world, method, path, body, field):
    ids = {**world["ids"], "nobody": NOBODY, **{who: uid(world, who) for who in ("anggota", "outsider", "pembina")},
           "task": make_task(database, world["ids"]["program"], uid(world, "ketua"), start_date=day(2),
                             due_date=day(10))}

    def fill(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: fill(item) for key, item in value.items()}
        if isinstance(value, list):
            return [fill(item) for item in value]
        return value.format(**ids) if isinstance(value, str) else value

    before = snapshot(database)
    response = api.request(method, path.format(**ids), token=world["ketua"], json=fill(body))
    assert response.status == 422, response.json
    assert response.header("content-type") == "application/problem+json"
    assert field in [e["field"] for e in response.json["errors"]], response.json
    assert snapshot(database) == before


def test_unknown_ids_are_404(api, world):
    for method, path, body in (
            ("GET", f"/tasks/{NOBODY}", None), ("PATCH", f"/tasks/{NOBODY}", {}), ("DELETE", f"/tasks/{NOBODY}", None),
            ("GET", f"/tasks/{NOBODY}/history", None), ("POST", f"/tasks/{NOBODY}/transitions", {"to": "review"}),
            ("PUT", f"/tasks/{NOBODY}/assignees", {"assignees": []}),
            ("POST", f"/tasks/{NOBODY}/comments", {"body": "x"}), ("GET", f"/tasks/{NOBODY}/comments", None),
            ("POST", f"/programs/{NOBODY}/tasks", {"title": "X"}), ("GET", f"/programs/{NOBODY}/tasks", None)):
        assert api.request(method, path, token=world["ketua"], json=body).status == 404, path


def test_health_is_public(api, database):
    response = api.get("/tasks/health")
    assert response.status == 200 and response.json == {"status": "ok", "service": "tasks", "database": "ok"}


# ---- the progress contract ----

def test_progress_counts(api, database, world):
    ids, ketua = world["ids"], uid(world, "ketua")
    milestone = make_milestone(database, ids["program"])
    yesterday = TODAY - timedelta(days=1)
    for status, due, in_milestone in (("selesai", yesterday, True), ("dalam_progres", yesterday, True),
                                      ("belum_dimulai", None, False), ("dibatalkan", yesterday, False),
                                      ("review", yesterday, False)):
        make_task(database, ids["program"], ketua, status, due_date=due,
                  milestone_id=milestone if in_milestone else None)
    query = "select * from program_service.progress_counts(%s::uuid[]) order by milestone_id nulls last"
    expected = [(uuid.UUID(ids["program"]), uuid.UUID(milestone), 2, 1, 1), (uuid.UUID(ids["program"]), None, 2, 0, 1)]
    with psycopg.connect(database) as conn:
        assert conn.execute(query, ([ids["program"]],)).fetchall() == expected  # a service (no caller)
        conn.execute("set role service_role")
        assert conn.execute(query, ([ids["program"]],)).fetchall() == expected
    for who, answer in (("pembina", expected), ("outsider", [])):
        with as_user(database, uid(world, who)) as conn:
            assert conn.execute(query, ([ids["program"]],)).fetchall() == answer, who


def test_progress_counts_are_fast_for_twenty_thousand_tasks(database, world):
    """200 programs of 100 tasks each, counted in one call: local_today once per organization."""
    ids = world["ids"]
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("set session_replication_role = replica")  # bulk setup: no triggers
        programs = [row[0] for row in conn.execute(
            "insert into program_service.programs (organization_id, period_id, name, type, status, created_by)"
            " select %s, %s, 'P' || n, 'event', 'dalam_progres', %s from generate_series(1, 200) n returning id",
            (ids["org"], ids["period"], uid(world, "ketua"))).fetchall()]
        conn.execute("insert into task_service.tasks (program_id, organization_id, period_id, title, status,"
                     " completed_at, due_date, created_by)"
                     " select p, %s, %s, 'T' || n, s, case when s = 'selesai' then now() end,"
                     "        current_date + (n %% 20) - 10, %s"
                     " from unnest(%s::uuid[]) p, generate_series(1, 100) n,"
                     "      lateral (select (array['belum_dimulai', 'dalam_progres', 'selesai', 'dibatalkan'])"
                     "               [1 + n %% 4] as s) s",
                     (ids["org"], ids["period"], uid(world, "ketua"), programs))
        conn.execute("analyze task_service.tasks")
    with as_user(database, uid(world, "pembina")) as conn:
        started = time.perf_counter()
        rows = conn.execute("select * from program_service.progress_counts(%s::uuid[])", (programs,)).fetchall()
        elapsed = time.perf_counter() - started
    assert len(rows) == 200 and sum(row[2] for row in rows) == 15_000  # cancelled tasks do not count
    assert elapsed < 0.5, f"progress_counts took {elapsed:.3f} s for 20,000 tasks"
