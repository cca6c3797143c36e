"""The permission table of docs/domain.md for the organization endpoints: one table, every role, every
endpoint; then the same rules in SQL alone, as `authenticated` with each role's claims."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from tests.conftest import STRONG_PASSWORD
from tests.support.orgs import ROLES

EVERYONE = frozenset(ROLES)
BOARD = frozenset({"ketua", "wakil_ketua"})
MEMBER_MANAGERS = BOARD | {"sekretaris"}
PEOPLE = (*ROLES, "outsider")
ANYONE = frozenset(PEOPLE)

# endpoint -> (method, path template, body, roles allowed, status when allowed)
ENDPOINTS: dict[str, tuple[str, str, Any, frozenset[str], int]] = {
    "read organization": ("GET", "/orgs/{org}", None, EVERYONE, 200),
    "edit organization": ("PATCH", "/orgs/{org}", {"description": "Diperbarui"}, BOARD, 200),
    "archive organization": ("POST", "/orgs/{org}/archive", None, BOARD, 200),
    "list periods": ("GET", "/orgs/{org}/periods", None, EVERYONE, 200),
    "create period": ("POST", "/orgs/{org}/periods",
                      {"name": "Kabinet Baru", "starts_on": "2026-09-01", "ends_on": "2027-08-31"}, BOARD, 201),
    "activate period": ("POST", "/orgs/{org}/periods/{draft}/activate", None, BOARD, 200),
    "list departments": ("GET", "/orgs/{org}/departments", None, EVERYONE, 200),
    "read department": ("GET", "/orgs/{org}/departments/{dept}", None, EVERYONE, 200),
    "create department": ("POST", "/orgs/{org}/departments", {"name": "Humas", "code": "HUMAS"}, BOARD, 201),
    "edit department": ("PATCH", "/orgs/{org}/departments/{dept}", {"description": "Riset"}, BOARD, 200),
    "delete department": ("DELETE", "/orgs/{org}/departments/{empty}", None, BOARD, 204),
    "list members": ("GET", "/orgs/{org}/members?role=anggota", None, EVERYONE, 200),
    "edit a member": ("PATCH", "/orgs/{org}/members/{anggota}", {"position_title": "Staf Riset"},
                      MEMBER_MANAGERS, 200),
    "make a member wakil ketua": ("PATCH", "/orgs/{org}/members/{anggota}", {"role": "wakil_ketua"}, BOARD, 200),
    "deactivate a member": ("POST", "/orgs/{org}/members/{anggota}/deactivate", None, MEMBER_MANAGERS, 200),
    "leave": ("POST", "/orgs/{org}/leave", None, EVERYONE, 200),
    "invite by e-mail": ("POST", "/orgs/{org}/invitations", {"email": "baru@matrix.example", "role": "anggota"},
                         MEMBER_MANAGERS, 201),
    "invite into the board": ("POST", "/orgs/{org}/invitations", {"email": "baru@matrix.example",
                                                                  "role": "wakil_ketua"}, BOARD, 201),
    "create an invitation code": ("POST", "/orgs/{org}/invitations", {"role": "anggota", "max_uses": 5},
                                  MEMBER_MANAGERS, 201),
    "list invitations": ("GET", "/orgs/{org}/invitations", None, MEMBER_MANAGERS, 200),
    "revoke an invitation": ("POST", "/orgs/{org}/invitations/{invitation}/revoke", None, MEMBER_MANAGERS, 200),
    "list my invitations": ("GET", "/orgs/invitations/mine", None, ANYONE, 200),
    "accept an invitation code": ("POST", "/orgs/invitations/accept", {"code": "{code}"}, ANYONE, 200),
    "accept an e-mail invitation": ("POST", "/orgs/invitations/{outsider_invitation}/accept", None,
                                    frozenset({"outsider"}), 200),
}
# Where the rule says more than allowed or not: the only ketua cannot leave (409); a member of the
# period already is one (409); an e-mail invitation exists only for its address (404).
SPECIAL = {("leave", "ketua"): 409,
           **{("accept an invitation code", role): 409 for role in ROLES},
           **{("accept an e-mail invitation", role): 404 for role in ROLES}}


@pytest.fixture(scope="module")
def people(api_session: Any, database_url: str) -> Iterator[dict[str, dict[str, str]]]:
    """One registered user per role (and an outsider), for the whole module."""
    result = {}
    for who in PEOPLE:
        response = api_session.post("/auth/register", json={
            "email": f"{who}@matrix.example", "password": STRONG_PASSWORD, "name": who})
        assert response.status == 201, response.json
        result[who] = {"token": response.json["access_token"], "id": response.json["user"]["id"]}
    with psycopg.connect(database_url, autocommit=True) as conn:  # as if each had followed the mailed link
        conn.execute("update auth_service.users set email_verified_at = now()")
    yield result
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("truncate auth_service.users, organization_service.organizations cascade")


def make_org(api: Any, database_url: str, people: dict[str, dict[str, str]]) -> dict[str, str]:
    """An organization with everyone in their role, a department with members, an empty one and
    a draft period led by the ketua."""
    ketua = people["ketua"]["token"]
    org = api.post("/orgs", token=ketua, json={
        "name": f"HIMA {uuid.uuid4().hex[:6]}", "type": "hima",
        "period": {"name": "Kabinet 2025/2026", "starts_on": "2025-09-01", "ends_on": "2026-08-31"}}).json
    ids = {"org": org["id"], "period": org["active_period_id"]}
    ids["dept"] = api.post(f"/orgs/{ids['org']}/departments", token=ketua,
                           json={"name": "Riset", "code": "RISET"}).json["id"]
    ids["empty"] = api.post(f"/orgs/{ids['org']}/departments", token=ketua,
                            json={"name": "Kosong", "code": "KOSONG"}).json["id"]
    with psycopg.connect(database_url, autocommit=True) as conn:
        for role in ROLES[1:]:
            in_department = role in ("kepala_departemen", "wakil_kepala_departemen", "anggota")
            conn.execute(
                "insert into organization_service.memberships (organization_id, period_id, user_id, role,"
                " department_id) values (%s, %s, %s, %s, %s)",
                (ids["org"], ids["period"], people[role]["id"], role, ids["dept"] if in_department else None))
        ids["anggota"] = str(conn.execute(
            "select id from organization_service.memberships where organization_id = %s and role = 'anggota'",
            (ids["org"],)).fetchone()[0])
    ids["draft"] = api.post(f"/orgs/{ids['org']}/periods", token=ketua, json={
        "name": "Kabinet 2026/2027", "starts_on": "2026-09-01", "ends_on": "2027-08-31"}).json["id"]
    invitations = f"/orgs/{ids['org']}/invitations"
    ids["invitation"] = api.post(invitations, token=ketua, json={"email": "calon@matrix.example",
                                                                "role": "anggota"}).json["id"]
    ids["outsider_invitation"] = api.post(invitations, token=ketua, json={"email": "outsider@matrix.example",
                                                                         "role": "anggota"}).json["id"]
    ids["board_invitation"] = api.post(invitations, token=ketua, json={"role": "wakil_ketua"}).json["id"]
    ids["code"] = api.post(invitations, token=ketua, json={"role": "anggota"}).json["code"]
    return ids


CASES = [(endpoint, who) for endpoint in ENDPOINTS for who in PEOPLE]


@pytest.mark.parametrize(("endpoint", "who"), CASES, ids=[f"{e}-{w}" for e, w in CASES])
def test_endpoint_permission(api_session, database_url, people, endpoint, who):
    method, template, body, allowed, success = ENDPOINTS[endpoint]
    ids = make_org(api_session, database_url, people)
    if body is not None:
        body = {key: value.format(**ids) if isinstance(value, str) else value for key, value in body.items()}
    response = api_session.request(method, template.format(**ids), token=people[who]["token"], json=body)
    expected = SPECIAL.get((endpoint, who)) or (success if who in allowed else 404 if who == "outsider" else 403)
    assert response.status == expected, response.json


# ---- the same rules with no service in front: SQL as `authenticated` with each role's claims ----

SQL_RULES: dict[str, tuple[str, frozenset[str]]] = {
    "see the organization": ("select 1 from organization_service.organizations where id = %(org)s", EVERYONE),
    "edit the organization": (
        "update organization_service.organizations set description = 'x' where id = %(org)s", BOARD),
    "see members": ("select 1 from organization_service.memberships where organization_id = %(org)s", EVERYONE),
    "change a member's role": (
        "update organization_service.memberships set role = 'bendahara'"
        " where organization_id = %(org)s and role = 'anggota'", BOARD | {"sekretaris"}),
    "edit a department": ("update organization_service.departments set description = 'x' where id = %(dept)s",
                          BOARD),
    "delete a department": ("delete from organization_service.departments where id = %(empty)s", BOARD),
    "edit a period": ("update organization_service.periods set name = 'x' where id = %(draft)s", BOARD),
    "see invitations and their codes": (
        "select 1 from organization_service.invitations where organization_id = %(org)s and code is not null"
        " and role = 'anggota'", MEMBER_MANAGERS),
    "see invitations into the board": (
        "select 1 from organization_service.invitations where id = %(board_invitation)s", BOARD),
    "invite": ("insert into organization_service.invitations (organization_id, period_id, email, role, expires_at,"
               " created_by) values (%(org)s, %(period)s, 'x@matrix.example', 'anggota', now() + interval '1 day',"
               " (select auth.uid()))", MEMBER_MANAGERS),
    "invite into the board": (
        "insert into organization_service.invitations (organization_id, period_id, code, role, expires_at,"
        " created_by) values (%(org)s, %(period)s, 'sql-code-123456', 'ketua', now() + interval '1 day',"
        " (select auth.uid()))", BOARD),
    "revoke an invitation": (
        "update organization_service.invitations set revoked_at = now() where id = %(invitation)s", MEMBER_MANAGERS),
    "revoke an invitation into the board": (
        "update organization_service.invitations set revoked_at = now() where id = %(board_invitation)s", BOARD),
    # uses, answers and memberships by invitation are written by answer_invitation() alone
    "count a use of an invitation": (
        "update organization_service.invitations set uses = uses + 1 where organization_id = %(org)s", frozenset()),
    "record an answer": ("insert into organization_service.invitation_responses (invitation_id, user_id, response)"
                         " values (%(invitation)s, (select auth.uid()), 'accepted')", frozenset()),
    "add a member directly": (
        "insert into organization_service.memberships (organization_id, period_id, user_id, role)"
        " values (%(org)s, %(period)s, gen_random_uuid(), 'anggota')", BOARD),
}
SQL_CASES = [(rule, who) for rule in SQL_RULES for who in PEOPLE]


@pytest.mark.parametrize(("rule", "who"), SQL_CASES, ids=[f"{r}-{w}" for r, w in SQL_CASES])
def test_rls_alone_enforces(api_session, database_url, people, rule, who):
    statement, allowed = SQL_RULES[rule]
    ids = make_org(api_session, database_url, people)
    claims = json.dumps({"sub": people[who]["id"], "role": "authenticated"})
    with psycopg.connect(database_url) as conn:
        conn.execute("select set_config('role', 'authenticated', true), set_config('request.jwt.claims', %s, true)",
                     (claims,))
        try:
            affected = conn.execute(statement, ids).rowcount
        except psycopg.errors.InsufficientPrivilege:
            affected = 0
        conn.rollback()
    assert (affected > 0) == (who in allowed), f"{who} {'could' if affected else 'could not'} {rule}"
