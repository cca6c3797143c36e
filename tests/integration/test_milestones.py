"""Milestones through their functions, on real PostgreSQL: order, done, ETags, a read-only program,
and bad input."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest

from tests.support.program_parts import make_milestone
from tests.support.programs import make_program, make_world, register_people

UNKNOWN_ID = "5b0c5e3a-7d1f-4c2e-9a8b-3f6d2c1e0a94"  # an id nothing has: the same in every test worker


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    people = register_people(api, uuid.uuid4().hex[:6])
    ids = make_world(database, people)
    program = make_program(database, ids, people, "disetujui")
    return {"people": people, "ids": ids, "program": program, "ketua": people["ketua"]["token"],
            "pj": people["pj"]["token"], "path": f"/programs/{program}/milestones"}


def names(api, world) -> list[str]:
    response = api.get(world["path"], token=world["people"]["anggota"]["token"])
    assert response.status == 200, response.json
    return [m["name"] for m in response.json["items"]]


def test_create_and_the_order(api, world):
    first = api.post(world["path"], token=world["pj"], json={"name": "Proposal", "due_date": "2026-02-01"})
    assert first.status == 201, first.json
    assert first.header("etag") == '"1"'
    assert {k: first.json[k] for k in ("name", "due_date", "position", "done", "done_at", "version",
                                       "program_id")} == {
        "name": "Proposal", "due_date": "2026-02-01", "position": 1, "done": False, "done_at": None, "version": 1,
        "program_id": world["program"]}
    second = api.post(world["path"], token=world["pj"], json={"name": "Open recruitment panitia"}).json
    assert second["position"] == 2 and second["due_date"] is None  # new ones go last
    api.post(world["path"], token=world["pj"], json={"name": "Hari H", "position": 2, "due_date": "2026-03-01"})
    api.post(world["path"], token=world["pj"], json={"name": "Technical meeting", "position": 2,
                                                     "due_date": "2026-02-20"})
    api.post(world["path"], token=world["pj"], json={"name": "Persiapan", "position": 0})
    # by position, then due date (none last)
    assert names(api, world) == ["Persiapan", "Proposal", "Technical meeting", "Hari H", "Open recruitment panitia"]


def test_edit_mark_done_and_reopen(api, world):
    created = api.post(world["path"], token=world["pj"], json={"name": "Proposal"})
    path = f"/milestones/{created.json['id']}"
    done = api.request("PATCH", path, token=world["pj"], json={"done": True}, headers={"If-Match": '"1"'})
    assert done.status == 200 and done.json["done"] is True and done.json["done_at"]
    assert done.header("etag") == '"2"'
    same = api.request("PATCH", path, token=world["pj"], json={"done": True})
    assert same.json["done_at"] == done.json["done_at"] and same.header("etag") == '"2"'  # already done: no change
    edited = api.request("PATCH", path, token=world["ketua"],
                         json={"name": "Proposal final", "due_date": "2026-02-10", "position": 4})
    assert edited.status == 200 and edited.json["done"] is True
    assert (edited.json["name"], edited.json["due_date"], edited.json["position"]) == ("Proposal final",
                                                                                      "2026-02-10", 4)
    cleared = api.request("PATCH", path, token=world["ketua"], json={"due_date": None, "done": False})
    assert (cleared.json["due_date"], cleared.json["done"], cleared.json["done_at"]) == (None, False, None)
    assert cleared.header("etag") == '"4"'


def test_if_match(api, world):
    created = api.post(world["path"], token=world["pj"], json={"name": "Proposal"})
    path = f"/milestones/{created.json['id']}"
    assert api.request("PATCH", path, token=world["pj"], json={"name": "Proposal v2"},
                       headers={"If-Match": '"1"'}).status == 200
    stale = api.request("PATCH", path, token=world["pj"], json={"name": "Proposal v3"}, headers={"If-Match": '"1"'})
    assert stale.status == 412 and "milestone" in stale.json["detail"]
    assert api.request("PATCH", path, token=world["pj"], json={"done": True},
                       headers={"If-Match": 'W/"2"'}).status == 412
    assert api.request("DELETE", path, token=world["pj"], headers={"If-Match": '"1"'}).status == 412
    assert names(api, world) == ["Proposal v2"]
    assert api.request("DELETE", path, token=world["pj"], headers={"If-Match": '"2"'}).status == 204
    assert names(api, world) == []
    assert api.request("DELETE", path, token=world["pj"]).status == 404


@pytest.mark.parametrize("status", ["selesai", "dibatalkan", "ditolak"])
def test_a_final_program_is_read_only(api, database, world, status):
    program = make_program(database, world["ids"], world["people"], status)
    milestone = make_milestone(database, world["ids"], program)
    assert api.get(f"/programs/{program}/milestones", token=world["pj"]).status == 200
    for method, path, body in (("POST", f"/programs/{program}/milestones", {"name": "X"}),
                               ("PATCH", f"/milestones/{milestone}", {"done": True}),
                               ("DELETE", f"/milestones/{milestone}", None)):
        refused = api.request(method, path, token=world["ketua"], json=body)
        assert refused.status == 409 and status in refused.json["detail"], refused.json


BAD_CREATE = [
    ({"name": ""}, "body.name"),
    ({"name": "   "}, "body.name"),
    ({"name": "x" * 201}, "body.name"),
    ({"name": None}, "body.name"),
    ({"due_date": "besok"}, "body.due_date"),
    ({"due_date": 20260201}, "body.due_date"),
    ({"position": -1}, "body.position"),
    ({"position": "1"}, "body.position"),
    ({"done": True}, "body.done"),
    ({"program_id": UNKNOWN_ID}, "body.program_id"),
]
BAD_UPDATE = [
    ({"name": ""}, "body.name"),
    ({"name": None}, "body.name"),
    ({"due_date": "2026-02-30"}, "body.due_date"),
    ({"position": -1}, "body.position"),
    ({"position": None}, "body.position"),
    ({"done": "yes"}, "body.done"),
    ({"done": 1}, "body.done"),
    ({"done": None}, "body.done"),
    ({"done_at": "2026-01-01T00:00:00Z"}, "body.done_at"),
    ({"program_id": UNKNOWN_ID}, "body.program_id"),
]
CASES = [("POST", *case) for case in BAD_CREATE] + [("PATCH", *case) for case in BAD_UPDATE]


@pytest.mark.parametrize(("method", "fields", "field"), CASES, ids=[f"{m} {b}" for m, b, _ in CASES])
def test_bad_input_names_the_field_and_changes_nothing(api, database, world, method, fields, field):
    milestone = make_milestone(database, world["ids"], world["program"])
    path, body = (world["path"], {"name": "Proposal", **fields}) if method == "POST" else (
        f"/milestones/{milestone}", fields)
    refused = api.request(method, path, token=world["pj"], json=body)
    assert refused.status == 422, refused.json
    assert refused.header("content-type") == "application/problem+json"
    assert field in [error["field"] for error in refused.json["errors"]], refused.json
    with psycopg.connect(database) as conn:
        assert conn.execute("select name, version from program_service.milestones").fetchall() == [
            ("Proposal disetujui", 1)]


def test_a_milestone_with_tasks_is_not_deleted(api, world):
    # tasks live in the tasks service's schema: they would point at a milestone that is gone
    milestone = api.post(world["path"], token=world["pj"], json={"name": "Persiapan"}).json["id"]
    task = api.post(f"/programs/{world['program']}/tasks", token=world["pj"],
                    json={"title": "Sewa aula", "milestone_id": milestone})
    assert task.status == 201, task.json
    refused = api.request("DELETE", f"/milestones/{milestone}", token=world["pj"])
    assert refused.status == 409 and "1 task" in refused.json["detail"]
    assert api.request("DELETE", f"/tasks/{task.json['id']}", token=world["pj"]).status == 204
    assert api.request("DELETE", f"/milestones/{milestone}", token=world["pj"]).status == 204
