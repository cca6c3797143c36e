"""Task events reach the outbox, and task changes the program's activity log, in the same transaction
as the change."""

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
    ids["program"] = make_program(database, ids, people, "dalam_progres")
    return {"people": people, "ids": ids, "ketua": people["ketua"]["token"],
            "id": {who: person["id"] for who, person in people.items()}}


def outbox(database_url: str, org_id: str) -> list[tuple[str, str, str, dict[str, Any]]]:
    with psycopg.connect(database_url) as conn:
        return conn.execute("select type, aggregate, aggregate_id::text, payload from events.outbox"
                            " where organization_id = %s and type not like 'program.%%' order by occurred_at",
                            (org_id,)).fetchall()


def test_every_task_event_with_what_a_notification_needs(api, database, world):
    ids, ketua, who = world["ids"], world["ketua"], world["id"]
    task = api.post(f"/programs/{ids['program']}/tasks", token=ketua, json={
        "title": "Sewa gedung", "due_date": "2026-12-01", "outside_program_dates": True,
        "assignees": [who["anggota"], who["pj"]]}).json
    path = f"/tasks/{task['id']}"
    assert api.post(f"{path}/transitions", token=ketua, json={"to": "dalam_progres", "note": "Mulai"}).status == 200
    assert api.patch(path, token=ketua, json={"due_date": "2026-12-05", "outside_program_dates": True}).status == 200
    assert api.patch(path, token=ketua, json={"title": "Sewa aula"}).status == 200  # neither status nor due: no event
    assert api.put(f"{path}/assignees", token=ketua, json={"assignees": [who["pj"], who["sekretaris"]]}).status == 200
    assert api.post(f"{path}/comments", token=world["people"]["anggota"]["token"], json={"body": "Sudah DP"}
                    ).status == 201
    events = outbox(database, ids["org"])
    assert [(e[0], e[1], e[2]) for e in events] == [
        ("task.created", "task", task["id"]), ("task.assigned", "task", task["id"]),
        ("task.assigned", "task", task["id"]), ("task.status_changed", "task", task["id"]),
        ("task.due_date_changed", "task", task["id"]), ("task.unassigned", "task", task["id"]),
        ("task.assigned", "task", task["id"]), ("comment.created", "task", task["id"])]
    payloads = [e[3] for e in events]
    common = {"task_id": task["id"], "program_id": ids["program"], "organization_id": ids["org"]}
    for payload in payloads:
        assert payload | common == payload, payload
    created, assigned, _, changed, due, unassigned, reassigned, comment = payloads
    assert (created["title"], created["due_date"], created["created_by"]) == ("Sewa gedung", "2026-12-01", who["ketua"])
    assert (assigned["user_id"], assigned["actor"], assigned["title"]) == (who["anggota"], who["ketua"], "Sewa gedung")
    assert (changed["from"], changed["to"], changed["note"], changed["changed_by"], changed["person_in_charge"]) == (
        "belum_dimulai", "dalam_progres", "Mulai", who["ketua"], who["pj"])
    assert sorted(changed["assignees"]) == sorted([who["anggota"], who["pj"]])
    assert (due["from"], due["to"], due["changed_by"]) == ("2026-12-01", "2026-12-05", who["ketua"])
    assert (unassigned["user_id"], reassigned["user_id"]) == (who["anggota"], who["sekretaris"])
    assert unassigned["title"] == "Sewa aula"
    assert (comment["author_id"], comment["body"]) == (who["anggota"], "Sudah DP")
    assert sorted(comment["assignees"]) == sorted([who["pj"], who["sekretaris"]])


def test_bulk_changes_write_one_event_per_task(api, database, world):
    ids = world["ids"]
    tasks = [api.post(f"/programs/{ids['program']}/tasks", token=world["ketua"], json={"title": f"T{n}"}).json["id"]
             for n in range(3)]
    moved = api.post("/tasks/bulk-transitions", token=world["ketua"], json={"task_ids": tasks, "to": "dalam_progres"})
    assert moved.status == 200
    changed = [e for e in outbox(database, ids["org"]) if e[0] == "task.status_changed"]
    assert sorted(e[2] for e in changed) == sorted(tasks)


def test_refused_changes_and_deleted_tasks_write_no_event(api, database, world):
    ids = world["ids"]
    refused = api.post(f"/programs/{ids['program']}/tasks", token=world["ketua"],
                       json={"title": "X", "assignees": [world["id"]["outsider"]]})
    assert refused.status == 422
    assert outbox(database, ids["org"]) == []
    task = api.post(f"/programs/{ids['program']}/tasks", token=world["ketua"],
                    json={"title": "X", "assignees": [world["id"]["anggota"]]}).json["id"]
    assert api.delete(f"/tasks/{task}", token=world["ketua"]).status == 204
    assert [e[0] for e in outbox(database, ids["org"])] == ["task.created", "task.assigned"]  # no task.unassigned


def test_task_changes_reach_the_programs_activity_log(api, database, world):
    ids, ketua = world["ids"], world["ketua"]
    task = api.post(f"/programs/{ids['program']}/tasks", token=ketua,
                    json={"title": "Sewa gedung", "assignees": [world["id"]["anggota"]]}).json["id"]
    api.patch(f"/tasks/{task}", token=ketua, json={"priority": "tinggi"})
    api.post(f"/tasks/{task}/transitions", token=world["people"]["anggota"]["token"], json={"to": "dalam_progres"})
    api.put(f"/tasks/{task}/assignees", token=ketua, json={"assignees": []})
    api.post(f"/tasks/{task}/comments", token=ketua, json={"body": "Oke"})
    api.delete(f"/tasks/{task}", token=ketua)
    with psycopg.connect(database) as conn:
        activity = conn.execute("select action, entity, actor::text, summary from program_service.activity"
                                " where program_id = %s and action not like 'program.%%' order by id",
                                (ids["program"],)).fetchall()
    who = world["id"]
    assert [(a[0], a[1], a[2]) for a in activity] == [
        ("task.created", "task", who["ketua"]), ("task.assigned", "task", who["ketua"]),
        ("task.updated", "task", who["ketua"]), ("task.status_changed", "task", who["anggota"]),
        ("task.unassigned", "task", who["ketua"]), ("comment.created", "comment", who["ketua"]),
        ("task.deleted", "task", who["ketua"])]
    assert "Sewa gedung" in activity[0][3] and "belum_dimulai -> dalam_progres" in activity[3][3]
