"""A program's status change reaches its tasks (issue 5): through the API, the outbox and the local
dispatcher (routing from template.yaml) to the tasks service's consumer. Cancelling cancels the open
tasks; pausing puts them on hold; resuming gives back the status each had. Each change is in the
task's history with the program's event as its cause; a redelivered event changes nothing."""

from __future__ import annotations

import json
import uuid
from typing import Any

import psycopg
import pytest
from psycopg.rows import dict_row

from functions.events.models import OutboxEvent
from functions.tasks.consumers.program_status import handler as program_status_consumer
from infra.local.events import LocalDispatcher, eventbridge_event, sqs_record
from infra.local.gateway import LambdaContext
from tests.support.programs import as_user, make_program, make_world, register_people

OPEN = ("belum_dimulai", "dalam_progres", "review")


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    """A program in progress with a task in every status (on_hold: paused by a person, not the program)."""
    people = register_people(api, uuid.uuid4().hex[:6])
    ids = make_world(database, people)
    program = make_program(database, ids, people, "dalam_progres")
    ketua = people["ketua"]["token"]
    paths = {"belum_dimulai": [], "dalam_progres": ["dalam_progres"], "review": ["dalam_progres", "review"],
             "selesai": ["dalam_progres", "review", "selesai"], "on_hold": ["dalam_progres", "ditunda"],
             "dibatalkan": ["dibatalkan"]}
    tasks = {}
    for name, path in paths.items():
        task = api.post(f"/programs/{program}/tasks", token=ketua,
                        json={"title": f"Tugas {name}", "assignees": [people["anggota"]["id"]]}).json["id"]
        for to in path:
            assert api.post(f"/tasks/{task}/transitions", token=ketua, json={"to": to}).status == 200
        tasks[name] = task
    return {"program": program, "tasks": tasks, "ketua": ketua, "people": people}


def move_program(api, world, to: str, note: str | None = None) -> None:
    body = {"to": to} | ({"note": note} if note else {})
    answer = api.post(f"/programs/{world['program']}/transitions", token=world["ketua"], json=body)
    assert answer.status == 200, answer.json


def statuses(api, world) -> dict[str, str]:
    return {name: api.get(f"/tasks/{task}", token=world["ketua"]).json["status"]
            for name, task in world["tasks"].items()}


def program_events(database_url: str, program: str) -> list[dict[str, Any]]:
    with psycopg.connect(database_url, row_factory=dict_row) as conn:
        return conn.execute("select * from events.outbox where type = 'program.status_changed' and aggregate_id = %s"
                            " order by occurred_at", (program,)).fetchall()


def last_change(api, world, name: str) -> dict[str, Any]:
    return api.get(f"/tasks/{world['tasks'][name]}/history", token=world["ketua"]).json["items"][-1]


def test_pausing_holds_the_open_tasks_and_resuming_gives_their_status_back(api, database, world):
    before = statuses(api, world)
    move_program(api, world, "ditunda", "Libur semester")
    LocalDispatcher(database).sweep()

    paused = statuses(api, world)
    assert paused == {**before, "belum_dimulai": "ditunda", "dalam_progres": "ditunda", "review": "ditunda"}
    [event] = program_events(database, world["program"])
    assert event["state"] == "delivered"
    for name in OPEN:
        change = last_change(api, world, name)
        assert (change["from_status"], change["to_status"]) == (name, "ditunda")
        assert change["note"] == "Program ditunda: Libur semester"
        assert change["cause_event_id"] == str(event["id"])
        assert change["changed_by"] is None

    move_program(api, world, "dalam_progres", "Kembali jalan")
    LocalDispatcher(database).sweep()

    assert statuses(api, world) == before  # the task a person put on hold stays on hold
    for name in OPEN:
        change = last_change(api, world, name)
        assert (change["from_status"], change["to_status"], change["note"]) == (
            "ditunda", name, "Program dilanjutkan: Kembali jalan")
    with psycopg.connect(database) as conn:
        assert conn.execute("select count(*) from task_service.program_holds").fetchone()[0] == 0


def test_cancelling_cancels_the_open_tasks_with_the_reason(api, database, world):
    move_program(api, world, "dibatalkan", "Dana tidak cukup")
    LocalDispatcher(database).sweep()

    assert statuses(api, world) == {"belum_dimulai": "dibatalkan", "dalam_progres": "dibatalkan",
                                    "review": "dibatalkan", "selesai": "selesai", "on_hold": "dibatalkan",
                                    "dibatalkan": "dibatalkan"}
    [event] = program_events(database, world["program"])
    for name in (*OPEN, "on_hold"):
        change = last_change(api, world, name)
        assert (change["to_status"], change["note"], change["cause_event_id"]) == (
            "dibatalkan", "Program dibatalkan: Dana tidak cukup", str(event["id"]))


def test_the_changes_publish_task_events_for_the_assignees(api, database, world):
    move_program(api, world, "dibatalkan", "Dana tidak cukup")
    LocalDispatcher(database).sweep()
    with psycopg.connect(database, row_factory=dict_row) as conn:
        changed = conn.execute("select payload from events.outbox where type = 'task.status_changed'"
                               " and payload ->> 'note' = 'Program dibatalkan: Dana tidak cukup'").fetchall()
    assert sorted(row["payload"]["task_id"] for row in changed) == sorted(
        world["tasks"][name] for name in (*OPEN, "on_hold"))
    anggota = world["people"]["anggota"]["id"]
    assert all(row["payload"]["assignees"] == [anggota] and row["payload"]["changed_by"] is None for row in changed)


def test_cancelling_a_paused_program_cancels_the_held_tasks_too(api, database, world):
    move_program(api, world, "ditunda")
    LocalDispatcher(database).sweep()
    move_program(api, world, "dibatalkan", "Tidak jadi")
    LocalDispatcher(database).sweep()
    assert statuses(api, world)["review"] == "dibatalkan"
    assert last_change(api, world, "review")["note"] == "Program dibatalkan: Tidak jadi"
    with psycopg.connect(database) as conn:
        assert conn.execute("select count(*) from task_service.program_holds").fetchone()[0] == 0


def test_a_redelivered_program_event_changes_nothing(api, database, world):
    move_program(api, world, "ditunda")
    LocalDispatcher(database).sweep()
    after_first = {name: api.get(f"/tasks/{task}", token=world["ketua"]).json for name, task in world["tasks"].items()}
    with psycopg.connect(database) as conn:  # deliver it again, as SQS may
        conn.execute("update events.outbox set state = 'pending', delivered_at = null"
                     " where type = 'program.status_changed'")
    assert LocalDispatcher(database).sweep().delivered >= 1
    again = {name: api.get(f"/tasks/{task}", token=world["ketua"]).json for name, task in world["tasks"].items()}
    assert again == after_first  # same status, same version


def test_events_out_of_order_do_not_undo_a_newer_change(api, database, world):
    """Pause then resume, delivered resume first: the pause, now stale, holds nothing."""
    before = statuses(api, world)
    move_program(api, world, "ditunda")
    move_program(api, world, "dalam_progres")
    pause, resume = program_events(database, world["program"])
    with psycopg.connect(database) as conn:  # nobody else delivers them
        conn.execute("update events.outbox set state = 'dead' where type = 'program.status_changed'")
    for row in (resume, pause):
        event = OutboxEvent(**{key: row[key] for key in ("id", "type", "aggregate", "aggregate_id",
                                                          "organization_id", "occurred_at", "payload")})
        record = sqs_record("TasksProgramStatusQueue", json.dumps(eventbridge_event(event)), 1)
        context = LambdaContext(function_name="TasksProgramStatusFunction")
        answer = program_status_consumer({"Records": [record]}, context)
        assert answer == {"batchItemFailures": []}
    assert statuses(api, world) == before


def test_a_person_cannot_use_the_programs_path(api, database, world):
    """Only the consumer (service_role, with a cause) may put a task that is not in progress on hold."""
    with as_user(database, world["people"]["ketua"]["id"]) as conn, pytest.raises(psycopg.errors.CheckViolation):
        conn.execute("select set_config('task_service.cause', gen_random_uuid()::text, true)")
        conn.execute("update task_service.tasks set status = 'ditunda' where id = %s",
                     (world["tasks"]["belum_dimulai"],))
