"""A service's functions and triggers as its definitions files say (issue 13, docs/decisions/0026-sql-definitions.md):
re-applied by the migration runner whenever they change, covering every function and trigger of the services'
schemas, and a database migrated before they existed upgrades in place to what a fresh one is."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import psycopg
import pytest

from infra.local.postgres import drop_database, ensure_database
from infra.migrate import ROOT, SCHEMAS, definitions, migrate

CATALOG = """
select 'function ' || p.oid::regprocedure::text,
       pg_get_functiondef(p.oid)
       || ' owner ' || (case when r.rolname = current_user then '(migrator)' else r.rolname end)
       || ' acl ' || coalesce((select array_agg(a order by a) from unnest(p.proacl::text[]) a)::text, 'default')
from pg_proc p join pg_roles r on r.oid = p.proowner
where p.pronamespace::regnamespace::text = any (%(schemas)s)
union all
select 'trigger ' || t.tgname || ' on ' || t.tgrelid::regclass::text,
       pg_get_triggerdef(t.oid) || ' ' || t.tgenabled::text
from pg_trigger t
where t.tgrelid::regclass::text ~ ('^(' || array_to_string(%(schemas)s, '|') || ')\\.') and not t.tgisinternal
union all
select 'policy ' || p.policyname || ' on ' || p.schemaname || '.' || p.tablename,
       concat_ws(' ', p.permissive, p.cmd, p.roles::text, 'using', p.qual, 'check', p.with_check)
from pg_policies p
where p.schemaname = any (%(schemas)s)
"""


def catalog(url: str) -> dict[str, str]:
    """Every function (its definition, owner and grants), policy and trigger of the services' schemas."""
    with psycopg.connect(url) as conn:
        return dict(conn.execute(CATALOG, {"schemas": list(SCHEMAS.values())}).fetchall())


@pytest.fixture
def databases(admin_database_url) -> Iterator[list[str]]:
    names = [f"proker_defs_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    for name in names:
        ensure_database(admin_database_url, name)
    yield [psycopg.conninfo.make_conninfo(admin_database_url, dbname=name) for name in names]
    for name in names:
        drop_database(admin_database_url, name)


def test_a_database_migrated_before_the_definitions_upgrades_in_place_to_what_a_fresh_one_is(databases):
    before, fresh = databases
    migrate(before, with_definitions=False)  # as the database was before definitions: numbered migrations only
    assert migrate(before) == [d.id for d in definitions()]  # the upgrade: every definitions file, once
    migrate(fresh)
    upgraded, made = catalog(before), catalog(fresh)
    assert len(made) > 150
    assert upgraded == made


def test_every_function_policy_and_trigger_of_the_services_schemas_is_in_its_definitions(database_url):
    written: set[str] = set()
    for path in sorted(ROOT.glob("functions/*/definitions/*.sql")):
        text = path.read_text()
        written |= {f"function {name}"
                    for name in re.findall(r"^create or replace function ([\w.]+)\(", text, re.M | re.I)}
        written |= {f"trigger {name} on {table}" for name, table in
                    re.findall(r"^create or replace trigger (\w+)\s.*?\son ([\w.]+)\s", text, re.M | re.I | re.S)}
        written |= {f"policy {name} on {table}" for name, table in
                    re.findall(r"^create policy (\w+) on ([\w.]+) ", text, re.M)}
    found = {key.split("(")[0] if key.startswith("function") else key for key in catalog(database_url)}
    assert len(written) > 250
    assert sorted(found - written) == []  # one made by a numbered migration only would be read nowhere
    assert sorted(written - found) == []


def test_a_changed_definition_runs_again_and_only_it(databases):
    url = databases[0]
    migrate(url)
    assert migrate(url) == []
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("update public.schema_definitions set checksum = 'x' where id = 'tasks/definitions/functions.sql'")
        conn.execute("create or replace function task_service.allowed_transitions(from_status text) returns text[]"
                     " language sql immutable set search_path = '' as $$ select array[]::text[] $$")
    assert migrate(url) == ["tasks/definitions/functions.sql"]
    with psycopg.connect(url) as conn:  # what the file says runs again
        assert conn.execute("select task_service.allowed_transitions('review')").fetchone() == (
            ["selesai", "dalam_progres", "dibatalkan"],)


def test_every_services_definitions_run():
    assert {d.id.split("/")[0] for d in definitions()} == set(SCHEMAS)


LAST_BEFORE_DEFINITIONS = {"auth": 3, "orgs": 19, "users": 7, "programs": 15, "tasks": 13, "events": 3, "reports": 11,
                           "notifications": 4}
"""Each service's last numbered migration when the definitions files came (ADR 26)."""


def test_no_later_migration_makes_a_function_policy_or_trigger_a_definitions_file_should():
    """On a database whose definitions already ran, a later migration's version would win, and on a fresh one the
    definitions file's: the two would differ. A later migration may drop one (for a new signature, or one no
    longer wanted) and the definitions file make it again, or not."""
    later = [path for path in sorted(ROOT.glob("functions/*/migrations/*.sql"))
             if int(path.name[:4]) > LAST_BEFORE_DEFINITIONS[path.parent.parent.name]]
    creating = [str(path.relative_to(ROOT)) for path in later
                if re.search(r"^\s*(create\s+(or\s+replace\s+)?(function|trigger|policy)|alter\s+policy)\s",
                             path.read_text(), re.I | re.M)]
    assert creating == []
    assert set(LAST_BEFORE_DEFINITIONS) == {path.parent.name for path in ROOT.glob("functions/*/migrations")}
