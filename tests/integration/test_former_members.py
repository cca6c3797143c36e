"""A former member (their membership deactivated by the board) through the API: every route of programs,
tasks and reports they read before (reports with finances, fresh links to the PDF, the members, tasks
and comments, "my tasks") answers 404 now (the organization's data does not exist for them), and they
write nothing; they keep their own account and their inbox."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.programs import make_world, register_people
from tests.support.reports import files_in, make_realistic_program


@pytest.fixture
def report_files(tmp_path: Path) -> Iterator[Path]:
    yield from files_in(tmp_path)


@pytest.fixture
def world(api, database, report_files) -> dict[str, Any]:
    """A realistic program led by ``pj`` (the anggota and the PJ are assignees), a stored LPJ, a comment."""
    people = register_people(api, uuid.uuid4().hex[:6])
    ids = make_world(database, people)
    made = make_realistic_program(database, ids, people)
    tokens = {who: person["token"] for who, person in people.items()}
    report = api.post(f"/programs/{made['program']}/reports", token=tokens["pj"], json={"kind": "lpj"})
    assert report.status == 201, report.json
    task = made["tasks"]["late"]
    comment = api.post(f"/tasks/{task}/comments", token=tokens["anggota"], json={"body": "Sudah dihubungi"})
    assert comment.status == 201, comment.json
    return {"people": people, "ids": ids, "tokens": tokens, "program": made["program"], "task": task,
            "report": report.json["id"]}


READS = (
    "/orgs/{org}/members",
    "/programs/{program}",
    "/programs?organization_id={org}",
    "/programs/summary?organization_id={org}",
    "/programs/{program}/history",
    "/programs/{program}/activity",
    "/programs/{program}/committee",
    "/programs/{program}/milestones",
    "/programs/{program}/budget-items",
    "/programs/{program}/tasks",
    "/programs/{program}/report",
    "/programs/{program}/lpj",
    "/tasks/{task}",
    "/tasks/{task}/comments",
    "/tasks/{task}/history",
    "/reports?organization_id={org}",
    "/reports/{report}",
    "/reports/{report}/files/pdf",
    "/reports/{report}/files/csv",
    "/orgs/{org}/reports/summary",
)
LISTS = ("/programs", "/me/tasks")
"""Lists across one's organizations: still there (200), without the organization's rows."""


def deactivate(api, world: dict[str, Any], who: str) -> None:
    org = world["ids"]["org"]
    members = api.get(f"/orgs/{org}/members?limit=100", token=world["tokens"]["ketua"]).json["items"]
    membership = next(m["id"] for m in members if m["user_id"] == world["people"][who]["id"])
    response = api.post(f"/orgs/{org}/members/{membership}/deactivate", token=world["tokens"]["ketua"])
    assert response.status == 200, response.json


@pytest.mark.parametrize("who", ["pj", "anggota"])
def test_a_former_member_reads_nothing_of_the_organization(api, world, who):
    token = world["tokens"][who]
    paths = [path.format(org=world["ids"]["org"], **world) for path in READS]
    if who == "anggota":  # an anggota never read the budget items
        paths.remove(f"/programs/{world['program']}/budget-items")
    before = {path: api.get(path, token=token).status for path in paths}
    assert before == dict.fromkeys(paths, 200)
    listed = {path: len(api.get(path, token=token).json["items"]) for path in LISTS}
    assert all(listed.values()), listed

    deactivate(api, world, who)

    after = {path: api.get(path, token=token).status for path in paths}
    assert after == dict.fromkeys(paths, 404)
    assert {path: api.get(path, token=token).json["items"] for path in LISTS} == {path: [] for path in LISTS}
    # ... and keep what is theirs: their account and their inbox
    assert api.get("/users/me", token=token).status == 200
    assert api.get("/notifications", token=token).status == 200


def test_a_former_member_writes_nothing(api, world):
    deactivate(api, world, "pj")
    token, program, task = world["tokens"]["pj"], world["program"], world["task"]
    writes = (
        ("PATCH", f"/programs/{program}", {"location": "Aula"}),
        ("POST", f"/programs/{program}/reports", {"kind": "lpj"}),
        ("POST", f"/programs/{program}/milestones", {"name": "Evaluasi"}),
        ("POST", f"/programs/{program}/budget-items", {"kind": "pengeluaran", "category": "Konsumsi",
                                                       "unit_price": "1000"}),
        ("POST", f"/programs/{program}/tasks", {"title": "Sewa kursi"}),
        ("POST", f"/tasks/{task}/comments", {"body": "Masih di sini"}),
        ("POST", f"/tasks/{task}/transitions", {"to": "review"}),
    )
    answered = {(method, path): api.request(method, path, token=token, json=body).status
                for method, path, body in writes}
    assert answered == dict.fromkeys(answered, 404)
