"""The permission table of docs/domain.md for the task endpoints: one table, every role (the PJ, the head of
another department, an assignee and an outsider included), every endpoint; then the same rules in
SQL alone; then every legal and illegal transition of the task lifecycle, from one table."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from functions.tasks.service import TRANSITIONS
from tests.support.programs import BOARD, HEADS, MEMBERS, PEOPLE, as_user, make_program, make_world, register_people
from tests.support.tasks import make_task

# The task is of a program of department `dept` led by `pj`, and assigned to `anggota`.
MANAGERS = BOARD | HEADS | {"sekretaris", "pj"}
MOVERS = MANAGERS | {"anggota"}
REOPENERS = MANAGERS - {"sekretaris"}
COMMENTERS = MEMBERS  # every active member of the period, pembina included

# endpoint -> (task status, method, path template, body, who may, status when allowed)
ENDPOINTS: dict[str, tuple[str, str, str, Any, frozenset[str], int]] = {
    "read a task": ("belum_dimulai", "GET", "/tasks/{task}", None, MEMBERS, 200),
    "list the program's tasks": ("belum_dimulai", "GET", "/programs/{program}/tasks", None, MEMBERS, 200),
    "read the history": ("belum_dimulai", "GET", "/tasks/{task}/history", None, MEMBERS, 200),
    "read the comments": ("belum_dimulai", "GET", "/tasks/{task}/comments", None, MEMBERS, 200),
    "create a task": ("belum_dimulai", "POST", "/programs/{program}/tasks", {"title": "Konsumsi"}, MANAGERS, 201),
    "edit a task": ("belum_dimulai", "PATCH", "/tasks/{task}", {"priority": "kritis"}, MANAGERS, 200),
    "delete a task": ("belum_dimulai", "DELETE", "/tasks/{task}", None, MANAGERS, 204),
    "assign": ("belum_dimulai", "PUT", "/tasks/{task}/assignees", {"assignees": ["{anggota}", "{kepala_lain}"]},
               MANAGERS, 200),
    "start": ("belum_dimulai", "POST", "/tasks/{task}/transitions", {"to": "dalam_progres"}, MOVERS, 200),
    "send to review": ("dalam_progres", "POST", "/tasks/{task}/transitions", {"to": "review"}, MOVERS, 200),
    "finish": ("review", "POST", "/tasks/{task}/transitions", {"to": "selesai"}, MOVERS, 200),
    "put on hold": ("dalam_progres", "POST", "/tasks/{task}/transitions", {"to": "ditunda"}, MOVERS, 200),
    "cancel": ("belum_dimulai", "POST", "/tasks/{task}/transitions", {"to": "dibatalkan"}, MOVERS, 200),
    "reopen": ("selesai", "POST", "/tasks/{task}/transitions", {"to": "dalam_progres", "note": "Belum lengkap"},
               REOPENERS, 200),
    "move in bulk": ("dalam_progres", "POST", "/tasks/bulk-transitions", {"task_ids": ["{task}"], "to": "review"},
                     MOVERS, 200),
    "comment": ("belum_dimulai", "POST", "/tasks/{task}/comments", {"body": "Sudah dihubungi"}, COMMENTERS, 201),
}
# The outsider gets 404 (the task or program does not exist for them); a member who may not, 403.
CASES = [(endpoint, who) for endpoint in ENDPOINTS for who in PEOPLE]


@pytest.fixture(scope="module")
def people(api_session: Any, database_url: str) -> Iterator[dict[str, dict[str, str]]]:
    yield register_people(api_session, uuid.uuid4().hex[:6])
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("truncate auth_service.users, organization_service.organizations, program_service.programs,"
                     " task_service.tasks, events.outbox cascade")


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {key: _fill(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill(item, ids) for item in value]
    return value.format(**ids) if isinstance(value, str) else value


def _world(database_url: str, people: dict[str, dict[str, str]], task_status: str,
           program_status: str = "dalam_progres") -> dict[str, str]:
    ids = make_world(database_url, people)
    ids["program"] = make_program(database_url, ids, people, program_status)
    ids["task"] = make_task(database_url, ids["program"], people["ketua"]["id"], task_status,
                            assignees=[people["anggota"]["id"]])
    return ids | {who: people[who]["id"] for who in PEOPLE}


@pytest.mark.parametrize(("endpoint", "who"), CASES, ids=[f"{e}-{w}" for e, w in CASES])
def test_endpoint_permission(api_session, database_url, people, endpoint, who):
    status, method, template, body, allowed, success = ENDPOINTS[endpoint]
    ids = _world(database_url, people, status)
    response = api_session.request(method, _fill(template, ids), token=people[who]["token"], json=_fill(body, ids))
    expected = success if who in allowed else 404 if who == "outsider" else 403
    assert response.status == expected, response.json


def test_my_tasks_are_only_mine(api_session, database_url, people):
    ids = make_world(database_url, people)
    program = make_program(database_url, ids, people, "dalam_progres")
    task = make_task(database_url, program, people["ketua"]["id"], due_date="2000-01-01",
                     assignees=[people["anggota"]["id"]])
    for who in PEOPLE:  # (the only task due so long ago: earlier tests' tasks are still there)
        listed = api_session.get("/me/tasks?due_before=2000-01-02", token=people[who]["token"])
        assert listed.status == 200
        assert [t["id"] for t in listed.json["items"]] == ([task] if who == "anggota" else []), who


# ---- the same rules with no service in front: SQL as `authenticated` with each role's claims ----

NOBODY: frozenset[str] = frozenset()
# rule -> (task status, program status, statement, who may)
SQL_RULES: dict[str, tuple[str, str, str, frozenset[str]]] = {
    "see a task": ("belum_dimulai", "dalam_progres", "select 1 from task_service.tasks where id = %(task)s", MEMBERS),
    "see its assignees": ("belum_dimulai", "dalam_progres",
                          "select 1 from task_service.task_assignees where task_id = %(task)s", MEMBERS),
    "see its history": ("belum_dimulai", "dalam_progres",
                        "select 1 from task_service.task_status_history where task_id = %(task)s", MEMBERS),
    "see its comments": ("belum_dimulai", "dalam_progres",
                         "select 1 from task_service.task_comments where task_id = %(task)s", MEMBERS),
    "create a task": ("belum_dimulai", "dalam_progres",
                      "insert into task_service.tasks (program_id, title, created_by)"
                      " values (%(program)s, 'X', (select auth.uid()))", MANAGERS),
    "create a task already done": ("belum_dimulai", "dalam_progres",
                                   "insert into task_service.tasks (program_id, title, created_by, status)"
                                   " values (%(program)s, 'X', (select auth.uid()), 'selesai')", NOBODY),
    "create a task in a finished program": ("belum_dimulai", "selesai",
                                            "insert into task_service.tasks (program_id, title, created_by)"
                                            " values (%(program)s, 'X', (select auth.uid()))", NOBODY),
    "edit a task": ("belum_dimulai", "dalam_progres",
                    "update task_service.tasks set title = 'x' where id = %(task)s", MANAGERS),
    "edit a task of a finished program": ("belum_dimulai", "selesai",
                                          "update task_service.tasks set title = 'x' where id = %(task)s", NOBODY),
    "move its status": ("belum_dimulai", "dalam_progres",
                        "update task_service.tasks set status = 'dalam_progres' where id = %(task)s", MOVERS),
    "move its status while changing its title": (
        "belum_dimulai", "dalam_progres",
        "update task_service.tasks set status = 'dalam_progres', title = 'x' where id = %(task)s", MANAGERS),
    "skip the review": ("dalam_progres", "dalam_progres",
                        "update task_service.tasks set status = 'selesai' where id = %(task)s", NOBODY),
    "reopen": ("selesai", "dalam_progres",
               "update task_service.tasks set status = 'dalam_progres' where id = %(task)s", REOPENERS),
    "move it to another program": ("belum_dimulai", "dalam_progres",
                                   "update task_service.tasks set program_id = gen_random_uuid() where id = %(task)s",
                                   NOBODY),
    "delete a task": ("belum_dimulai", "dalam_progres", "delete from task_service.tasks where id = %(task)s",
                      MANAGERS),
    "assign a member": ("belum_dimulai", "dalam_progres",
                        "insert into task_service.task_assignees (task_id, user_id, assigned_by)"
                        " values (%(task)s, %(kepala_lain)s, (select auth.uid()))", MANAGERS),
    "assign the pembina": ("belum_dimulai", "dalam_progres",
                           "insert into task_service.task_assignees (task_id, user_id, assigned_by)"
                           " values (%(task)s, %(pembina)s, (select auth.uid()))", NOBODY),
    "assign an outsider": ("belum_dimulai", "dalam_progres",
                           "insert into task_service.task_assignees (task_id, user_id, assigned_by)"
                           " values (%(task)s, %(outsider)s, (select auth.uid()))", NOBODY),
    "unassign": ("belum_dimulai", "dalam_progres",
                 "delete from task_service.task_assignees where task_id = %(task)s", MANAGERS),
    "write history": ("belum_dimulai", "dalam_progres",
                      "insert into task_service.task_status_history (task_id, organization_id, to_status)"
                      " values (%(task)s, %(org)s, 'selesai')", NOBODY),
    "comment": ("belum_dimulai", "dalam_progres",
                "insert into task_service.task_comments (task_id, author_id, body)"
                " values (%(task)s, (select auth.uid()), 'x')", COMMENTERS),
    "comment in someone else's name": ("belum_dimulai", "dalam_progres",
                                       "insert into task_service.task_comments (task_id, author_id, body)"
                                       " values (%(task)s, gen_random_uuid(), 'x')", NOBODY),
    "comment on a task of a finished program": ("belum_dimulai", "selesai",
                                                "insert into task_service.task_comments (task_id, author_id, body)"
                                                " values (%(task)s, (select auth.uid()), 'x')", NOBODY),
}
SQL_CASES = [(rule, who) for rule in SQL_RULES for who in PEOPLE]
REFUSED = (psycopg.errors.InsufficientPrivilege, psycopg.errors.CheckViolation, psycopg.errors.ForeignKeyViolation)


@pytest.mark.parametrize(("rule", "who"), SQL_CASES, ids=[f"{r}-{w}" for r, w in SQL_CASES])
def test_rls_alone_enforces(api_session, database_url, people, rule, who):
    task_status, program_status, statement, allowed = SQL_RULES[rule]
    ids = _world(database_url, people, task_status, program_status)
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("insert into task_service.task_comments (task_id, author_id, body) values (%s, %s, 'Oke')",
                     (ids["task"], ids["ketua"]))
    with as_user(database_url, people[who]["id"]) as conn:
        try:
            affected = conn.execute(statement, ids).rowcount
        except REFUSED:
            affected = 0
    assert (affected > 0) == (who in allowed), f"{who} {'could' if affected else 'could not'} {rule}"


def test_a_finished_period_is_read_only_in_sql(api_session, database_url, people):
    ids = make_world(database_url, people, period_status="selesai")
    program = make_program(database_url, ids, people, "dalam_progres")
    task = make_task(database_url, program, people["ketua"]["id"], assignees=[people["anggota"]["id"]])
    for who, statement in (("ketua", "update task_service.tasks set title = 'x' where id = %s"),
                           ("anggota", "update task_service.tasks set status = 'dalam_progres' where id = %s"),
                           ("ketua", "delete from task_service.tasks where id = %s")):
        with as_user(database_url, people[who]["id"]) as conn:
            assert conn.execute(statement, (task,)).rowcount == 0, (who, statement)


# ---- the lifecycle: every (from, to) pair, legal or not, through the endpoint ----

STATUSES = tuple(TRANSITIONS)
PAIRS = [(a, b) for a in STATUSES for b in STATUSES if a != b]


@pytest.mark.parametrize(("current", "wanted"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_transition(api_session, database_url, people, current, wanted):
    ids = _world(database_url, people, current)
    response = api_session.post(f"/tasks/{ids['task']}/transitions", token=people["ketua"]["token"],
                                json={"to": wanted, "note": "Catatan rapat"})
    history = api_session.get(f"/tasks/{ids['task']}/history", token=people["ketua"]["token"]).json["items"]
    if wanted in TRANSITIONS[current]:
        assert response.status == 200, response.json
        assert response.json["status"] == wanted and (response.json["completed_at"] is None) == (wanted != "selesai")
        assert response.header("etag") == '"2"'
        assert [(h["from_status"], h["to_status"], h["note"], h["changed_by"]) for h in history[1:]] == [
            (current, wanted, "Catatan rapat", people["ketua"]["id"])]
    else:
        assert response.status == 409, response.json
        allowed = ", ".join(TRANSITIONS[current]) or "none (it is final)"
        assert allowed in response.json["detail"]
        assert response.json["errors"][0]["field"] == "body.to"
        assert len(history) == 1


def test_the_sql_lifecycle_is_the_same_table(database_url):
    with psycopg.connect(database_url) as conn:
        for status, allowed in TRANSITIONS.items():
            row = conn.execute("select task_service.allowed_transitions(%s)", (status,)).fetchone()
            assert tuple(row[0]) == allowed, status
