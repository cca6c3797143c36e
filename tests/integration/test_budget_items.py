"""Budget items through their functions, on real PostgreSQL: exact rupiah, totals and balance,
realization and verification, the LPJ exception for a `selesai` program, ETags, and bad input."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import psycopg
import pytest

from functions.programs import parts_service
from functions.programs.errors import StaleVersion
from functions.programs.parts_models import BudgetItemUpdate
from functions.programs.parts_repository import part_store
from shared import db
from shared.config import reset_settings
from shared.identity import verify_access_token
from tests.support.program_parts import make_budget_item
from tests.support.programs import make_program, make_world, register_people


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    people = register_people(api, uuid.uuid4().hex[:6])
    ids = make_world(database, people)
    program = make_program(database, ids, people, "dalam_progres")
    tokens = {who: person["token"] for who, person in people.items()}
    return {"people": people, "ids": ids, "program": program, "tokens": tokens, "pj": tokens["pj"],
            "bendahara": tokens["bendahara"], "path": f"/programs/{program}/budget-items"}


def add(api, world, token: str | None = None, **fields: Any):
    body = {"kind": "pengeluaran", "category": "Konsumsi", "quantity": "1", "unit_price": "1000", **fields}
    return api.post(world["path"], token=token or world["pj"], json=body)


def budget(api, world) -> dict[str, Any]:
    response = api.get(world["path"], token=world["bendahara"])
    assert response.status == 200, response.json
    return response.json


def test_planned_amounts_and_totals_are_exact_rupiah(api, world):
    created = add(api, world, category="Snack", description="Snack peserta", quantity="3", unit="box",
                  unit_price="33333.33")
    assert created.status == 201, created.json
    assert created.header("etag") == '"1"'
    item = created.json
    assert (item["quantity"], item["unit_price"], item["planned_amount"]) == ("3.00", "33333.33", "99999.99")
    assert item["actual_amount"] is None and item["verified_by"] is None and item["version"] == 1
    assert item["created_by"] == world["people"]["pj"]["id"]
    half = add(api, world, category="Kain", quantity="2.5", unit="meter", unit_price="1000.01").json
    assert half["planned_amount"] == "2500.03"  # 2500.025, rounded half up to the sen
    for price in ("0.10", "0.20"):
        assert add(api, world, kind="pemasukan", category="Kas", unit_price=price).status == 201
    assert add(api, world, kind="pemasukan", category="Sponsor", unit_price="150000",
               actual_amount="200000.50").status == 201
    api.request("PATCH", f"/budget-items/{item['id']}", token=world["pj"], json={"actual_amount": "99000.01"})
    listed = budget(api, world)
    assert [i["kind"] for i in listed["items"]] == ["pemasukan"] * 3 + ["pengeluaran"] * 2
    assert [i["category"] for i in listed["items"]] == ["Kas", "Kas", "Sponsor", "Snack", "Kain"]
    assert listed["totals"] == {
        "pemasukan": {"planned": "150000.30", "actual": "200000.50"},
        "pengeluaran": {"planned": "102500.02", "actual": "99000.01"},
        "balance": {"planned": "47500.28", "actual": "101000.49"},
    }


def test_an_empty_budget_totals_zero(api, world):
    assert budget(api, world) == {"items": [], "totals": {kind: {"planned": "0.00", "actual": "0.00"} for kind in
                                                          ("pemasukan", "pengeluaran", "balance")}}


def test_realization_verification_and_what_clears_it(api, world):
    item = add(api, world, quantity="10", unit_price="25000").json
    path = f"/budget-items/{item['id']}"
    realized = api.request("PATCH", path, token=world["pj"],
                           json={"actual_amount": "240000", "receipt_url": "https://drive.example/nota-1.pdf"})
    assert realized.status == 200 and realized.header("etag") == '"2"'
    verified = api.post(f"{path}/verification", token=world["bendahara"], headers={"If-Match": '"2"'})
    assert verified.status == 200, verified.json
    assert verified.json["verified_by"] == world["people"]["bendahara"]["id"] and verified.json["verified_at"]
    again = api.post(f"{path}/verification", token=world["bendahara"])
    assert again.status == 200 and again.json["verified_at"] == verified.json["verified_at"]  # nothing changes
    described = api.request("PATCH", path, token=world["pj"], json={"description": "Nasi kotak panitia"})
    assert described.json["verified_by"] == world["people"]["bendahara"]["id"]  # not an amount: still verified
    for change in ({"actual_amount": "245000"}, {"quantity": "11"}, {"unit_price": "24000"},
                   {"receipt_url": "https://drive.example/nota-2.pdf"}, {"kind": "pemasukan"}):
        assert api.post(f"{path}/verification", token=world["bendahara"]).json["verified_by"]
        changed = api.request("PATCH", path, token=world["pj"], json=change)
        assert changed.status == 200, changed.json
        assert (changed.json["verified_by"], changed.json["verified_at"]) == (None, None), change
    api.post(f"{path}/verification", token=world["bendahara"])
    withdrawn = api.request("DELETE", f"{path}/verification", token=world["bendahara"])
    assert withdrawn.status == 200 and withdrawn.json["verified_by"] is None


def test_a_finished_program_takes_its_realization_for_the_lpj(api, database, world):
    ids, people = world["ids"], world["people"]
    program = make_program(database, ids, people, "selesai")
    item = make_budget_item(database, ids, people, program)
    path = f"/budget-items/{item}"
    realized = api.request("PATCH", path, token=world["pj"],
                           json={"actual_amount": "255000", "receipt_url": "https://drive.example/nota.pdf",
                                 "kind": "pengeluaran", "quantity": "10"})  # unchanged planned fields are fine
    assert realized.status == 200, realized.json
    assert api.post(f"{path}/verification", token=world["bendahara"]).status == 200
    for method, target, body in (("PATCH", path, {"unit_price": "30000"}),
                                 ("PATCH", path, {"category": "Makan"}),
                                 ("POST", f"/programs/{program}/budget-items",
                                  {"kind": "pemasukan", "category": "Kas", "unit_price": "1"}),
                                 ("DELETE", path, None)):
        refused = api.request(method, target, token=world["pj"], json=body)
        assert refused.status == 409 and "LPJ" in refused.json["detail"], refused.json
    after = api.get(f"/programs/{program}/budget-items", token=world["bendahara"]).json["items"]
    assert [(i["unit_price"], i["actual_amount"], i["category"]) for i in after] == [
        ("25000.00", "255000.00", "Konsumsi")]


@pytest.mark.parametrize("status", ["dibatalkan", "ditolak"])
def test_a_cancelled_or_rejected_programs_budget_takes_nothing(api, database, world, status):
    program = make_program(database, world["ids"], world["people"], status)
    item = make_budget_item(database, world["ids"], world["people"], program)
    assert api.request("PATCH", f"/budget-items/{item}", token=world["pj"],
                       json={"actual_amount": "1"}).status == 409
    assert api.post(f"/budget-items/{item}/verification", token=world["bendahara"]).status == 409
    assert api.get(f"/programs/{program}/budget-items", token=world["bendahara"]).status == 200


def test_if_match(api, world):
    created = add(api, world)
    path = f"/budget-items/{created.json['id']}"
    first = api.request("PATCH", path, token=world["pj"], json={"category": "Makan"},
                        headers={"If-Match": created.header("etag")})
    assert first.status == 200 and first.header("etag") == '"2"'
    for method, target, body in (("PATCH", path, {"category": "Minum"}), ("DELETE", path, None),
                                 ("POST", f"{path}/verification", None)):
        token = world["bendahara"] if target.endswith("verification") else world["pj"]
        stale = api.request(method, target, token=token, json=body, headers={"If-Match": created.header("etag")})
        assert stale.status == 412 and stale.header("content-type") == "application/problem+json", target
        assert "budget item" in stale.json["detail"]
    assert budget(api, world)["items"][0]["category"] == "Makan"
    assert budget(api, world)["items"][0]["verified_by"] is None
    assert api.request("DELETE", path, token=world["pj"], headers={"If-Match": '"2"'}).status == 204
    assert budget(api, world)["items"] == []
    assert api.request("DELETE", path, token=world["pj"]).status == 404


BAD_CREATE = [
    ({"kind": "hibah"}, "body.kind"),
    ({"kind": None}, "body.kind"),
    ({"category": ""}, "body.category"),
    ({"category": "x" * 201}, "body.category"),
    ({"quantity": "0"}, "body.quantity"),
    ({"quantity": "-1"}, "body.quantity"),
    ({"quantity": "1.005"}, "body.quantity"),
    ({"unit_price": "-0.01"}, "body.unit_price"),
    ({"unit_price": "1000.001"}, "body.unit_price"),
    ({"unit_price": "NaN"}, "body.unit_price"),
    ({"unit_price": "Infinity"}, "body.unit_price"),
    ({"unit_price": "1e20"}, "body.unit_price"),
    ({"unit_price": "seribu"}, "body.unit_price"),
    ({"actual_amount": "-5"}, "body.actual_amount"),
    ({"unit": "x" * 51}, "body.unit"),
    ({"description": "x" * 2001}, "body.description"),
    ({"receipt_url": "ftp://files.example/nota.pdf"}, "body.receipt_url"),
    ({"receipt_url": "javascript:alert(1)"}, "body.receipt_url"),
    ({"verified_by": str(uuid.uuid4())}, "body.verified_by"),
    ({"planned_amount": "1"}, "body.planned_amount"),
    ({"quantity": "9999999999.99", "unit_price": "999999999999.99"}, "body.quantity"),
]


@pytest.mark.parametrize(("fields", "field"), BAD_CREATE, ids=[f for _, f in BAD_CREATE])
def test_bad_input_on_create_names_the_field_and_changes_nothing(api, database, world, fields, field):
    refused = add(api, world, **fields)
    assert refused.status == 422, refused.json
    assert refused.header("content-type") == "application/problem+json"
    assert field in [error["field"] for error in refused.json["errors"]], refused.json
    with psycopg.connect(database) as conn:
        assert conn.execute("select count(*) from program_service.budget_items").fetchone()[0] == 0


BAD_UPDATE = [
    ({"kind": None}, "body.kind"),
    ({"category": None}, "body.category"),
    ({"quantity": None}, "body.quantity"),
    ({"unit_price": None}, "body.unit_price"),
    ({"unit_price": "12.345"}, "body.unit_price"),
    ({"actual_amount": "1e400"}, "body.actual_amount"),
    ({"unit_price": "999999999999.99", "quantity": "2"}, "body.unit_price"),
    ({"program_id": str(uuid.uuid4())}, "body.program_id"),
    ({"verified_at": "2026-01-01T00:00:00Z"}, "body.verified_at"),
]


@pytest.mark.parametrize(("fields", "field"), BAD_UPDATE, ids=[f for _, f in BAD_UPDATE])
def test_bad_input_on_update_names_the_field_and_changes_nothing(api, database, world, fields, field):
    item = make_budget_item(database, world["ids"], world["people"], world["program"])
    refused = api.request("PATCH", f"/budget-items/{item}", token=world["pj"], json=fields)
    assert refused.status == 422, refused.json
    assert field in [error["field"] for error in refused.json["errors"]], refused.json
    with psycopg.connect(database) as conn:
        assert conn.execute("select version, unit_price::text, kind from program_service.budget_items").fetchall() \
            == [(1, "25000.00", "pengeluaran")]


def test_malformed_ids_and_bodies(api, world):
    assert api.request("PATCH", "/budget-items/not-a-uuid", token=world["pj"],
                       json={"category": "x"}).json["errors"][0]["field"] == "path.item_id"
    assert api.get("/programs/nope/budget-items", token=world["pj"]).json["errors"][0]["field"] == "path.program_id"
    unknown = api.request("PATCH", f"/budget-items/{uuid.uuid4()}", token=world["pj"], json={"category": "x"})
    assert unknown.status == 404
    assert api.post(world["path"], token=world["pj"], body="{", headers={"content-type": "application/json"}
                    ).status == 400


def test_twenty_concurrent_updates_with_the_same_etag_one_wins(api, database, world, monkeypatch):
    monkeypatch.setenv("DB_POOL_MAX_SIZE", "25")
    reset_settings()
    db.close_pool()
    item = make_budget_item(database, world["ids"], world["people"], world["program"])
    actor = verify_access_token(world["pj"])
    barrier = threading.Barrier(20)

    def patch(n: int) -> str:
        barrier.wait()
        with part_store(actor) as store:
            try:
                parts_service.update_budget_item(store, actor, uuid.UUID(item),
                                                 BudgetItemUpdate(actual_amount=Decimal(1000 + n)), 1)
            except StaleVersion:
                return "412"
        return "200"

    try:
        with ThreadPoolExecutor(20) as pool:
            outcomes = list(pool.map(patch, range(20)))
    finally:
        monkeypatch.delenv("DB_POOL_MAX_SIZE")
        reset_settings()
        db.close_pool()
    assert sorted(outcomes) == ["200"] + ["412"] * 19
    assert budget(api, world)["items"][0]["version"] == 2
