"""Program events reach the outbox in the same transaction as the change, and users cannot touch it."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest

from tests.support.programs import as_user, make_world, register_people


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    people = register_people(api, uuid.uuid4().hex[:6])
    return {"people": people, "ids": make_world(database, people), "ketua": people["ketua"]["token"]}


def outbox(database_url: str, org_id: str) -> list[tuple]:
    with psycopg.connect(database_url) as conn:
        return conn.execute("select type, aggregate, aggregate_id::text, organization_id::text, payload, state"
                            " from events.outbox where organization_id = %s order by occurred_at",
                            (org_id,)).fetchall()


def test_created_and_status_changed_events(api, database, world):
    ids, ketua = world["ids"], world["ketua"]
    program = api.post("/programs", token=ketua, json={
        "organization_id": ids["org"], "period_id": ids["period"], "name": "Bakti Sosial", "type": "event"}).json
    assert api.post(f"/programs/{program['id']}/transitions", token=ketua,
                    json={"to": "diajukan", "note": "Mohon disetujui"}).status == 200
    api.request("PATCH", f"/programs/{program['id']}", token=ketua, json={"location": "Desa"})  # no status: no event
    events = outbox(database, ids["org"])
    assert [(e[0], e[1], e[2], e[3], e[5]) for e in events] == [
        ("program.created", "program", program["id"], ids["org"], "pending"),
        ("program.status_changed", "program", program["id"], ids["org"], "pending")]
    changed = events[1][4]
    assert (changed["from"], changed["to"], changed["note"], changed["changed_by"]) == (
        "draft", "diajukan", "Mohon disetujui", world["people"]["ketua"]["id"])


def test_a_refused_change_writes_no_event(api, database, world):
    ids = world["ids"]
    refused = api.post("/programs", token=world["ketua"], json={
        "organization_id": ids["org"], "period_id": ids["period"], "name": "X", "type": "event",
        "person_in_charge": world["people"]["outsider"]["id"]})
    assert refused.status == 422
    assert outbox(database, ids["org"]) == []


def test_users_cannot_read_or_write_the_outbox(api, database, world):
    api.post("/programs", token=world["ketua"], json={
        "organization_id": world["ids"]["org"], "period_id": world["ids"]["period"], "name": "X", "type": "rutin"})
    for statement in ("select * from events.outbox",
                      "insert into events.outbox (type, aggregate, aggregate_id, payload)"
                      " values ('program.created', 'program', gen_random_uuid(), '{}')",
                      "update events.outbox set state = 'delivered'"):
        with as_user(database, world["people"]["ketua"]["id"]) as conn, pytest.raises(
                psycopg.errors.InsufficientPrivilege):
            conn.execute(statement)
