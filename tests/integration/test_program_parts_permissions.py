"""The permission table of docs/domain.md for what hangs off a program (committee, milestones, budget items,
activity log): one table, every role (the PJ, the head of another department and an outsider
included), every endpoint; then the same rules in SQL alone, as each role, with no service in front."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from tests.support.program_parts import (
    BUDGET_VIEWERS,
    ENTERERS,
    TREASURER,
    add_to_committee,
    make_budget_item,
    make_milestone,
)
from tests.support.programs import EDITORS, MEMBERS, PEOPLE, as_user, make_program, make_world, register_people

NOBODY: frozenset[str] = frozenset()
ITEM = {"kind": "pengeluaran", "category": "Transportasi", "quantity": "2", "unit_price": "150000"}

# endpoint -> (status of the program, method, path template, body, who may, status when they may).
# Whoever may not: the outsider 404 (nothing of the organization exists for them), a member 403.
# A status of 409 for those who may: their role allows it, the program's state does not.
ENDPOINTS: dict[str, tuple[str, str, str, Any, frozenset[str], int]] = {
    "read the committee": ("draft", "GET", "/programs/{program}/committee", None, MEMBERS, 200),
    "put a member on the committee": ("draft", "PUT", "/programs/{program}/committee/{anggota_id}",
                                      {"committee_role": "koordinator acara"}, EDITORS, 200),
    "change a committee role": ("dalam_progres", "PUT", "/programs/{program}/committee/{committee_member}",
                                {"committee_role": "sekretaris panitia"}, EDITORS, 200),
    "take a member off the committee": ("draft", "DELETE", "/programs/{program}/committee/{committee_member}",
                                        None, EDITORS, 204),
    "change a finished program's committee": ("selesai", "PUT", "/programs/{program}/committee/{anggota_id}",
                                              {"committee_role": "sie dokumentasi"}, EDITORS, 409),
    "read the milestones": ("draft", "GET", "/programs/{program}/milestones", None, MEMBERS, 200),
    "add a milestone": ("disetujui", "POST", "/programs/{program}/milestones", {"name": "Open recruitment"},
                        EDITORS, 201),
    "edit a milestone": ("dalam_progres", "PATCH", "/milestones/{milestone}", {"done": True}, EDITORS, 200),
    "delete a milestone": ("draft", "DELETE", "/milestones/{milestone}", None, EDITORS, 204),
    "add a milestone to a cancelled program": ("dibatalkan", "POST", "/programs/{program}/milestones",
                                               {"name": "X"}, EDITORS, 409),
    "read the budget": ("draft", "GET", "/programs/{program}/budget-items", None, BUDGET_VIEWERS, 200),
    "add a budget item": ("draft", "POST", "/programs/{program}/budget-items", ITEM, ENTERERS, 201),
    "edit a budget item": ("disetujui", "PATCH", "/budget-items/{item}", {"unit_price": "30000"}, ENTERERS, 200),
    "enter an actual amount": ("dalam_progres", "PATCH", "/budget-items/{item}", {"actual_amount": "240000"},
                               ENTERERS, 200),
    "delete a budget item": ("draft", "DELETE", "/budget-items/{item}", None, ENTERERS, 204),
    "verify a budget item": ("dalam_progres", "POST", "/budget-items/{item}/verification", None, TREASURER, 200),
    "withdraw a verification": ("dalam_progres", "DELETE", "/budget-items/{verified_item}/verification", None,
                                TREASURER, 200),
    "enter a finished program's actual amount (LPJ)": ("selesai", "PATCH", "/budget-items/{item}",
                                                       {"actual_amount": "240000",
                                                        "receipt_url": "https://drive.example/nota.pdf"},
                                                       ENTERERS, 200),
    "verify a finished program's item (LPJ)": ("selesai", "POST", "/budget-items/{item}/verification", None,
                                               TREASURER, 200),
    "change what a finished program planned": ("selesai", "PATCH", "/budget-items/{item}", {"quantity": "12"},
                                               ENTERERS, 409),
    "add an item to a finished program": ("selesai", "POST", "/programs/{program}/budget-items", ITEM,
                                          ENTERERS, 409),
    "enter a cancelled program's actual amount": ("dibatalkan", "PATCH", "/budget-items/{item}",
                                                  {"actual_amount": "1"}, ENTERERS, 409),
    "verify a rejected program's item": ("ditolak", "POST", "/budget-items/{item}/verification", None,
                                         TREASURER, 409),
    "read the activity log": ("draft", "GET", "/programs/{program}/activity", None, MEMBERS, 200),
}
CASES = [(endpoint, who) for endpoint in ENDPOINTS for who in PEOPLE]


@pytest.fixture(scope="module")
def people(api_session: Any, database_url: str) -> Iterator[dict[str, dict[str, str]]]:
    yield register_people(api_session, uuid.uuid4().hex[:6])
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("truncate auth_service.users, organization_service.organizations, program_service.programs,"
                     " events.outbox cascade")


def _world(database_url: str, people: dict[str, dict[str, str]], status: str) -> dict[str, str]:
    ids = make_world(database_url, people)
    program = make_program(database_url, ids, people, status)
    return {**ids, "program": program, "anggota_id": people["anggota"]["id"],
            "committee_member": add_to_committee(database_url, ids, program, people["sekretaris"]["id"]),
            "milestone": make_milestone(database_url, ids, program),
            "item": make_budget_item(database_url, ids, people, program),
            "verified_item": make_budget_item(database_url, ids, people, program, verified=True),
            "ketua_id": people["ketua"]["id"], "pj_id": people["pj"]["id"]}


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {key: _fill(item, ids) for key, item in value.items()}
    return value.format(**ids) if isinstance(value, str) else value


@pytest.mark.parametrize(("endpoint", "who"), CASES, ids=[f"{e}-{w}" for e, w in CASES])
def test_endpoint_permission(api_session, database_url, people, endpoint, who):
    status, method, template, body, allowed, success = ENDPOINTS[endpoint]
    ids = _world(database_url, people, status)
    response = api_session.request(method, _fill(template, ids), token=people[who]["token"], json=body)
    expected = success if who in allowed else 404 if who == "outsider" else 403
    assert response.status == expected, response.json


def test_members_who_may_not_see_the_budget_are_told_why(api_session, database_url, people):
    ids = _world(database_url, people, "dalam_progres")
    for who in ("anggota", "kepala_lain"):
        listed = api_session.get(f"/programs/{ids['program']}/budget-items", token=people[who]["token"])
        assert listed.status == 403 and "bendahara" in listed.json["detail"], listed.json
        assert api_session.get(f"/programs/{ids['program']}", token=people[who]["token"]).status == 200


def test_a_finished_period_takes_no_changes(api_session, database_url, people):
    ids = make_world(database_url, people, period_status="selesai")
    program = make_program(database_url, ids, people, "selesai")
    item = make_budget_item(database_url, ids, people, program)
    milestone = make_milestone(database_url, ids, program)
    pj, bendahara, ketua = (people[who]["token"] for who in ("pj", "bendahara", "ketua"))
    assert api_session.get(f"/programs/{program}/budget-items", token=bendahara).status == 200
    for token, method, path, body in (
            (pj, "PATCH", f"/budget-items/{item}", {"actual_amount": "1"}),
            (bendahara, "POST", f"/budget-items/{item}/verification", None),
            (ketua, "PATCH", f"/milestones/{milestone}", {"done": True}),
            (ketua, "PUT", f"/programs/{program}/committee/{people['anggota']['id']}", {"committee_role": "x"})):
        response = api_session.request(method, path, token=token, json=body)
        assert response.status == 409 and "period is finished" in response.json["detail"], (path, response.json)


# ---- the same rules with no service in front: SQL as `authenticated` with each role's claims ----

SQL_RULES: dict[str, tuple[str, str, frozenset[str]]] = {
    "see the committee": ("draft", "select 1 from program_service.committee_members where program_id = %(program)s",
                          MEMBERS),
    "put a member on the committee": (
        "draft", "insert into program_service.committee_members (program_id, organization_id, user_id,"
                 " committee_role) values (%(program)s, %(org)s, %(anggota_id)s, 'sie acara')", EDITORS),
    "put an outsider on the committee": (
        "draft", "insert into program_service.committee_members (program_id, organization_id, user_id,"
                 " committee_role) values (%(program)s, %(org)s, %(outsider_id)s, 'sie acara')", NOBODY),
    "put a member on the committee under another organization": (
        "draft", "insert into program_service.committee_members (program_id, organization_id, user_id,"
                 " committee_role) values (%(program)s, gen_random_uuid(), %(anggota_id)s, 'sie acara')", NOBODY),
    "change a committee role": ("draft", "update program_service.committee_members set committee_role = 'humas'"
                                         " where program_id = %(program)s", EDITORS),
    "take a member off the committee": ("draft", "delete from program_service.committee_members"
                                                 " where program_id = %(program)s", EDITORS),
    "change a finished program's committee": ("selesai", "update program_service.committee_members"
                                                         " set committee_role = 'humas'"
                                                         " where program_id = %(program)s", NOBODY),
    "see the milestones": ("draft", "select 1 from program_service.milestones where program_id = %(program)s",
                           MEMBERS),
    "add a milestone": ("draft", "insert into program_service.milestones (program_id, organization_id, name)"
                                 " values (%(program)s, %(org)s, 'LPJ')", EDITORS),
    "mark a milestone done": ("dalam_progres", "update program_service.milestones set done_at = now()"
                                               " where id = %(milestone)s", EDITORS),
    "delete a milestone": ("draft", "delete from program_service.milestones where id = %(milestone)s", EDITORS),
    "see the budget items": ("draft", "select 1 from program_service.budget_items where program_id = %(program)s",
                             BUDGET_VIEWERS),
    "add a budget item": (
        "draft", "insert into program_service.budget_items (program_id, organization_id, kind, category,"
                 " unit_price, created_by) values (%(program)s, %(org)s, 'pemasukan', 'Sponsor', 500000,"
                 " (select auth.uid()))", ENTERERS),
    "add a budget item already verified": (
        "draft", "insert into program_service.budget_items (program_id, organization_id, kind, category,"
                 " unit_price, created_by, verified_by, verified_at) values (%(program)s, %(org)s, 'pemasukan',"
                 " 'Sponsor', 500000, (select auth.uid()), (select auth.uid()), now())", NOBODY),
    "add a budget item in someone else's name": (
        "draft", "insert into program_service.budget_items (program_id, organization_id, kind, category,"
                 " unit_price, created_by) values (%(program)s, %(org)s, 'pemasukan', 'Sponsor', 500000,"
                 " %(ketua_id)s)", NOBODY),
    "change what an item plans": ("disetujui", "update program_service.budget_items set unit_price = 30000"
                                               " where id = %(item)s", ENTERERS),
    "enter an actual amount": ("dalam_progres", "update program_service.budget_items set actual_amount = 240000"
                                                " where id = %(item)s", ENTERERS),
    "delete a budget item": ("draft", "delete from program_service.budget_items where id = %(item)s", ENTERERS),
    "verify a budget item": ("dalam_progres", "update program_service.budget_items"
                                              " set verified_by = (select auth.uid()), verified_at = now()"
                                              " where id = %(item)s", TREASURER),
    "verify a budget item in someone else's name": (
        "dalam_progres", "update program_service.budget_items set verified_by = %(ketua_id)s, verified_at = now()"
                         " where id = %(item)s", NOBODY),
    "withdraw a verification": ("dalam_progres", "update program_service.budget_items"
                                                 " set verified_by = null, verified_at = null"
                                                 " where id = %(verified_item)s", TREASURER),
    "enter a finished program's actual amount (LPJ)": (
        "selesai", "update program_service.budget_items set actual_amount = 240000,"
                   " receipt_url = 'https://drive.example/nota.pdf' where id = %(item)s", ENTERERS),
    "verify a finished program's item (LPJ)": (
        "selesai", "update program_service.budget_items set verified_by = (select auth.uid()), verified_at = now()"
                   " where id = %(item)s", TREASURER),
    "change what a finished program planned": ("selesai", "update program_service.budget_items set quantity = 12"
                                                          " where id = %(item)s", NOBODY),
    "add an item to a finished program": (
        "selesai", "insert into program_service.budget_items (program_id, organization_id, kind, category,"
                   " unit_price, created_by) values (%(program)s, %(org)s, 'pemasukan', 'Sponsor', 500000,"
                   " (select auth.uid()))", NOBODY),
    "delete a finished program's item": ("selesai", "delete from program_service.budget_items where id = %(item)s",
                                         NOBODY),
    "enter a cancelled program's actual amount": ("dibatalkan", "update program_service.budget_items"
                                                                " set actual_amount = 1 where id = %(item)s",
                                                  NOBODY),
    "verify a rejected program's item": ("ditolak", "update program_service.budget_items"
                                                    " set verified_by = (select auth.uid()), verified_at = now()"
                                                    " where id = %(item)s", NOBODY),
    "forge a planned amount": ("draft", "update program_service.budget_items set planned_amount = 1"
                                        " where id = %(item)s", NOBODY),
    "move a budget item to another program": ("draft", "update program_service.budget_items"
                                                       " set program_id = gen_random_uuid() where id = %(item)s",
                                              NOBODY),
    "see the activity log": ("draft", "select 1 from program_service.activity where program_id = %(program)s",
                             MEMBERS),
    "write the activity log": ("draft", "insert into program_service.activity (program_id, organization_id, action,"
                                        " entity) values (%(program)s, %(org)s, 'program.updated', 'program')",
                               NOBODY),
    "record activity through the writer's function": (
        "draft", "select program_service.record_activity(%(program)s, 'program.updated', 'program', null, 'x')",
        NOBODY),
    "rewrite the activity log": ("draft", "update program_service.activity set summary = 'x'"
                                          " where program_id = %(program)s", NOBODY),
}
SQL_CASES = [(rule, who) for rule in SQL_RULES for who in PEOPLE]
REFUSALS = (psycopg.errors.InsufficientPrivilege, psycopg.errors.CheckViolation,
            psycopg.errors.ObjectNotInPrerequisiteState, psycopg.errors.GeneratedAlways,
            psycopg.errors.ForeignKeyViolation)


@pytest.mark.parametrize(("rule", "who"), SQL_CASES, ids=[f"{r}-{w}" for r, w in SQL_CASES])
def test_rls_alone_enforces(api_session, database_url, people, rule, who):
    status, statement, allowed = SQL_RULES[rule]
    ids = {**_world(database_url, people, status), "outsider_id": people["outsider"]["id"]}
    with as_user(database_url, people[who]["id"]) as conn:
        try:
            affected = conn.execute(statement, ids).rowcount
        except REFUSALS:
            affected = 0
    assert (affected > 0) == (who in allowed), f"{who} {'could' if affected else 'could not'} {rule}"


def test_changing_an_amount_clears_the_verification_in_sql_alone(api_session, database_url, people):
    ids = _world(database_url, people, "dalam_progres")
    with as_user(database_url, people["pj"]["id"]) as conn:
        conn.execute("update program_service.budget_items set description = 'Nasi kotak' where id = %s",
                     (ids["verified_item"],))
        kept = conn.execute("select verified_by from program_service.budget_items where id = %s",
                            (ids["verified_item"],)).fetchone()
        conn.execute("update program_service.budget_items set actual_amount = 250000 where id = %s",
                     (ids["verified_item"],))
        cleared = conn.execute("select verified_by, verified_at from program_service.budget_items where id = %s",
                               (ids["verified_item"],)).fetchone()
    assert str(kept[0]) == people["bendahara"]["id"]
    assert cleared == (None, None)


def test_the_budget_read_policy_refuses_exactly_what_may_see_budget_refused(api_session, database_url, people):
    """The read policy asks once per statement which programs' budgets the caller may see (programs 0011)
    instead of calling may_see_budget on every row: for every caller and program (of the active period, of
    a draft period where the roles differ, without a department or a PJ), one sees a program's items
    exactly when may_see_budget(program) holds, and reads them only then."""
    ids = make_world(database_url, people)
    with psycopg.connect(database_url, autocommit=True) as conn:
        nxt = conn.execute("insert into organization_service.periods (organization_id, name, starts_on, ends_on,"
                           " status) values (%s, 'Kabinet 2026/2027', '2026-09-01', '2027-08-31', 'draft')"
                           " returning id::text", (ids["org"],)).fetchone()[0]
        next_dept = conn.execute("insert into organization_service.departments (organization_id, period_id, name,"
                                 " code) values (%s, %s, 'Riset', 'RISET') returning id::text",
                                 (ids["org"], nxt)).fetchone()[0]
        # next period: the anggota is its bendahara, the ketua a plain member, the kepala_lain heads its
        # department, the pj a member who leaves it (below); the others hold nothing there
        for who, role, department in (("anggota", "bendahara", None), ("ketua", "anggota", None),
                                      ("kepala_lain", "kepala_departemen", next_dept), ("pj", "anggota", next_dept)):
            conn.execute("insert into organization_service.memberships (organization_id, period_id, user_id, role,"
                         " department_id) values (%s, %s, %s, %s, %s)",
                         (ids["org"], nxt, people[who]["id"], role, department))
    programs = [make_program(database_url, ids, people),
                make_program(database_url, ids, people, department_id=ids["other_dept"],
                             person_in_charge=people["anggota"]["id"]),
                make_program(database_url, ids, people, department_id=None, person_in_charge=None),
                make_program(database_url, ids, people, period_id=nxt, department_id=next_dept,
                             person_in_charge=people["ketua"]["id"]),
                make_program(database_url, ids, people, period_id=nxt, department_id=None)]
    with psycopg.connect(database_url, autocommit=True) as conn:
        # the pj leaves the next period, the wakil kepala departemen the active one
        for who, period in (("pj", nxt), ("wakil_kepala_departemen", ids["period"])):
            conn.execute("update organization_service.memberships set active = false where period_id = %s"
                         " and user_id = %s", (period, people[who]["id"]))
    for program in programs:
        make_budget_item(database_url, ids, people, program)
    seen = 0
    for who in (*PEOPLE, None):
        with psycopg.connect(database_url) as conn:
            conn.execute("select set_config('role', 'authenticated', true),"
                         " set_config('request.jwt.claims', %s, true)",
                         (json.dumps({"sub": people[who]["id"] if who else None, "role": "authenticated"}),))
            rows = conn.execute(
                "select p.id::text, program_service.may_see_budget(p.id),"
                " exists (select 1 from program_service.budget_items b where b.program_id = p.id),"
                " (select count(*) from program_service.budget_items b where b.program_id = any(%s::uuid[])"
                "  and b.program_id = p.id)"
                " from unnest(%s::uuid[]) as p(id)", (programs, programs)).fetchall()
            conn.rollback()
        for program, may, sees, listed in rows:
            assert sees == may == (listed > 0), (who, programs.index(program), may, sees, listed)
            seen += sees
    assert seen > 8  # the cases above are not all refusals
