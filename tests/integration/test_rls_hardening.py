"""Attacks a reviewer proved against the database alone (SQL as `authenticated` with one's own
claims, no service in front), each now refused; and the API answers that went with them."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest

from tests.support.orgs import build_org


@contextmanager
def as_user(database_url: str, user_id: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(database_url) as conn:
        conn.execute("select set_config('role', 'authenticated', true), set_config('request.jwt.claims', %s, true)",
                     (json.dumps({"sub": user_id, "role": "authenticated"}),))
        yield conn
        conn.rollback()


@pytest.fixture
def two_orgs(api, register, database):
    victim = build_org(api, register, database, name="HIMA Korban")
    attacker = build_org(api, register, database, name="UKM Penyerang", roles=("ketua", "sekretaris"))
    return victim, attacker


def refused(conn: psycopg.Connection, statement: str, params: tuple = ()) -> bool:
    """True when the statement fails or changes nothing."""
    try:
        with conn.transaction():
            return conn.execute(statement, params).rowcount == 0
    except psycopg.Error:
        return True


def test_a_membership_cannot_be_moved_into_another_organization(two_orgs, database):
    victim, attacker = two_orgs
    with as_user(database, attacker.user_ids["ketua"]) as conn:
        assert refused(conn, "update organization_service.memberships set organization_id = %s", (victim.id,))
        assert refused(conn, "update organization_service.memberships set period_id = %s", (victim.period_id,))


def test_the_contract_answers_about_others_only_to_fellow_members(two_orgs, database):
    victim, attacker = two_orgs
    with as_user(database, attacker.user_ids["ketua"]) as conn:
        ketua = victim.user_ids["ketua"]
        row = conn.execute(
            "select organization_service.member_role(%s, %s), organization_service.is_member_of(%s, %s),"
            " organization_service.shares_organization(%s, %s),"
            " (select count(*) from organization_service.organizations_of(%s))",
            (victim.id, ketua, victim.id, ketua, ketua, victim.user_ids["anggota"], ketua)).fetchone()
        assert row == (None, False, False, 0)
    with as_user(database, victim.user_ids["anggota"]) as conn:  # a fellow member may ask
        assert conn.execute("select organization_service.member_role(%s, %s)",
                            (victim.id, victim.user_ids["ketua"])).fetchone()[0] == "ketua"


def test_names_of_departments_and_people_only_to_fellow_members(two_orgs, database):
    victim, attacker = two_orgs
    people = list(victim.user_ids.values())
    with as_user(database, attacker.user_ids["ketua"]) as conn:
        assert conn.execute("select * from organization_service.department_names(%s::uuid[])",
                            ([victim.department_id, attacker.department_id],)).fetchall() == [
            (uuid.UUID(attacker.department_id), "Departemen Riset")]
        assert conn.execute("select * from organization_service.people(%s::uuid[])", (people,)).fetchall() == []
        assert conn.execute("select * from user_service.display_names(%s::uuid[])", (people,)).fetchall() == []
    with as_user(database, victim.user_ids["anggota"]) as conn:
        assert conn.execute("select name from organization_service.department_names(%s::uuid[])",
                            ([victim.department_id],)).fetchall() == [("Departemen Riset",)]
        named = conn.execute("select display_name, email from organization_service.people(%s::uuid[])"
                             " where user_id = %s", (people, victim.user_ids["ketua"])).fetchall()
        assert len(named) == 1 and named[0][0] == "Ketua" and named[0][1].startswith("ketua.")


def test_the_sekretaris_cannot_make_themselves_ketua_in_sql(two_orgs, database):
    victim, _ = two_orgs
    with as_user(database, victim.user_ids["sekretaris"]) as conn:
        assert refused(conn, "update organization_service.memberships set role = 'ketua' where user_id = %s",
                       (victim.user_ids["sekretaris"],))
        assert refused(conn, "update organization_service.memberships set active = false where user_id = %s",
                       (victim.user_ids["ketua"],))


def test_a_member_may_only_leave_not_change_their_role(two_orgs, database):
    victim, _ = two_orgs
    with as_user(database, victim.user_ids["anggota"]) as conn:
        assert refused(conn, "update organization_service.memberships set role = 'bendahara' where user_id = %s",
                       (victim.user_ids["anggota"],))
        assert not refused(conn, "update organization_service.memberships set active = false, left_at = now()"
                                 " where user_id = %s", (victim.user_ids["anggota"],))


def test_periods_are_never_deleted_and_a_finished_one_stays_finished(api, two_orgs, database):
    victim, _ = two_orgs
    draft = api.post(f"/orgs/{victim.id}/periods", token=victim.tokens["ketua"],
                     json={"name": "Next", "starts_on": "2026-09-01", "ends_on": "2027-08-31"}).json
    assert api.post(f"/orgs/{victim.id}/periods/{draft['id']}/activate", token=victim.tokens["ketua"]).status == 200
    with as_user(database, victim.user_ids["ketua"]) as conn:  # ketua of the new active period too
        assert refused(conn, "delete from organization_service.periods where id = %s", (draft["id"],))
        assert refused(conn, "update organization_service.periods set status = 'draft' where id = %s",
                       (victim.period_id,))


def test_an_archived_organization_cannot_be_unarchived(api, two_orgs, database):
    victim, _ = two_orgs
    assert api.post(f"/orgs/{victim.id}/archive", token=victim.tokens["ketua"]).status == 200
    with as_user(database, victim.user_ids["ketua"]) as conn:
        assert refused(conn, "update organization_service.organizations set archived_at = null where id = %s",
                       (victim.id,))


def test_a_revoked_session_cannot_be_revived_nor_a_password_hash_read(api, register, database):
    user = register()
    assert api.post("/auth/logout", token=user["access_token"]).status == 204
    with as_user(database, user["user"]["id"]) as conn:
        assert refused(conn, "update auth_service.sessions set revoked_at = null, revoked_reason = null")
        assert refused(conn, "select password_hash from auth_service.users")
        assert refused(conn, "update auth_service.users set password_hash = 'x'")


def test_only_the_sitting_board_activates_a_period(api, two_orgs):
    victim, _ = two_orgs
    draft = api.post(f"/orgs/{victim.id}/periods", token=victim.tokens["ketua"], json={
        "name": "Next", "starts_on": "2026-09-01", "ends_on": "2027-08-31",
        "ketua_user_id": victim.user_ids["anggota"]}).json
    # the next period's ketua prepares it but does not end the sitting board's period
    refused_activation = api.post(f"/orgs/{victim.id}/periods/{draft['id']}/activate", token=victim.tokens["anggota"])
    assert refused_activation.status == 403


def test_a_nul_character_is_a_422_not_a_500(api, two_orgs):
    victim, _ = two_orgs
    response = api.request("PATCH", f"/orgs/{victim.id}", token=victim.tokens["ketua"],
                           json={"description": "a\u0000b"})
    assert response.status == 422
