"""If-Match answers exactly (RFC 9110 §13.1.1): a stale tag is 412 whatever else the request would meet; a
request without one applies to the current version, and when a concurrent change wins the race between its
read and its write, the answer says so (409) instead of blaming an If-Match that was never sent.

The race is made with two real transactions: the test's own holds a change to the task (its row locked, its
version moved) while the API's request, in a thread, has read the task and waits to write it; the test then
commits, and the request's version-guarded write finds the row changed.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import psycopg
import pytest

from tests.support.programs import make_program, make_world, register_people


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    people = register_people(api, uuid.uuid4().hex[:6])
    ids = make_world(database, people)
    program = make_program(database, ids, people, "dalam_progres")
    task = api.post(f"/programs/{program}/tasks", token=people["ketua"]["token"], json={"title": "Sewa gedung"})
    assert task.status == 201 and task.header("etag") == '"1"', task.json
    return {"ketua": people["ketua"]["token"], "ketua_id": people["ketua"]["id"], "task": task.json["id"]}


def test_a_stale_if_match_on_a_transition_is_412_even_when_the_move_is_no_longer_allowed(api, world):
    path = f"/tasks/{world['task']}/transitions"
    moved = api.post(path, token=world["ketua"], json={"to": "dalam_progres"}, headers={"If-Match": '"1"'})
    assert moved.status == 200 and moved.header("etag") == '"2"'
    # A second client read version 1 (belum_dimulai) and sends the same move: from dalam_progres it is illegal,
    # but what the client must learn first is that its copy is stale.
    stale = api.post(path, token=world["ketua"], json={"to": "dalam_progres"}, headers={"If-Match": '"1"'})
    assert stale.status == 412 and stale.header("content-type") == "application/problem+json"
    assert "If-Match" in stale.json["detail"]
    # with the current tag the move is judged on its merits
    current = api.post(path, token=world["ketua"], json={"to": "dalam_progres"}, headers={"If-Match": '"2"'})
    assert current.status == 409 and "dalam_progres" in current.json["detail"]


def test_a_stale_if_match_on_an_edit_is_412_before_the_edit_is_judged(api, world):
    path = f"/tasks/{world['task']}"
    assert api.patch(path, token=world["ketua"], json={"priority": "tinggi"}).header("etag") == '"2"'
    stale = api.patch(path, token=world["ketua"], json={"start_date": "2026-02-10", "due_date": "2026-02-01"},
                      headers={"If-Match": '"1"'})
    assert stale.status == 412  # not the 422 the dates would get


def _blocked_on_a_row_lock(database_url: str, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    with psycopg.connect(database_url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            waiting = conn.execute("select count(*) from pg_locks where not granted and locktype = 'transactionid'"
                                   ).fetchone()
            if waiting and waiting[0]:
                return True
            time.sleep(0.02)
    return False


def race(database_url: str, task_id: str, send: Callable[[], Any]) -> Any:
    """``send`` an API request while another transaction changes the task: the request reads the task, then its
    write waits for the other transaction, which commits a new version first."""
    with psycopg.connect(database_url) as other, ThreadPoolExecutor(1) as pool:
        other.execute("update task_service.tasks set description = 'changed meanwhile' where id = %s", (task_id,))
        answer: Future[Any] = pool.submit(send)
        assert _blocked_on_a_row_lock(database_url), "the request never reached its write"
        other.commit()
        return answer.result(timeout=30)


@pytest.mark.parametrize(("method", "suffix", "body"), [
    ("POST", "/transitions", {"to": "dalam_progres"}),
    ("PATCH", "", {"priority": "tinggi"}),
    ("PUT", "/assignees", {"assignees": []}),
], ids=["transition", "edit", "assignees"])
def test_without_if_match_a_lost_race_is_a_409_that_names_no_if_match(api, database, world, method, suffix, body):
    if method == "PUT":  # a change of assignees is a write only when the list changes
        assert api.put(f"/tasks/{world['task']}/assignees", token=world["ketua"],
                       json={"assignees": [world["ketua_id"]]}).status == 200
    answer = race(database, world["task"],
                  lambda: api.request(method, f"/tasks/{world['task']}{suffix}", token=world["ketua"], json=body))
    assert answer.status == 409, answer.json
    assert answer.header("content-type") == "application/problem+json"
    assert "If-Match" not in answer.json["detail"] and "at the same moment" in answer.json["detail"]
    task = api.get(f"/tasks/{world['task']}", token=world["ketua"])
    assert task.json["description"] == "changed meanwhile"  # the other change stands, this one saved nothing


def test_with_if_match_a_lost_race_is_412(api, database, world):
    # the tag matched when the request read the task; by its write it no longer does
    answer = race(database, world["task"], lambda: api.post(
        f"/tasks/{world['task']}/transitions", token=world["ketua"], json={"to": "dalam_progres"},
        headers={"If-Match": '"1"'}))
    assert answer.status == 412
