"""A program's committee (panitia) through its functions, on real PostgreSQL: add, change a role,
remove; only active members of the program's period; a read-only program; bad input."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest

from shared import db
from tests.support.program_parts import add_to_committee
from tests.support.programs import make_program, make_world, register_people


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    people = register_people(api, uuid.uuid4().hex[:6])
    ids = make_world(database, people)
    program = make_program(database, ids, people, "disetujui")
    return {"people": people, "ids": ids, "program": program, "pj": people["pj"]["token"],
            "path": f"/programs/{program}/committee"}


def committee(api, world) -> list[tuple[str, str]]:
    response = api.get(world["path"], token=world["people"]["pembina"]["token"])
    assert response.status == 200, response.json
    return [(m["user_id"], m["committee_role"]) for m in response.json["items"]]


def test_add_change_and_remove(api, world):
    people = world["people"]
    anggota, sekretaris = people["anggota"]["id"], people["sekretaris"]["id"]
    added = api.request("PUT", f"{world['path']}/{anggota}", token=world["pj"],
                        json={"committee_role": "  koordinator acara  "})
    assert added.status == 200, added.json
    assert (added.json["user_id"], added.json["committee_role"]) == (anggota, "koordinator acara")
    assert added.json["display_name"] == "anggota"
    api.request("PUT", f"{world['path']}/{sekretaris}", token=world["pj"],
                json={"committee_role": "sekretaris panitia"})
    changed = api.request("PUT", f"{world['path']}/{anggota}", token=world["pj"],
                          json={"committee_role": "sie dokumentasi"})
    assert changed.status == 200 and changed.json["created_at"] == added.json["created_at"]
    assert changed.json["updated_at"] >= added.json["updated_at"]
    assert committee(api, world) == [(anggota, "sie dokumentasi"), (sekretaris, "sekretaris panitia")]
    listed = api.get(world["path"], token=world["people"]["pembina"]["token"]).json["items"]
    assert [m["display_name"] for m in listed] == ["anggota", "sekretaris"]
    assert api.request("DELETE", f"{world['path']}/{anggota}", token=world["pj"]).status == 204
    assert committee(api, world) == [(sekretaris, "sekretaris panitia")]
    gone = api.request("DELETE", f"{world['path']}/{anggota}", token=world["pj"])
    assert gone.status == 404 and "committee" in gone.json["detail"]


@pytest.mark.parametrize("who", ["outsider", "inactive", "nobody"])
def test_only_active_members_of_the_period(api, database, world, who):
    people = world["people"]
    user = str(uuid.uuid4()) if who == "nobody" else people["outsider" if who == "outsider" else "anggota"]["id"]
    if who == "inactive":
        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute("update organization_service.memberships set active = false where user_id = %s", (user,))
    refused = api.request("PUT", f"{world['path']}/{user}", token=world["pj"], json={"committee_role": "sie acara"})
    assert refused.status == 422, refused.json
    assert refused.json["errors"][0]["field"] == "path.user_id"
    assert committee(api, world) == []


def test_a_member_of_another_period_is_not_a_candidate(api, database, world):
    ids, people = world["ids"], world["people"]
    with psycopg.connect(database, autocommit=True) as conn:
        period = conn.execute("insert into organization_service.periods (organization_id, name, starts_on, ends_on,"
                              " status) values (%s, 'Kabinet 2026/2027', '2026-09-01', '2027-08-31', 'draft')"
                              " returning id", (ids["org"],)).fetchone()[0]
        newcomer = uuid.uuid4()
        conn.execute("insert into organization_service.memberships (organization_id, period_id, user_id, role)"
                     " values (%s, %s, %s, 'anggota')", (ids["org"], period, newcomer))
    refused = api.request("PUT", f"{world['path']}/{newcomer}", token=world["pj"], json={"committee_role": "x"})
    assert refused.status == 422 and refused.json["errors"][0]["field"] == "path.user_id"
    assert api.request("PUT", f"{world['path']}/{people['pembina']['id']}", token=world["pj"],
                       json={"committee_role": "penasihat"}).status == 200


@pytest.mark.parametrize("status", ["selesai", "dibatalkan", "ditolak"])
def test_a_final_program_is_read_only(api, database, world, status):
    ids, people = world["ids"], world["people"]
    program = make_program(database, ids, people, status)
    add_to_committee(database, ids, program, people["sekretaris"]["id"])
    path = f"/programs/{program}/committee"
    for method, target, body in (("PUT", f"{path}/{people['anggota']['id']}", {"committee_role": "sie acara"}),
                                 ("PUT", f"{path}/{people['sekretaris']['id']}", {"committee_role": "humas"}),
                                 ("DELETE", f"{path}/{people['sekretaris']['id']}", None)):
        refused = api.request(method, target, token=people["ketua"]["token"], json=body)
        assert refused.status == 409 and status in refused.json["detail"], refused.json
    assert [m["committee_role"] for m in api.get(path, token=world["pj"]).json["items"]] == ["sie acara"]


BAD = [
    ({}, "body.committee_role"),
    ({"committee_role": ""}, "body.committee_role"),
    ({"committee_role": "   "}, "body.committee_role"),
    ({"committee_role": "x" * 101}, "body.committee_role"),
    ({"committee_role": None}, "body.committee_role"),
    ({"committee_role": 7}, "body.committee_role"),
    ({"committee_role": "sie acara", "role": "ketua"}, "body.role"),
]


@pytest.mark.parametrize(("body", "field"), BAD, ids=[str(b) for b, _ in BAD])
def test_bad_input_names_the_field_and_changes_nothing(api, world, body, field):
    refused = api.request("PUT", f"{world['path']}/{world['people']['anggota']['id']}", token=world["pj"], json=body)
    assert refused.status == 422, refused.json
    assert field in [error["field"] for error in refused.json["errors"]], refused.json
    assert committee(api, world) == []


def test_malformed_ids(api, world):
    refused = api.request("PUT", f"{world['path']}/not-a-user", token=world["pj"], json={"committee_role": "x"})
    assert refused.status == 422 and refused.json["errors"][0]["field"] == "path.user_id"
    unknown = api.get(f"/programs/{uuid.uuid4()}/committee", token=world["pj"])
    assert unknown.status == 404


def test_a_draft_with_a_committee_milestones_and_a_budget_is_deleted_whole(api, database, world):
    ids, people = world["ids"], world["people"]
    program = make_program(database, ids, people, "draft")
    pj = world["pj"]
    assert api.request("PUT", f"/programs/{program}/committee/{people['anggota']['id']}", token=pj,
                       json={"committee_role": "sie acara"}).status == 200
    assert api.post(f"/programs/{program}/milestones", token=pj, json={"name": "Proposal"}).status == 201
    assert api.post(f"/programs/{program}/budget-items", token=pj,
                    json={"kind": "pengeluaran", "category": "Konsumsi", "unit_price": "10000"}).status == 201
    assert api.request("DELETE", f"/programs/{program}", token=pj).status == 204
    with psycopg.connect(database) as conn:
        for table in ("committee_members", "milestones", "budget_items", "activity"):
            count = conn.execute(f"select count(*) from program_service.{table} where program_id = %s",
                                 (program,)).fetchone()[0]
            assert count == 0, table


def test_the_committee_is_the_same_number_of_statements_with_names_whatever_its_size(api, database, world, monkeypatch):
    people = world["people"]
    members = ["anggota", "sekretaris", "bendahara", "kepala_departemen", "pj"]
    counted: list[str] = []
    original = db.Transaction.execute

    def counting(self: db.Transaction, query: Any, params: Any = None) -> Any:
        counted.append(str(query))
        return original(self, query, params)

    monkeypatch.setattr(db.Transaction, "execute", counting)
    counts, added = [], 0
    for size in (1, 3, 5):
        for who in members[added:size]:
            add_to_committee(database, world["ids"], world["program"], people[who]["id"])
        added = size
        counted.clear()
        listed = api.get(world["path"], token=people["pembina"]["token"]).json["items"]
        assert [m["display_name"] for m in listed] == members[:size]
        counts.append(len(counted))
    assert counts[0] == counts[1] == counts[2], counts
    with psycopg.connect(database, autocommit=True) as conn:  # a member without a profile (yet)
        conn.execute("delete from user_service.profiles where user_id = %s", (people["pj"]["id"],))
    listed = api.get(world["path"], token=people["pembina"]["token"]).json["items"]
    assert [m["display_name"] for m in listed] == [*members[:4], None]
