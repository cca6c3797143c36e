"""Migrations, roles and RLS on the real database."""

from __future__ import annotations

import threading
import uuid

import psycopg
import pytest

from infra.local.postgres import drop_database, ensure_database
from infra.migrate import MigrationError, definitions, discover, migrate


@pytest.fixture
def empty_database(admin_database_url):
    name = f"proker_migrate_{uuid.uuid4().hex[:10]}"
    ensure_database(admin_database_url, name)
    yield psycopg.conninfo.make_conninfo(admin_database_url, dbname=name)
    drop_database(admin_database_url, name)


def test_migrations_are_safe_to_run_twice_and_concurrently(empty_database):
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(migrate(empty_database))
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    applied = sorted(id_ for result in results for id_ in result)
    # each file once, by exactly one runner: the numbered migrations, then the definitions
    assert applied == sorted(m.id for m in [*discover(), *definitions()])
    assert migrate(empty_database) == []
    with psycopg.connect(empty_database) as conn:
        recorded = conn.execute("select count(*) from public.schema_migrations").fetchone()[0]
        defined = conn.execute("select count(*) from public.schema_definitions").fetchone()[0]
    assert (recorded, defined) == (len(discover()), len(definitions()))


def test_an_applied_migration_that_changed_is_an_error(empty_database):
    migrate(empty_database)
    with psycopg.connect(empty_database, autocommit=True) as conn:
        conn.execute("update public.schema_migrations set checksum = 'x' where id = 'auth/0001_auth_schema.sql'")
    with pytest.raises(MigrationError, match="changed after it was applied"):
        migrate(empty_database)


def test_rls_is_enabled_and_forced_on_every_table(database_url):
    with psycopg.connect(database_url) as conn:
        tables = conn.execute(
            """select n.nspname || '.' || c.relname, c.relrowsecurity, c.relforcerowsecurity
               from pg_class c join pg_namespace n on n.oid = c.relnamespace
               where c.relkind in ('r', 'p') and (n.nspname like '%\\_service' or n.nspname = 'events')"""
        ).fetchall()
    assert tables, "no service tables found"
    assert [t for t in tables if not (t[1] and t[2])] == []


def test_bootstrap_provides_what_supabase_has(database_url):
    with psycopg.connect(database_url) as conn:
        roles = {r[0] for r in conn.execute("select rolname from pg_roles").fetchall()}
        assert {"anon", "authenticated", "service_role", "auth_service_admin"} <= roles
        with conn.transaction():
            conn.execute("select set_config('request.jwt.claims', %s, true)",
                         ('{"sub": "11111111-1111-1111-1111-111111111111", "role": "authenticated"}',))
            assert str(conn.execute("select auth.uid()").fetchone()[0]) == "11111111-1111-1111-1111-111111111111"
            assert conn.execute("select auth.jwt() ->> 'role'").fetchone()[0] == "authenticated"


def test_rls_alone_shows_a_user_only_their_own_rows(api, database, register):
    alice = register(email="alice@hima.example")
    bob = register(email="bob@hima.example")
    with psycopg.connect(database) as conn:
        for me, other in ((alice, bob), (bob, alice)):
            with conn.transaction():
                conn.execute("select set_config('role', 'authenticated', true),"
                             " set_config('request.jwt.claims', %s, true)",
                             (f'{{"sub": "{me["user"]["id"]}", "role": "authenticated"}}',))
                users = conn.execute("select email from auth_service.users").fetchall()
                sessions = conn.execute("select user_id from auth_service.sessions").fetchall()
                assert users == [(me["user"]["email"],)]
                assert {str(s[0]) for s in sessions} == {me["user"]["id"]}
                updated = conn.execute("update auth_service.users set name = 'x' where id = %s",
                                       (other["user"]["id"],)).rowcount
                assert updated == 0
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute("select * from auth_service.refresh_tokens")
            conn.rollback()


def test_anon_cannot_read_the_auth_tables(database_url):
    with psycopg.connect(database_url) as conn, conn.transaction():
        conn.execute("set local role anon")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select * from auth_service.users")


def test_the_pool_is_reused_across_invocations(api, database, register):
    from shared import db

    register()
    pool = db.get_pool()
    for _ in range(5):
        assert api.get("/auth/health").status == 200
    assert db.get_pool() is pool
    assert pool.get_stats()["connections_num"] <= 2


def test_a_pooled_connection_the_server_closed_does_not_fail_the_next_request(api, database, register):
    # Connections are not probed before use (a round trip per request); one the server ended meanwhile
    # (a restart, an idle timeout on Supabase's side) fails at the transaction's start and is replaced.
    token = register()["access_token"]
    assert api.get("/users/me", token=token).status == 200
    with psycopg.connect(database, autocommit=True) as conn:
        ended = conn.execute("select count(pg_terminate_backend(pid)) from pg_stat_activity"
                             " where datname = current_database() and pid <> pg_backend_pid()").fetchone()[0]
    assert ended >= 1
    for _ in range(3):
        answer = api.get("/users/me", token=token)
        assert answer.status == 200, answer.json


def test_migrations_run_as_a_non_superuser_as_on_supabase(admin_database_url):
    """On Supabase the migration user `postgres` is no superuser; Supabase's roles and auth.* exist."""
    name = f"proker_supa_{uuid.uuid4().hex[:10]}"
    user = f"migrator_{uuid.uuid4().hex[:8]}"
    ensure_database(admin_database_url, name)
    url = psycopg.conninfo.make_conninfo(admin_database_url, dbname=name)
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"create role {user} login createrole")
            conn.execute(f"grant all on database {name} to {user}")
            conn.execute(f"grant create on schema public to {user}")
            migrate_bootstrap_as_supabase_would(conn, user)
        applied = migrate(psycopg.conninfo.make_conninfo(url, user=user))
        assert applied == [m.id for m in [*discover(), *definitions()]]
    finally:
        drop_database(admin_database_url, name)
        with psycopg.connect(admin_database_url, autocommit=True) as conn:
            conn.execute(f"drop role if exists {user}")


def migrate_bootstrap_as_supabase_would(conn: psycopg.Connection, user: str) -> None:
    """What a Supabase project already has before our migrations run."""
    from infra.migrate import BOOTSTRAP

    conn.execute(BOOTSTRAP.read_text().encode())
    conn.execute("drop function public.ensure_service_role(text)")  # ours, not Supabase's: the migrator makes it
    conn.execute(f"grant anon, authenticated, service_role to {user}")
    conn.execute(f"grant usage on schema auth to {user} with grant option")
