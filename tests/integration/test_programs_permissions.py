"""The permission table of docs/domain.md for the program endpoints: one table, every role (the PJ, the head
of another department and an outsider included), every endpoint; then the same rules in SQL
alone; then every legal and illegal transition of the program lifecycle, from one table."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from functions.programs.access import TRANSITIONS
from tests.support.programs import (
    BOARD,
    EDITORS,
    HEADS,
    MEMBERS,
    PEOPLE,
    as_user,
    make_program,
    make_world,
    register_people,
)

CREATORS = BOARD | HEADS
NEW = {"organization_id": "{org}", "period_id": "{period}", "department_id": "{dept}", "name": "Bakti Sosial",
       "type": "event"}

# endpoint -> (status of the program it acts on, method, path template, body, who may, status when allowed)
ENDPOINTS: dict[str, tuple[str, str, str, Any, frozenset[str], int]] = {
    "read a program": ("draft", "GET", "/programs/{program}", None, MEMBERS, 200),
    "list the organization's programs": ("draft", "GET", "/programs?organization_id={org}", None, MEMBERS, 200),
    "read the history": ("draft", "GET", "/programs/{program}/history", None, MEMBERS, 200),
    "create a program in the department": ("draft", "POST", "/programs", NEW, CREATORS, 201),
    "edit a program": ("draft", "PATCH", "/programs/{program}", {"location": "Aula"}, EDITORS, 200),
    "delete a draft": ("draft", "DELETE", "/programs/{program}", None, EDITORS, 204),
    "submit": ("draft", "POST", "/programs/{program}/transitions", {"to": "diajukan"}, EDITORS, 200),
    "approve": ("diajukan", "POST", "/programs/{program}/transitions", {"to": "disetujui"}, BOARD, 200),
    "send back for revision": ("diajukan", "POST", "/programs/{program}/transitions",
                               {"to": "revisi", "note": "Anggaran terlalu besar"}, BOARD, 200),
    "reject": ("diajukan", "POST", "/programs/{program}/transitions", {"to": "ditolak"}, BOARD, 200),
    "start": ("disetujui", "POST", "/programs/{program}/transitions", {"to": "dalam_progres"}, EDITORS, 200),
    "pause": ("dalam_progres", "POST", "/programs/{program}/transitions", {"to": "ditunda"}, EDITORS, 200),
    "finish": ("dalam_progres", "POST", "/programs/{program}/transitions", {"to": "selesai"}, EDITORS, 200),
    "cancel": ("ditunda", "POST", "/programs/{program}/transitions",
               {"to": "dibatalkan", "note": "Bentrok dengan UTS"}, EDITORS, 200),
}
# The outsider gets 404 (the program or organization does not exist for them); a member who may not, 403.
CASES = [(endpoint, who) for endpoint in ENDPOINTS for who in PEOPLE]


@pytest.fixture(scope="module")
def people(api_session: Any, database_url: str) -> Iterator[dict[str, dict[str, str]]]:
    yield register_people(api_session, uuid.uuid4().hex[:6])
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("truncate auth_service.users, organization_service.organizations, program_service.programs,"
                     " events.outbox cascade")


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {key: _fill(item, ids) for key, item in value.items()}
    return value.format(**ids) if isinstance(value, str) else value


@pytest.mark.parametrize(("endpoint", "who"), CASES, ids=[f"{e}-{w}" for e, w in CASES])
def test_endpoint_permission(api_session, database_url, people, endpoint, who):
    status, method, template, body, allowed, success = ENDPOINTS[endpoint]
    ids = make_world(database_url, people)
    ids["program"] = make_program(database_url, ids, people, status)
    response = api_session.request(method, _fill(template, ids), token=people[who]["token"], json=_fill(body, ids))
    expected = success if who in allowed else 404 if who == "outsider" else 403
    assert response.status == expected, response.json


def test_a_head_creates_only_in_their_own_department(api_session, database_url, people):
    ids = make_world(database_url, people)
    other = {**_fill(NEW, ids), "department_id": ids["other_dept"]}
    assert api_session.post("/programs", token=people["kepala_departemen"]["token"], json=other).status == 403
    assert api_session.post("/programs", token=people["kepala_lain"]["token"], json=other).status == 201


def test_a_finished_period_is_read_only(api_session, database_url, people):
    ids = make_world(database_url, people, period_status="selesai")
    program = make_program(database_url, ids, people, "dalam_progres")
    ketua = people["ketua"]["token"]
    assert api_session.get(f"/programs/{program}", token=ketua).status == 200
    assert api_session.request("PATCH", f"/programs/{program}", token=ketua, json={"location": "x"}).status == 409
    assert api_session.post(f"/programs/{program}/transitions", token=ketua, json={"to": "selesai"}).status == 409
    assert api_session.post("/programs", token=ketua, json=_fill(NEW, ids)).status == 409


# ---- the same rules with no service in front: SQL as `authenticated` with each role's claims ----

SQL_RULES: dict[str, tuple[str, str, frozenset[str]]] = {
    "see a program": ("draft", "select 1 from program_service.programs where id = %(program)s", MEMBERS),
    "see its history": ("draft", "select 1 from program_service.program_status_history"
                                 " where program_id = %(program)s", MEMBERS),
    "create a program in the department": (
        "draft", "insert into program_service.programs (organization_id, period_id, department_id, name, type,"
                 " created_by) values (%(org)s, %(period)s, %(dept)s, 'X', 'rutin', (select auth.uid()))", CREATORS),
    "create a program already approved": (
        "draft", "insert into program_service.programs (organization_id, period_id, department_id, name, type,"
                 " created_by, status) values (%(org)s, %(period)s, %(dept)s, 'X', 'rutin', (select auth.uid()),"
                 " 'disetujui')", frozenset()),
    "edit a program": ("draft", "update program_service.programs set location = 'x' where id = %(program)s",
                       EDITORS),
    "delete a draft": ("draft", "delete from program_service.programs where id = %(program)s", EDITORS),
    "delete a submitted program": ("diajukan", "delete from program_service.programs where id = %(program)s",
                                   frozenset()),
    "submit": ("draft", "update program_service.programs set status = 'diajukan' where id = %(program)s",
               EDITORS),
    "approve": ("diajukan", "update program_service.programs set status = 'disetujui' where id = %(program)s",
                BOARD),
    "skip approval": ("draft", "update program_service.programs set status = 'dalam_progres'"
                               " where id = %(program)s", frozenset()),
    "edit a finished program": ("selesai", "update program_service.programs set location = 'x'"
                                           " where id = %(program)s", frozenset()),
    "move a program to another organization": (
        "draft", "update program_service.programs set organization_id = gen_random_uuid() where id = %(program)s",
        frozenset()),
    "write history": ("draft", "insert into program_service.program_status_history (program_id, organization_id,"
                               " to_status) values (%(program)s, %(org)s, 'selesai')", frozenset()),
}
SQL_CASES = [(rule, who) for rule in SQL_RULES for who in PEOPLE]


@pytest.mark.parametrize(("rule", "who"), SQL_CASES, ids=[f"{r}-{w}" for r, w in SQL_CASES])
def test_rls_alone_enforces(api_session, database_url, people, rule, who):
    status, statement, allowed = SQL_RULES[rule]
    ids = make_world(database_url, people)
    ids["program"] = make_program(database_url, ids, people, status)
    with as_user(database_url, people[who]["id"]) as conn:
        try:
            affected = conn.execute(statement, ids).rowcount
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.CheckViolation):
            affected = 0
    assert (affected > 0) == (who in allowed), f"{who} {'could' if affected else 'could not'} {rule}"


# ---- the lifecycle: every (from, to) pair, legal or not, through the endpoint ----

STATUSES = tuple(TRANSITIONS)
PAIRS = [(a, b) for a in STATUSES for b in STATUSES if a != b]


@pytest.mark.parametrize(("current", "wanted"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_transition(api_session, database_url, people, current, wanted):
    ids = make_world(database_url, people)
    program = make_program(database_url, ids, people, current)
    response = api_session.post(f"/programs/{program}/transitions", token=people["ketua"]["token"],
                                json={"to": wanted, "note": "Catatan rapat"})
    history = api_session.get(f"/programs/{program}/history", token=people["ketua"]["token"]).json["items"]
    if wanted in TRANSITIONS[current]:
        assert response.status == 200, response.json
        assert response.json["status"] == wanted
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
            row = conn.execute("select program_service.allowed_transitions(%s)", (status,)).fetchone()
            assert tuple(row[0]) == allowed, status
