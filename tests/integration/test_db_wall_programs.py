"""The second wall of programs, tasks and reports alone: SQL as ``authenticated`` with one's own claims
(no service in front), as a department head, a PJ, the ketua of another organization, a deactivated
member and a caller whose claims have no ``sub``. Each statement here was let through before."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest

from tests.support.program_parts import add_to_committee, make_budget_item, make_milestone
from tests.support.programs import as_user, make_program, make_world, register_people
from tests.support.tasks import make_task


@pytest.fixture
def worlds(api, database) -> dict[str, Any]:
    """Two organizations, everyone in their role in each; a program of ``dept`` led by ``pj`` in the first."""
    people = register_people(api, uuid.uuid4().hex[:6])
    others = register_people(api, uuid.uuid4().hex[:6])
    ids, other_ids = make_world(database, people), make_world(database, others)
    program = make_program(database, ids, people, "dalam_progres")
    return {"people": people, "ids": ids, "others": others, "other_ids": other_ids, "program": program,
            "db": database}


@contextmanager
def claims(database_url: str, role: str, values: dict[str, Any]) -> Iterator[psycopg.Connection[Any]]:
    """A transaction as ``role`` with exactly these claims; rolled back after."""
    with psycopg.connect(database_url) as conn:
        conn.execute("select set_config('role', %s, true), set_config('request.jwt.claims', %s, true)",
                     (role, json.dumps(values)))
        try:
            yield conn
        finally:
            conn.rollback()


def refused(conn: psycopg.Connection[Any], statement: str, params: Any = ()) -> bool:
    """True when the statement fails or changes nothing."""
    try:
        with conn.transaction():
            return conn.execute(statement, params).rowcount == 0
    except psycopg.Error:
        return True


def deactivate(database_url: str, org: str, user_id: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("update organization_service.memberships set active = false, left_at = now()"
                     " where organization_id = %s and user_id = %s", (org, user_id))


def uid(world: dict[str, Any], who: str) -> str:
    return world["people"][who]["id"]


# ---- 1. who a program names ----

def test_a_department_head_cannot_make_an_outsider_the_person_in_charge(worlds):
    db, ids, program = worlds["db"], worlds["ids"], worlds["program"]
    strangers = {"an outsider": uid(worlds, "outsider"), "the ketua of another organization":
                 worlds["others"]["ketua"]["id"], "a made-up user": str(uuid.uuid4())}
    with as_user(db, uid(worlds, "kepala_departemen")) as conn:
        for who, stranger in strangers.items():
            assert refused(conn, "update program_service.programs set person_in_charge = %s where id = %s",
                           (stranger, program)), who
            assert refused(conn, "insert into program_service.programs (organization_id, period_id, department_id,"
                                 " name, type, person_in_charge, created_by) values (%s, %s, %s, 'Bakti', 'event',"
                                 " %s, %s)", (ids["org"], ids["period"], ids["dept"], stranger,
                                              uid(worlds, "kepala_departemen"))), who
        # a member of the period is fine, and so is nobody
        assert not refused(conn, "update program_service.programs set person_in_charge = %s where id = %s",
                           (uid(worlds, "anggota"), program))
        assert not refused(conn, "update program_service.programs set person_in_charge = null where id = %s",
                           (program,))


def test_a_deactivated_member_cannot_be_made_the_person_in_charge(worlds):
    db, ids, program = worlds["db"], worlds["ids"], worlds["program"]
    deactivate(db, ids["org"], uid(worlds, "anggota"))
    with as_user(db, uid(worlds, "ketua")) as conn:
        assert refused(conn, "update program_service.programs set person_in_charge = %s where id = %s",
                       (uid(worlds, "anggota"), program))


def test_a_person_in_charge_who_left_does_not_freeze_the_program(worlds):
    """Only a change of PJ is checked: the board still edits a program whose PJ left, and hands it on."""
    db, ids, program = worlds["db"], worlds["ids"], worlds["program"]
    deactivate(db, ids["org"], uid(worlds, "pj"))
    with as_user(db, uid(worlds, "ketua")) as conn:
        assert not refused(conn, "update program_service.programs set location = 'Aula' where id = %s", (program,))
        assert not refused(conn, "update program_service.programs set person_in_charge = %s where id = %s",
                           (uid(worlds, "anggota"), program))


def test_the_board_cannot_file_a_program_under_another_organizations_department(worlds):
    db, ids, other_ids, program = worlds["db"], worlds["ids"], worlds["other_ids"], worlds["program"]
    with as_user(db, uid(worlds, "ketua")) as conn:
        assert refused(conn, "update program_service.programs set department_id = %s where id = %s",
                       (other_ids["dept"], program))
        assert refused(conn, "insert into program_service.programs (organization_id, period_id, department_id, name,"
                             " type, created_by) values (%s, %s, %s, 'Bakti', 'event', %s)",
                       (ids["org"], ids["period"], other_ids["dept"], uid(worlds, "ketua")))
        assert not refused(conn, "update program_service.programs set department_id = %s where id = %s",
                           (ids["other_dept"], program))


def test_no_outsider_on_a_committee_a_task_or_a_budget_items_verification(worlds):
    """The committee (trigger), the assignees (policy) and the verifier (trigger) held already: kept so."""
    db, ids, program = worlds["db"], worlds["ids"], worlds["program"]
    task = make_task(db, program, uid(worlds, "ketua"))
    item = make_budget_item(db, ids, worlds["people"], program, kind="pengeluaran", category="Konsumsi",
                            quantity="1", unit_price="1000")
    outsider, other_ketua = uid(worlds, "outsider"), worlds["others"]["ketua"]["id"]
    with as_user(db, uid(worlds, "kepala_departemen")) as conn:
        for stranger in (outsider, other_ketua):
            assert refused(conn, "insert into program_service.committee_members (program_id, organization_id,"
                                 " user_id, committee_role) values (%s, %s, %s, 'sie acara')",
                           (program, ids["org"], stranger))
            assert refused(conn, "insert into task_service.task_assignees (task_id, user_id, assigned_by)"
                                 " values (%s, %s, %s)", (task, stranger, uid(worlds, "kepala_departemen")))
    with as_user(db, uid(worlds, "bendahara")) as conn:
        assert refused(conn, "update program_service.budget_items set verified_by = %s where id = %s",
                       (other_ketua, item))


# ---- 3. a caller without ``sub`` is nobody ----

CONTRACT = {
    "program_service.program_facts": "select count(*) from program_service.program_facts(%(program)s)",
    "program_service.milestone_in": "select count(*) filter (where program_service.milestone_in(%(program)s,"
                                    " %(milestone)s))",
    "program_service.metrics": "select count(*) from program_service.metrics(array[%(program)s]::uuid[])",
    "program_service.committee_of": "select count(*) from program_service.committee_of(%(program)s)",
    "program_service.report_facts": "select count(program_service.report_facts(%(program)s))",
    "program_service.report_programs": "select count(*) from program_service.report_programs(%(org)s, %(period)s)",
    "program_service.program_report": "select count(*) from program_service.program_report(%(program)s)",
    "program_service.budget_item_program": "select count(program_service.budget_item_program(%(item)s))",
    "program_service.progress_counts": "select count(*)"
                                       " from program_service.progress_counts(array[%(program)s]::uuid[])",
    "program_service.progress_counts, several programs": "select count(*) from program_service.progress_counts("
                                                      "array[%(program)s, gen_random_uuid()])",
    "program_service.task_count": "select program_service.task_count(%(program)s)",
    "task_service.status_counts": "select count(*) from task_service.status_counts(array[%(program)s]::uuid[])",
    "task_service.program_report": "select count(task_service.program_report(%(program)s))",
}


@pytest.fixture
def filled(worlds) -> dict[str, Any]:
    """The program with something in every part the contract tells about."""
    db, ids, program = worlds["db"], worlds["ids"], worlds["program"]
    milestone = make_milestone(db, ids, program)
    add_to_committee(db, ids, program, uid(worlds, "anggota"))
    item = make_budget_item(db, ids, worlds["people"], program, kind="pengeluaran", category="Konsumsi",
                            quantity="1", unit_price="1000")
    make_task(db, program, uid(worlds, "ketua"), "dalam_progres", [uid(worlds, "anggota")], due_date="2025-10-01")
    return {"program": program, "milestone": milestone, "item": item, "org": ids["org"], "period": ids["period"]}


@pytest.mark.parametrize("function", CONTRACT)
def test_the_contract_answers_nothing_to_a_caller_without_sub(worlds, filled, function):
    query = CONTRACT[function]
    with claims(worlds["db"], "authenticated", {"role": "authenticated"}) as conn:
        assert conn.execute(query, filled).fetchone()[0] == 0, function
    with claims(worlds["db"], "authenticated", {"role": "authenticated", "sub": ""}) as conn:
        assert conn.execute(query, filled).fetchone()[0] == 0, function
    with as_user(worlds["db"], worlds["others"]["ketua"]["id"]) as conn:  # nor to another organization's ketua
        assert conn.execute(query, filled).fetchone()[0] == 0, function
    with as_user(worlds["db"], uid(worlds, "anggota")) as conn:  # a member is answered
        assert conn.execute(query, filled).fetchone()[0] > 0, function
    with claims(worlds["db"], "service_role", {"role": "service_role", "sub": None, "service": "tests"}) as conn:
        assert conn.execute(query, filled).fetchone()[0] > 0, function  # and so is a service


def test_a_caller_without_sub_writes_nothing(worlds, filled):
    db, ids, program = worlds["db"], worlds["ids"], worlds["program"]
    with claims(db, "authenticated", {"role": "authenticated"}) as conn:
        assert refused(conn, "update program_service.programs set name = 'X' where id = %s", (program,))
        assert refused(conn, "insert into task_service.tasks (program_id, title, created_by) values (%s, 'X', %s)",
                       (program, uid(worlds, "ketua")))
        assert refused(conn, "insert into report_service.reports (organization_id, period_id, program_id, kind,"
                             " title, covers_from, covers_to, content) values (%s, %s, %s, 'progress', 'X',"
                             " current_date, current_date, '{}')", (ids["org"], ids["period"], program))


# ---- 4. a deactivated member reads nothing of the organization, in SQL too ----

READS = {
    "programs": "select count(*) from program_service.programs where organization_id = %(org)s",
    "status history": "select count(*) from program_service.program_status_history where program_id = %(program)s",
    "milestones": "select count(*) from program_service.milestones where program_id = %(program)s",
    "committee": "select count(*) from program_service.committee_members where program_id = %(program)s",
    "activity": "select count(*) from program_service.activity where program_id = %(program)s",
    "tasks": "select count(*) from task_service.tasks where program_id = %(program)s",
    "assignees": "select count(*) from task_service.task_assignees",
    "task history": "select count(*) from task_service.task_status_history",
    "comments": "select count(*) from task_service.task_comments",
    "reports": "select count(*) from report_service.reports where organization_id = %(org)s",
    **{f"contract: {name}": query for name, query in CONTRACT.items()},
}


@pytest.mark.parametrize("who", ["anggota", "kepala_departemen", "pj"])
def test_a_deactivated_member_reads_nothing_of_the_organization(worlds, filled, who):
    db = worlds["db"]
    with psycopg.connect(db, autocommit=True) as conn:
        task = conn.execute("select id from task_service.tasks limit 1").fetchone()[0]
        conn.execute("insert into task_service.task_comments (task_id, author_id, body) values (%s, %s, 'Siap')",
                     (task, uid(worlds, who)))
        conn.execute("insert into report_service.reports (organization_id, period_id, program_id, kind, title,"
                     " covers_from, covers_to, content) values (%s, %s, %s, 'progress', 'Laporan', current_date,"
                     " current_date, '{}')", (filled["org"], filled["period"], filled["program"]))
    with as_user(db, uid(worlds, who)) as conn:  # before: every part is there
        assert all(conn.execute(query, filled).fetchone()[0] > 0 for query in READS.values())
    deactivate(db, filled["org"], uid(worlds, who))
    with as_user(db, uid(worlds, who)) as conn:
        seen = {name: conn.execute(query, filled).fetchone()[0] for name, query in READS.items()}
        assert seen == dict.fromkeys(READS, 0)
