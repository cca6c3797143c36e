"""POST /programs/{id}/duplicate on real PostgreSQL: a new draft in the same or a later period, what is and
isn't copied, milestones moved with the planned dates, the budget plan only, who may, and retries."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest

from tests.support.programs import make_program, make_world, register_people

KEY = "Idempotency-Key"


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    people = register_people(api, uuid.uuid4().hex[:6])
    ids = make_world(database, people)
    return {"people": people, "ids": ids, "ketua": people["ketua"]["token"]}


def later_period(database: str, world: dict[str, Any], members: dict[str, str]) -> dict[str, str]:
    """The next kabinet (a draft period): department RISET carried over (a new row, same code), and
    ``members`` (who -> role) in it."""
    ids, people = world["ids"], world["people"]
    with psycopg.connect(database, autocommit=True) as conn:
        period = str(conn.execute(
            "insert into organization_service.periods (organization_id, name, starts_on, ends_on, status)"
            " values (%s, 'Kabinet 2026/2027', '2026-09-01', '2027-08-31', 'draft') returning id",
            (ids["org"],)).fetchone()[0])
        dept = str(conn.execute(
            "insert into organization_service.departments (organization_id, period_id, name, code)"
            " values (%s, %s, 'Riset', 'RISET') returning id", (ids["org"], period)).fetchone()[0])
        for who, role in members.items():
            conn.execute("insert into organization_service.memberships (organization_id, period_id, user_id, role,"
                         " department_id) values (%s, %s, %s, %s, %s)",
                         (ids["org"], period, people[who]["id"], role,
                          dept if role.endswith("kepala_departemen") else None))
    return {"period": period, "dept": dept}


def full_source(api, database, world) -> str:
    """A finished seminar with everything: dates, milestones, budget (realized and verified), committee."""
    ids, people = world["ids"], world["people"]
    program = make_program(
        database, ids, people, "dalam_progres", code="SEMNAS", description="Seminar tahunan", objectives="Wawasan",
        target_group="Mahasiswa", success_indicators="300 peserta", location="Aula", planned_start="2026-03-01",
        planned_end="2026-03-10", actual_start="2026-03-02", budget_planned="15000000.00")
    pj = people["pj"]["token"]
    for name, due in (("Proposal", "2026-02-20"), ("Acara", "2026-03-10")):
        assert api.post(f"/programs/{program}/milestones", token=pj, json={"name": name, "due_date": due}).status == 201
    item = api.post(f"/programs/{program}/budget-items", token=pj, json={
        "kind": "pengeluaran", "category": "Konsumsi", "quantity": "300", "unit": "porsi", "unit_price": "25000",
        "actual_amount": "7000000", "receipt_url": "https://example.com/nota"}).json
    assert api.post(f"/programs/{program}/budget-items", token=pj, json={
        "kind": "pemasukan", "category": "Sponsor", "unit_price": "5000000"}).status == 201
    verified = api.post(f"/budget-items/{item['id']}/verification", token=people["bendahara"]["token"])
    assert verified.status in (200, 201), verified.json
    assert api.request("PUT", f"/programs/{program}/committee/{people['anggota']['id']}", token=pj,
                       json={"committee_role": "acara"}).status in (200, 201)
    assert api.post(f"/programs/{program}/transitions", token=pj, json={"to": "selesai"}).status == 200
    return program


def test_a_duplicate_in_the_same_period_copies_the_plan_not_what_happened(api, database, world):
    ids, people = world["ids"], world["people"]
    source = full_source(api, database, world)
    answer = api.post(f"/programs/{source}/duplicate", token=world["ketua"], json={})
    assert answer.status == 201, answer.json
    copy = answer.json
    assert answer.header("location") == f"/programs/{copy['id']}" and answer.header("etag") == '"1"'
    assert copy["id"] != source and copy["source_program_id"] == source
    assert (copy["status"], copy["period_id"], copy["department_id"]) == ("draft", ids["period"], ids["dept"])
    assert {k: copy[k] for k in ("name", "type", "description", "objectives", "target_group", "success_indicators",
                                 "location", "budget_planned")} == {
        "name": "Seminar Nasional", "type": "event", "description": "Seminar tahunan", "objectives": "Wawasan",
        "target_group": "Mahasiswa", "success_indicators": "300 peserta", "location": "Aula",
        "budget_planned": "15000000.00"}
    assert (copy["code"], copy["person_in_charge"], copy["cancel_reason"]) == (None, None, None)
    assert (copy["planned_start"], copy["planned_end"], copy["actual_start"], copy["actual_end"]) == (None,) * 4
    assert copy["created_by"] == people["ketua"]["id"] and copy["progress"] == 0
    milestones = api.get(f"/programs/{copy['id']}/milestones", token=world["ketua"]).json["items"]
    assert [(m["name"], m["due_date"], m["done"]) for m in milestones] == [("Proposal", None, False),
                                                                          ("Acara", None, False)]
    items = api.get(f"/programs/{copy['id']}/budget-items", token=world["ketua"]).json["items"]
    assert sorted((i["kind"], i["category"], i["unit"], i["planned_amount"], i["actual_amount"], i["receipt_url"],
                   i["verified_by"]) for i in items) == [
        ("pemasukan", "Sponsor", None, "5000000.00", None, None, None),
        ("pengeluaran", "Konsumsi", "porsi", "7500000.00", None, None, None)]
    assert api.get(f"/programs/{copy['id']}/committee", token=world["ketua"]).json["items"] == []
    history = api.get(f"/programs/{copy['id']}/history", token=world["ketua"]).json["items"]
    assert [(h["from_status"], h["to_status"]) for h in history] == [(None, "draft")]
    # the source is untouched
    assert api.get(f"/programs/{source}", token=world["ketua"]).json["status"] == "selesai"


def test_a_duplicate_in_a_later_period_moves_its_dates_and_finds_the_department_by_code(api, database, world):
    source = full_source(api, database, world)
    later = later_period(database, world, {"ketua": "ketua", "kepala_departemen": "kepala_departemen"})
    answer = api.post(f"/programs/{source}/duplicate", token=world["people"]["kepala_departemen"]["token"],
                      json={"period_id": later["period"], "name": "Seminar Nasional 2027",
                            "planned_start": "2027-03-03"})
    assert answer.status == 201, answer.json
    copy = answer.json
    assert (copy["period_id"], copy["department_id"], copy["name"]) == (later["period"], later["dept"],
                                                                       "Seminar Nasional 2027")
    assert (copy["planned_start"], copy["planned_end"]) == ("2027-03-03", "2027-03-12")  # +367 days
    milestones = api.get(f"/programs/{copy['id']}/milestones", token=world["ketua"]).json["items"]
    assert [(m["name"], m["due_date"]) for m in milestones] == [("Proposal", "2027-02-22"), ("Acara", "2027-03-12")]
    # the head may enter the budget of their department's program: the plan came along
    items = api.get(f"/programs/{copy['id']}/budget-items", token=world["people"]["kepala_departemen"]["token"])
    assert len(items.json["items"]) == 2


def test_without_a_counterpart_department_the_board_gets_no_department(api, database, world):
    source = full_source(api, database, world)
    later = later_period(database, world, {"ketua": "ketua"})
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("update organization_service.departments set code = 'RND' where id = %s", (later["dept"],))
    copy = api.post(f"/programs/{source}/duplicate", token=world["ketua"], json={"period_id": later["period"]})
    assert copy.status == 201, copy.json
    assert copy.json["department_id"] is None and copy.json["period_id"] == later["period"]
    chosen = api.post(f"/programs/{source}/duplicate", token=world["ketua"],
                      json={"period_id": later["period"], "department_id": later["dept"]})
    assert chosen.status == 201 and chosen.json["department_id"] == later["dept"]
    wrong = api.post(f"/programs/{source}/duplicate", token=world["ketua"],
                     json={"period_id": later["period"], "department_id": world["ids"]["dept"]})
    assert wrong.status == 422 and wrong.json["errors"][0]["field"] == "body.department_id"


@pytest.mark.parametrize(("who", "status"), [
    ("wakil_ketua", 201), ("kepala_departemen", 201), ("wakil_kepala_departemen", 201), ("sekretaris", 403),
    ("bendahara", 403), ("anggota", 403), ("pembina", 403), ("pj", 403), ("kepala_lain", 403), ("outsider", 404)])
def test_who_may_duplicate(api, database, world, who, status):
    source = make_program(database, world["ids"], world["people"], "disetujui")
    answer = api.post(f"/programs/{source}/duplicate", token=world["people"][who]["token"], json={})
    assert answer.status == status, answer.json


def test_a_head_may_not_duplicate_into_another_department(api, database, world):
    source = make_program(database, world["ids"], world["people"])
    answer = api.post(f"/programs/{source}/duplicate", token=world["people"]["kepala_departemen"]["token"],
                      json={"department_id": world["ids"]["other_dept"]})
    assert answer.status == 403


def test_a_former_member_copies_into_a_later_period_only_as_what_they_are_there(api, database, world):
    # a member of an earlier period who is anggota now reads the old program but may not copy it
    source = make_program(database, world["ids"], world["people"])
    later = later_period(database, world, {"kepala_departemen": "anggota", "ketua": "ketua"})
    refused = api.post(f"/programs/{source}/duplicate", token=world["people"]["kepala_departemen"]["token"],
                       json={"period_id": later["period"]})
    assert refused.status == 403
    not_theirs = api.post(f"/programs/{source}/duplicate", token=world["people"]["wakil_ketua"]["token"],
                          json={"period_id": later["period"]})
    assert not_theirs.status == 422 and not_theirs.json["errors"][0]["field"] == "body.period_id"


def test_a_period_of_another_organization_or_a_finished_one_is_refused(api, database, world):
    source = make_program(database, world["ids"], world["people"])
    other_people = register_people(api, uuid.uuid4().hex[:6])
    other = make_world(database, other_people)
    foreign = api.post(f"/programs/{source}/duplicate", token=world["ketua"], json={"period_id": other["period"]})
    assert foreign.status == 422 and foreign.json["errors"][0]["field"] == "body.period_id"
    outsider = api.post(f"/programs/{source}/duplicate", token=other_people["ketua"]["token"],
                        json={"period_id": other["period"]})
    assert outsider.status == 404
    missing = api.post(f"/programs/{uuid.uuid4()}/duplicate", token=world["ketua"], json={})
    assert missing.status == 404
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("update organization_service.periods set status = 'selesai' where id = %s",
                     (world["ids"]["period"],))
    finished = api.post(f"/programs/{source}/duplicate", token=world["ketua"],
                        json={"period_id": world["ids"]["period"]})
    assert finished.status == 409


def test_the_budget_plan_is_copied_only_for_who_may_see_it(api, database, world):
    """A new ketua who was anggota of the source's period (who could not see its budget) gets the rest."""
    source = full_source(api, database, world)
    later = later_period(database, world, {"anggota": "ketua"})
    copy = api.post(f"/programs/{source}/duplicate", token=world["people"]["anggota"]["token"],
                    json={"period_id": later["period"]})
    assert copy.status == 201, copy.json
    token = world["people"]["anggota"]["token"]
    assert api.get(f"/programs/{copy.json['id']}/budget-items", token=token).json["items"] == []
    assert len(api.get(f"/programs/{copy.json['id']}/milestones", token=token).json["items"]) == 2


def test_the_copy_function_takes_only_a_brand_new_duplicate_of_its_creator(api, database, world):
    from tests.support.programs import as_user
    source = full_source(api, database, world)
    copy = api.post(f"/programs/{source}/duplicate", token=world["ketua"], json={}).json
    plain = make_program(database, world["ids"], world["people"])
    for target, user in ((copy["id"], world["people"]["ketua"]["id"]),  # has its items already
                         (copy["id"], world["people"]["wakil_ketua"]["id"]),  # not theirs
                         (plain, world["people"]["ketua"]["id"])):  # not a duplicate
        with as_user(database, user) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select program_service.copy_budget_plan(%s)", (target,))


def test_a_retried_duplicate_makes_one_copy(api, database, world):
    source = make_program(database, world["ids"], world["people"])
    first = api.post(f"/programs/{source}/duplicate", token=world["ketua"], json={"name": "Salinan"},
                     headers={KEY: "dup-1"})
    again = api.post(f"/programs/{source}/duplicate", token=world["ketua"], json={"name": "Salinan"},
                     headers={KEY: "dup-1"})
    assert first.status == again.status == 201 and first.json == again.json
    assert again.header("idempotent-replayed") is not None
    with psycopg.connect(database) as conn:
        assert conn.execute("select count(*) from program_service.programs where name = 'Salinan'"
                            " and organization_id = %s", (world["ids"]["org"],)).fetchone()[0] == 1


def test_deleting_the_source_draft_forgets_where_the_copy_came_from(api, database, world):
    source = make_program(database, world["ids"], world["people"])
    copy = api.post(f"/programs/{source}/duplicate", token=world["ketua"], json={}).json
    assert api.request("DELETE", f"/programs/{source}", token=world["ketua"]).status == 204
    assert api.get(f"/programs/{copy['id']}", token=world["ketua"]).json["source_program_id"] is None
