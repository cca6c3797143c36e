"""A program's activity log: what the triggers write (who, what, which entity, when), newest first,
cursor-paginated, a constant number of statements a page, and readable by members only."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest

from shared import db
from tests.support.programs import make_world, register_people


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    people = register_people(api, uuid.uuid4().hex[:6])
    ids = make_world(database, people)
    tokens = {who: person["token"] for who, person in people.items()}
    return {"people": people, "ids": ids, "tokens": tokens}


def log(api, token: str, program: str, query: str = "") -> list[dict[str, Any]]:
    response = api.get(f"/programs/{program}/activity{query}", token=token)
    assert response.status == 200, response.json
    return response.json["items"]


def test_who_did_what_newest_first(api, world):
    ids, people, tokens = world["ids"], world["people"], world["tokens"]
    ketua, pj, bendahara = tokens["ketua"], tokens["pj"], tokens["bendahara"]
    program = api.post("/programs", token=ketua, json={
        "organization_id": ids["org"], "period_id": ids["period"], "department_id": ids["dept"],
        "name": "Seminar Nasional", "type": "event", "person_in_charge": people["pj"]["id"]}).json["id"]
    api.request("PATCH", f"/programs/{program}", token=pj, json={"location": "Aula", "planned_start": "2026-03-01"})
    api.request("PATCH", f"/programs/{program}", token=pj, json={"location": "Aula"})  # no change: no entry
    api.post(f"/programs/{program}/transitions", token=pj, json={"to": "diajukan"})
    api.request("PUT", f"/programs/{program}/committee/{people['anggota']['id']}", token=pj,
                json={"committee_role": "sie acara"})
    api.request("PUT", f"/programs/{program}/committee/{people['anggota']['id']}", token=pj,
                json={"committee_role": "koordinator acara"})
    milestone = api.post(f"/programs/{program}/milestones", token=pj, json={"name": "Proposal"}).json["id"]
    api.request("PATCH", f"/milestones/{milestone}", token=pj, json={"done": True})
    item = api.post(f"/programs/{program}/budget-items", token=pj, json={
        "kind": "pengeluaran", "category": "Konsumsi", "quantity": "100", "unit_price": "25000"}).json["id"]
    api.post(f"/budget-items/{item}/verification", token=bendahara)
    api.request("PATCH", f"/budget-items/{item}", token=pj, json={"actual_amount": "2400000"})
    api.request("DELETE", f"/programs/{program}/committee/{people['anggota']['id']}", token=pj)
    api.request("DELETE", f"/milestones/{milestone}", token=tokens["ketua"])

    entries = log(api, tokens["anggota"], program)
    ids_in_order = [entry["id"] for entry in entries]
    assert ids_in_order == sorted(ids_in_order, reverse=True)
    pj_id, ketua_id, bendahara_id = (people[who]["id"] for who in ("pj", "ketua", "bendahara"))
    assert [(e["action"], e["entity"], e["actor"]) for e in reversed(entries)] == [
        ("program.created", "program", ketua_id),
        ("program.updated", "program", pj_id),
        ("program.status_changed", "program", pj_id),
        ("committee.member_added", "committee_member", pj_id),
        ("committee.role_changed", "committee_member", pj_id),
        ("milestone.created", "milestone", pj_id),
        ("milestone.done", "milestone", pj_id),
        ("budget_item.created", "budget_item", pj_id),
        ("budget_item.verified", "budget_item", bendahara_id),
        ("budget_item.updated", "budget_item", pj_id),
        ("committee.member_removed", "committee_member", pj_id),
        ("milestone.deleted", "milestone", ketua_id),
    ]
    assert all(e["actor_name"] == {pj_id: "pj", ketua_id: "ketua", bendahara_id: "bendahara"}[e["actor"]]
               for e in entries)  # the names the registrations gave
    by_action = {e["action"]: e for e in entries}
    assert by_action["program.created"]["entity_id"] == program
    assert by_action["program.updated"]["summary"] == "Mengubah program: location, planned_start"
    assert by_action["program.status_changed"]["summary"] == "Mengubah status dari draft menjadi diajukan"
    assert by_action["committee.member_added"]["entity_id"] == people["anggota"]["id"]
    assert by_action["milestone.done"]["entity_id"] == milestone
    assert by_action["budget_item.updated"]["summary"] == "Mengubah item anggaran (pengeluaran); verifikasinya gugur"
    # members who may not see the budget read the log: no amounts, no categories in it
    assert not any("25000" in (e["summary"] or "") or "Konsumsi" in (e["summary"] or "") for e in entries)
    assert all(e["at"] for e in entries)


def test_pages_and_cursors(api, database, world):
    ids, tokens = world["ids"], world["tokens"]
    program = api.post("/programs", token=tokens["ketua"], json={
        "organization_id": ids["org"], "period_id": ids["period"], "name": "Rapat rutin", "type": "rutin"}).json["id"]
    for n in range(6):
        api.post(f"/programs/{program}/milestones", token=tokens["ketua"], json={"name": f"Rapat {n}"})
    everything = log(api, tokens["pembina"], program)
    assert len(everything) == 7
    seen, cursor = [], None
    while True:
        page = api.get(f"/programs/{program}/activity?limit=3" + (f"&cursor={cursor}" if cursor else ""),
                       token=tokens["pembina"]).json
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everything
    bad = api.get(f"/programs/{program}/activity?cursor=garbage", token=tokens["pembina"])
    assert bad.status == 422 and bad.json["errors"][0]["field"] == "query.cursor"
    for limit in ("0", "101", "x"):
        assert api.get(f"/programs/{program}/activity?limit={limit}", token=tokens["pembina"]).status == 422


def test_a_page_is_a_constant_number_of_statements(api, database, world, monkeypatch):
    ids, tokens = world["ids"], world["tokens"]
    program = api.post("/programs", token=tokens["ketua"], json={
        "organization_id": ids["org"], "period_id": ids["period"], "name": "Rapat rutin", "type": "rutin"}).json["id"]
    for n in range(30):
        who = ("ketua", "wakil_ketua")[n % 2]
        api.post(f"/programs/{program}/milestones", token=tokens[who], json={"name": f"Rapat {n}"})
    with psycopg.connect(database, autocommit=True) as conn:  # and one by a service (no actor)
        conn.execute("insert into program_service.activity (program_id, organization_id, action, entity, summary)"
                     " values (%s, %s, 'task.cancelled', 'task', 'Dibatalkan bersama programnya')",
                     (program, ids["org"]))
    counted: list[str] = []
    original = db.Transaction.execute

    def counting(self: db.Transaction, query: Any, params: Any = None) -> Any:
        counted.append(str(query))
        return original(self, query, params)

    monkeypatch.setattr(db.Transaction, "execute", counting)
    counts = []
    for limit in (1, 10, 32):
        counted.clear()
        entries = log(api, tokens["ketua"], program, f"?limit={limit}")
        assert len(entries) == limit
        assert [e["actor_name"] for e in entries] == [None, *["wakil_ketua", "ketua"] * 15, "ketua"][:limit]
        counts.append(len(counted))
    assert counts[0] == counts[1] == counts[2], counts


def test_only_members_read_it_and_nobody_writes_it(api, database, world):
    ids, tokens = world["ids"], world["tokens"]
    program = api.post("/programs", token=tokens["ketua"], json={
        "organization_id": ids["org"], "period_id": ids["period"], "name": "Rapat rutin", "type": "rutin"}).json["id"]
    assert api.get(f"/programs/{program}/activity", token=tokens["outsider"]).status == 404
    assert api.get(f"/programs/{uuid.uuid4()}/activity", token=tokens["ketua"]).status == 404
    with psycopg.connect(database) as conn:
        assert conn.execute("select count(*) from program_service.activity").fetchone()[0] == 1
