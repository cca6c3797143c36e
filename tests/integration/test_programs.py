"""Programs through their functions, on real PostgreSQL: every endpoint, ETags and lost updates,
lists, and bad input."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg
import pytest

from functions.programs import service
from functions.programs.models import ProgramUpdate
from functions.programs.repository import program_store
from shared import db
from shared.config import reset_settings
from shared.errors import StaleVersion
from shared.identity import verify_access_token
from tests.support.programs import make_program, make_world, register_people

NOBODY = "00000000-0000-0000-0000-000000000000"


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    people = register_people(api, uuid.uuid4().hex[:6])
    ids = make_world(database, people)
    return {"people": people, "ids": ids, "ketua": people["ketua"]["token"]}


def new_program(world: dict[str, Any], **fields: Any) -> dict[str, Any]:
    ids = world["ids"]
    return {"organization_id": ids["org"], "period_id": ids["period"], "name": "Seminar Nasional AI",
            "type": "event", **fields}


def test_create_read_and_its_fields(api, world):
    ids, people = world["ids"], world["people"]
    body = new_program(world, department_id=ids["dept"], code="SEMNAS-01", description="Seminar tahunan",
                       objectives="Wawasan AI", target_group="Mahasiswa", success_indicators="300 peserta",
                       location="Aula Utama", planned_start="2026-03-01", planned_end="2026-03-02",
                       person_in_charge=people["pj"]["id"], budget_planned="15000000.50")
    created = api.post("/programs", token=world["ketua"], json=body)
    assert created.status == 201, created.json
    assert created.header("etag") == '"1"'
    program = created.json
    assert program["status"] == "draft" and program["allowed_transitions"] == ["diajukan"]
    assert program["budget_planned"] == "15000000.50"  # exact rupiah, as a decimal string
    assert program["created_by"] == people["ketua"]["id"] and program["cancel_reason"] is None
    assert (program["person_in_charge_name"], program["department_name"]) == ("pj", "Riset")
    read = api.get(f"/programs/{program['id']}", token=world["people"]["pembina"]["token"])
    assert read.status == 200 and read.json == program and read.header("etag") == '"1"'
    history = api.get(f"/programs/{program['id']}/history", token=world["ketua"]).json["items"]
    assert [(h["from_status"], h["to_status"], h["changed_by"]) for h in history] == [
        (None, "draft", people["ketua"]["id"])]


def test_a_program_through_its_lifecycle(api, world):
    program = api.post("/programs", token=world["ketua"], json=new_program(world)).json
    path = f"/programs/{program['id']}/transitions"
    for to in ("diajukan", "revisi", "diajukan", "disetujui", "dalam_progres", "ditunda", "dalam_progres",
               "selesai"):
        moved = api.post(path, token=world["ketua"], json={"to": to, "note": f"ke {to}"})
        assert moved.status == 200, moved.json
    assert moved.json["actual_start"] and moved.json["actual_end"] and moved.json["allowed_transitions"] == []
    history = api.get(f"/programs/{program['id']}/history", token=world["people"]["anggota"]["token"]).json
    assert [h["to_status"] for h in history["items"]] == ["draft", "diajukan", "revisi", "diajukan", "disetujui",
                                                         "dalam_progres", "ditunda", "dalam_progres", "selesai"]
    refused = api.request("PATCH", f"/programs/{program['id']}", token=world["ketua"], json={"name": "Lagi"})
    assert refused.status == 409  # selesai is final: read-only


def test_cancelling_needs_a_reason_and_keeps_it(api, database, world):
    program = make_program(database, world["ids"], world["people"], "disetujui")
    path = f"/programs/{program}/transitions"
    refused = api.post(path, token=world["ketua"], json={"to": "dibatalkan"})
    assert refused.status == 422 and refused.json["errors"][0]["field"] == "body.note"
    cancelled = api.post(path, token=world["ketua"], json={"to": "dibatalkan", "note": "Dana tidak turun"})
    assert cancelled.status == 200 and cancelled.json["cancel_reason"] == "Dana tidak turun"


def test_only_drafts_are_deleted(api, database, world):
    draft = api.post("/programs", token=world["ketua"], json=new_program(world)).json["id"]
    submitted = make_program(database, world["ids"], world["people"], "diajukan")
    assert api.request("DELETE", f"/programs/{submitted}", token=world["ketua"]).status == 409
    assert api.request("DELETE", f"/programs/{draft}", token=world["ketua"]).status == 204
    assert api.get(f"/programs/{draft}", token=world["ketua"]).status == 404


def test_a_draft_with_tasks_is_not_deleted(api, world):
    # tasks live in the tasks service's schema: deleting the program would orphan them
    draft = api.post("/programs", token=world["ketua"], json=new_program(world)).json["id"]
    task = api.post(f"/programs/{draft}/tasks", token=world["ketua"], json={"title": "Sewa aula"}).json["id"]
    refused = api.request("DELETE", f"/programs/{draft}", token=world["ketua"])
    assert refused.status == 409 and "1 task" in refused.json["detail"]
    cancelled = api.post(f"/tasks/{task}/transitions", token=world["ketua"], json={"to": "dibatalkan"})
    assert cancelled.status == 200, cancelled.json
    assert api.request("DELETE", f"/programs/{draft}", token=world["ketua"]).status == 409  # cancelled ones too
    assert api.request("DELETE", f"/tasks/{task}", token=world["ketua"]).status == 204
    assert api.request("DELETE", f"/programs/{draft}", token=world["ketua"]).status == 204


def test_the_person_in_charge_must_be_an_active_member_of_the_period(api, world):
    people = world["people"]
    refused = api.post("/programs", token=world["ketua"],
                       json=new_program(world, person_in_charge=people["outsider"]["id"]))
    assert refused.status == 422 and refused.json["errors"][0]["field"] == "body.person_in_charge"
    program = api.post("/programs", token=world["ketua"], json=new_program(world)).json["id"]
    assert api.request("PATCH", f"/programs/{program}", token=world["ketua"],
                       json={"person_in_charge": people["outsider"]["id"]}).status == 422
    assert api.request("PATCH", f"/programs/{program}", token=world["ketua"],
                       json={"person_in_charge": people["anggota"]["id"]}).status == 200


def test_codes_are_unique_in_a_period(api, world):
    assert api.post("/programs", token=world["ketua"], json=new_program(world, code="BAKSOS")).status == 201
    taken = api.post("/programs", token=world["ketua"], json=new_program(world, code="baksos"))
    assert taken.status == 409 and taken.json["errors"][0]["field"] == "body.code"


# ---- ETags ----

def test_patch_with_if_match(api, world):
    """The rule: If-Match is optional. Without it (or with *) the change applies to the current version;
    with it, it must be the current ETag, else 412 and nothing changes."""
    created = api.post("/programs", token=world["ketua"], json=new_program(world))
    path = f"/programs/{created.json['id']}"
    first = api.request("PATCH", path, token=world["ketua"], json={"location": "Aula"},
                        headers={"If-Match": created.header("etag")})
    assert first.status == 200 and first.header("etag") == '"2"'
    stale = api.request("PATCH", path, token=world["ketua"], json={"location": "Lab"},
                        headers={"If-Match": created.header("etag")})
    assert stale.status == 412 and stale.header("content-type") == "application/problem+json"
    weak = api.request("PATCH", path, token=world["ketua"], json={"location": "Lab"}, headers={"If-Match": 'W/"2"'})
    assert weak.status == 412
    assert api.get(path, token=world["ketua"]).json["location"] == "Aula"
    unconditional = api.request("PATCH", path, token=world["ketua"], json={"location": "Lab"})
    assert unconditional.status == 200 and unconditional.header("etag") == '"3"'
    transition = api.post(f"{path}/transitions", token=world["ketua"], json={"to": "diajukan"},
                          headers={"If-Match": '"2"'})
    assert transition.status == 412
    assert api.request("DELETE", path, token=world["ketua"], headers={"If-Match": '"2"'}).status == 412
    assert api.request("DELETE", path, token=world["ketua"], headers={"If-Match": '"3"'}).status == 204


def test_twenty_concurrent_patches_with_the_same_etag_one_wins(api, world, monkeypatch):
    monkeypatch.setenv("DB_POOL_MAX_SIZE", "25")
    reset_settings()
    db.close_pool()
    try:
        program = api.post("/programs", token=world["ketua"], json=new_program(world)).json["id"]
        actor = verify_access_token(world["ketua"])
        barrier = threading.Barrier(20)

        def patch(n: int) -> str:
            barrier.wait()
            with program_store(actor) as store:
                try:
                    service.update_program(store, actor, uuid.UUID(program), ProgramUpdate(location=f"Ruang {n}"), 1)
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
    read = api.get(f"/programs/{program}", token=world["ketua"])
    assert read.header("etag") == '"2"'


# ---- lists ----

def test_list_filters_search_and_pages(api, database, world):
    ids, people, ketua = world["ids"], world["people"], world["ketua"]
    made = [api.post("/programs", token=ketua, json=new_program(
        world, name=f"Program {n}", description="Pelatihan 100% daring" if n % 2 else None,
        department_id=ids["dept"] if n < 3 else ids["other_dept"],
        person_in_charge=people["pj"]["id"] if n == 4 else None)).json["id"] for n in range(6)]
    make_program(database, ids, people, "diajukan", name="Diajukan")
    listed = f"/programs?organization_id={ids['org']}"

    def names(query: str) -> list[str]:
        response = api.get(listed + query, token=ketua)
        assert response.status == 200, response.json
        return [p["name"] for p in response.json["items"]]

    assert names("") == ["Diajukan", *(f"Program {n}" for n in reversed(range(6)))]
    assert names(f"&department_id={ids['dept']}") == ["Diajukan", "Program 2", "Program 1", "Program 0"]
    assert names("&status=diajukan") == ["Diajukan"]
    assert set(names(f"&person_in_charge={people['pj']['id']}")) == {"Program 4", "Diajukan"}
    assert names("&q=100%25") == ["Program 5", "Program 3", "Program 1"]
    assert names("&q=program%203") == ["Program 3"]
    assert names(f"&period_id={ids['period']}&status=selesai") == []
    seen, cursor = [], None
    while True:
        page = api.get(listed + "&limit=3" + (f"&cursor={cursor}" if cursor else ""), token=ketua).json
        seen += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 7 and set(made) <= set(seen)
    assert api.get(listed, token=people["outsider"]["token"]).status == 404
    assert api.get("/programs", token=people["outsider"]["token"]).json["items"] == []


def test_a_list_runs_the_same_number_of_statements_whatever_the_page_size(api, database, world, monkeypatch):
    for n in range(30):
        make_program(database, world["ids"], world["people"], name=f"P{n}")
    counted: list[str] = []
    original = db.Transaction.execute

    def counting(self: db.Transaction, query: Any, params: Any = None) -> Any:
        counted.append(str(query))
        return original(self, query, params)

    monkeypatch.setattr(db.Transaction, "execute", counting)
    counts = []
    for limit in (1, 10, 30):
        counted.clear()
        response = api.get(f"/programs?organization_id={world['ids']['org']}&limit={limit}", token=world["ketua"])
        assert len(response.json["items"]) == limit
        assert {(p["person_in_charge_name"], p["department_name"]) for p in response.json["items"]} == {
            ("pj", "Riset")}
        counts.append(len(counted))
    assert counts[0] == counts[1] == counts[2], counts


def test_a_program_names_its_person_in_charge_and_department(api, database, world):
    ids, people = world["ids"], world["people"]
    led = make_program(database, ids, people, name="Seminar")
    other = make_program(database, ids, people, name="Bakti sosial", department_id=ids["other_dept"],
                         person_in_charge=people["kepala_lain"]["id"])
    bare = make_program(database, ids, people, name="Rapat kerja", department_id=None, person_in_charge=None)
    listed = {p["name"]: (p["person_in_charge_name"], p["department_name"]) for p in api.get(
        f"/programs?organization_id={ids['org']}", token=people["anggota"]["token"]).json["items"]}
    assert listed == {"Seminar": ("pj", "Riset"), "Bakti sosial": ("kepala_lain", "Humas"), "Rapat kerja": (None, None)}
    for program, names in ((led, ("pj", "Riset")), (other, ("kepala_lain", "Humas")), (bare, (None, None))):
        read = api.get(f"/programs/{program}", token=people["pembina"]["token"]).json
        assert (read["person_in_charge_name"], read["department_name"]) == names
    with psycopg.connect(database, autocommit=True) as conn:  # a PJ without a profile (yet)
        conn.execute("delete from user_service.profiles where user_id = %s", (people["pj"]["id"],))
    read = api.get(f"/programs/{led}", token=people["pembina"]["token"])
    assert read.status == 200 and (read.json["person_in_charge_name"], read.json["department_name"]) == (None, "Riset")


# ---- bad input ----

TABLES = ("programs", "program_status_history")
CASES = [
    ("POST", "/programs", {"period_id": "{period}", "name": "X", "type": "event"}, "body.organization_id"),
    ("POST", "/programs", {"organization_id": "{org}", "period_id": "{period}", "type": "event"}, "body.name"),
    ("POST", "/programs", {"organization_id": "{org}", "period_id": "{period}", "name": "X", "type": "lomba"},
     "body.type"),
    ("POST", "/programs", {"organization_id": "{org}", "period_id": "{period}", "name": "", "type": "event"},
     "body.name"),
    ("POST", "/programs", {"organization_id": "{org}", "period_id": "{period}", "name": "X", "type": "event",
                           "budget_planned": "-1"}, "body.budget_planned"),
    ("POST", "/programs", {"organization_id": "{org}", "period_id": "{period}", "name": "X", "type": "event",
                           "budget_planned": "1.005"}, "body.budget_planned"),
    ("POST", "/programs", {"organization_id": "{org}", "period_id": "{period}", "name": "X", "type": "event",
                           "budget_planned": "1000000000000"}, "body.budget_planned"),
    ("POST", "/programs", {"organization_id": "{org}", "period_id": "{period}", "name": "X", "type": "event",
                           "planned_start": "2026-03-02", "planned_end": "2026-03-01"}, "body.planned_end"),
    ("POST", "/programs", {"organization_id": "{org}", "period_id": "{period}", "name": "X", "type": "event",
                           "planned_start": "besok"}, "body.planned_start"),
    ("POST", "/programs", {"organization_id": "{org}", "period_id": "{period}", "name": "X", "type": "event",
                           "code": "has space"}, "body.code"),
    ("POST", "/programs", {"organization_id": "{org}", "period_id": "{period}", "name": "X", "type": "event",
                           "status": "selesai"}, "body.status"),
    ("POST", "/programs", {"organization_id": "{org}", "period_id": "{other_org}", "name": "X", "type": "event"},
     "body.period_id"),
    ("POST", "/programs", {"organization_id": "{org}", "period_id": "{period}", "name": "X", "type": "event",
                           "person_in_charge": "pj"}, "body.person_in_charge"),
    ("PATCH", "/programs/{program}", {"type": "lomba"}, "body.type"),
    ("PATCH", "/programs/{program}", {"status": "selesai"}, "body.status"),
    ("PATCH", "/programs/{program}", {"actual_start": "2026-03-02", "actual_end": "2026-03-01"}, "body.actual_end"),
    ("PATCH", "/programs/{program}", {"planned_end": "2020-01-01"}, "body.planned_end"),
    ("PATCH", "/programs/{program}", {"budget_planned": "banyak"}, "body.budget_planned"),
    ("PATCH", "/programs/not-a-uuid", {"name": "X"}, "path.program_id"),
    ("DELETE", "/programs/42", None, "path.program_id"),
    ("POST", "/programs/{program}/transitions", {}, "body.to"),
    ("POST", "/programs/{program}/transitions", {"to": "approved"}, "body.to"),
    ("POST", "/programs/{program}/transitions", {"to": "diajukan", "note": "x" * 2001}, "body.note"),
    ("GET", "/programs/nope/history", None, "path.program_id"),
    ("GET", "/programs?status=approved", None, "query.status"),
    ("GET", "/programs?organization_id=hima", None, "query.organization_id"),
    ("GET", "/programs?limit=0", None, "query.limit"),
    ("GET", "/programs?limit=101", None, "query.limit"),
    ("GET", "/programs?cursor=not-a-cursor", None, "query.cursor"),
    ("GET", "/programs?q=", None, "query.q"),
]


def snapshot(database_url: str) -> dict[str, list]:
    with psycopg.connect(database_url) as conn:
        return {t: conn.execute(f"select * from program_service.{t} order by 1").fetchall()
                for t in TABLES}


@pytest.mark.parametrize(("method", "path", "body", "field"), CASES)
def test_bad_input_is_a_clear_problem_and_changes_nothing(api, database, world, method, path, body, field):
    ids = {**world["ids"], "other_org": str(uuid.uuid4()),
           "program": make_program(database, world["ids"], world["people"], planned_start="2026-03-01")}
    if body is not None:
        body = {key: value.format(**ids) if isinstance(value, str) else value for key, value in body.items()}
    before = snapshot(database)
    response = api.request(method, path.format(**ids), token=world["ketua"], json=body)
    assert response.status == 422, response.json
    assert response.header("content-type") == "application/problem+json"
    assert field in [e["field"] for e in response.json["errors"]], response.json
    assert snapshot(database) == before


def test_unknown_ids_are_404(api, world):
    for method, path in (("GET", f"/programs/{NOBODY}"), ("PATCH", f"/programs/{NOBODY}"),
                         ("DELETE", f"/programs/{NOBODY}"), ("GET", f"/programs/{NOBODY}/history"),
                         ("POST", f"/programs/{NOBODY}/transitions")):
        body = {"to": "diajukan"} if method == "POST" else {} if method == "PATCH" else None
        assert api.request(method, path, token=world["ketua"], json=body).status == 404, path
    assert api.post("/programs", token=world["ketua"], json={
        "organization_id": NOBODY, "period_id": NOBODY, "name": "X", "type": "event"}).status == 404


def test_health_is_public(api, database):
    response = api.get("/programs/health")
    assert response.status == 200 and response.json == {"status": "ok", "service": "programs", "database": "ok"}


def test_the_department_must_be_of_the_programs_organization_and_period(api, world):
    other = api.post("/orgs", token=world["ketua"], json={
        "name": "UKM Lain", "type": "ukm",
        "period": {"name": "2025/2026", "starts_on": "2025-09-01", "ends_on": "2026-08-31"}}).json
    foreign = api.post(f"/orgs/{other['id']}/departments", token=world["ketua"],
                       json={"name": "Humas", "code": "HUMAS"}).json["id"]
    created = api.post("/programs", token=world["ketua"], json=new_program(world, department_id=foreign))
    assert created.status == 422 and created.json["errors"][0]["field"] == "body.department_id"
    program = api.post("/programs", token=world["ketua"], json=new_program(world))
    moved = api.request("PATCH", f"/programs/{program.json['id']}", token=world["ketua"],
                        json={"department_id": foreign})
    assert moved.status == 422 and moved.json["errors"][0]["field"] == "body.department_id"
