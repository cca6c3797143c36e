"""RLS alone keeps user_service's rows apart: plain SQL as ``authenticated`` with a user's claims, no
handler and no service in between."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest

from tests.support.memberships import make_organization


@contextmanager
def as_user(database_url: str, user: dict) -> Iterator[psycopg.Connection]:
    claims = {"sub": user["user"]["id"], "role": "authenticated", "email": user["user"]["email"]}
    with psycopg.connect(database_url) as conn, conn.transaction(force_rollback=True):
        conn.execute("select set_config('role', 'authenticated', true), set_config('request.jwt.claims', %s, true)",
                     (json.dumps(claims),))
        yield conn


@pytest.fixture
def world(api, register, database):
    """ketua and anggota share an organization; outsider shares none. Everyone has a profile, private
    details and settings."""
    people = {name: register(email=f"{name}@hima.example", name=name.title())
              for name in ("ketua", "anggota", "outsider")}
    for person in people.values():
        token = person["access_token"]
        assert api.request("PATCH", "/users/me", token=token, json={"phone": "081234567890"}).status == 200
        settings = api.get("/users/me/settings", token=token).json
        assert api.put("/users/me/settings", token=token, json={**settings, "daily_digest": True}).status == 200
    make_organization(database, {people["ketua"]["user"]["id"]: "ketua", people["anggota"]["user"]["id"]: "anggota"})
    return people


def ids(rows: list[tuple]) -> set[str]:
    return {str(row[0]) for row in rows}


def test_profiles_are_visible_to_oneself_and_fellow_members_only(database, world):
    ketua, anggota, outsider = (world[n]["user"]["id"] for n in ("ketua", "anggota", "outsider"))
    with as_user(database, world["ketua"]) as conn:
        assert ids(conn.execute("select user_id from user_service.profiles").fetchall()) == {ketua, anggota}
    with as_user(database, world["outsider"]) as conn:
        assert ids(conn.execute("select user_id from user_service.profiles").fetchall()) == {outsider}
        assert conn.execute("select * from user_service.profiles where user_id = %s", (anggota,)).fetchall() == []


def test_private_details_and_settings_are_ones_own_even_among_fellow_members(database, world):
    with as_user(database, world["ketua"]) as conn:
        me = world["ketua"]["user"]["id"]
        assert ids(conn.execute("select user_id from user_service.private_details").fetchall()) == {me}
        assert ids(conn.execute("select user_id from user_service.settings").fetchall()) == {me}


def test_no_one_writes_anothers_rows(database, world):
    anggota = world["anggota"]["user"]["id"]
    with as_user(database, world["ketua"]) as conn:
        assert conn.execute("update user_service.profiles set bio = 'x' where user_id = %s", (anggota,)).rowcount == 0
        assert conn.execute("update user_service.settings set language = 'en' where user_id = %s",
                            (anggota,)).rowcount == 0
        assert conn.execute("update user_service.private_details set phone = null where user_id = %s",
                            (anggota,)).rowcount == 0
    with as_user(database, world["ketua"]) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("insert into user_service.settings (user_id) values (%s)", (anggota,))


def test_a_profile_is_created_only_for_oneself_with_ones_own_email(database, world, register):
    newcomer = register(email="baru@hima.example", name="Baru")
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("delete from user_service.profiles where user_id = %s", (newcomer["user"]["id"],))
    with as_user(database, newcomer) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("insert into user_service.profiles (user_id, email, display_name) values (%s, %s, 'X')",
                     (newcomer["user"]["id"], "ketua@hima.example"))
    with as_user(database, newcomer) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("insert into user_service.profiles (user_id, email, display_name) values (gen_random_uuid(),"
                     " 'baru@hima.example', 'X')")
    with as_user(database, newcomer) as conn:
        conn.execute("insert into user_service.profiles (user_id, email, display_name) values (%s, %s, 'Baru')",
                     (newcomer["user"]["id"], "baru@hima.example"))


def test_ones_email_is_not_ones_to_change(database, world):
    with as_user(database, world["ketua"]) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("update user_service.profiles set email = 'someone.else@hima.example'")


def test_anon_reads_nothing(database, world):
    with psycopg.connect(database) as conn, conn.transaction(force_rollback=True):
        conn.execute("set local role anon")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select * from user_service.profiles")


def test_the_people_contract_names_people_only_to_those_who_share_an_organization(database, world):
    ketua, anggota, outsider = (world[n]["user"]["id"] for n in ("ketua", "anggota", "outsider"))
    everyone = [ketua, anggota, outsider]
    query = "select user_id, display_name, email from organization_service.people(%s::uuid[])"
    with as_user(database, world["outsider"]) as conn:  # only themselves
        assert [tuple(map(str, row)) for row in conn.execute(query, (everyone,))] == [
            (outsider, "Outsider", "outsider@hima.example")]
    with as_user(database, world["ketua"]) as conn:
        assert {str(row[0]): row[1:] for row in conn.execute(query, (everyone,))} == {
            ketua: ("Ketua", "ketua@hima.example"), anggota: ("Anggota", "anggota@hima.example")}
    with psycopg.connect(database, autocommit=True) as conn:  # the anggota leaves the organization
        conn.execute("update organization_service.memberships set active = false where user_id = %s", (anggota,))
    with as_user(database, world["ketua"]) as conn:  # the name stays (history names them), the address goes
        assert {str(row[0]): row[1:] for row in conn.execute(query, ([anggota],))} == {anggota: ("Anggota", None)}


def test_the_people_contract_is_not_for_anonymous_callers(database, world):
    with psycopg.connect(database) as conn, conn.transaction(force_rollback=True):
        conn.execute("select set_config('role', 'anon', true)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select * from organization_service.people(%s::uuid[])", ([world["ketua"]["user"]["id"]],))
