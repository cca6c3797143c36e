"""Apply the SQL migrations: the platform bootstrap, then each service's folder in order, then shared/'s; then
each service's current definitions.

Each numbered migration runs once, in its own transaction, and is recorded with a checksum in
``public.schema_migrations``; an edited, already applied file is an error. A service's definitions
(``functions/<service>/definitions/``: ``functions.sql``, ``policies.sql``, then ``triggers.sql``) say what its
functions, row-level security policies and triggers are now: after the migrations, each file whose checksum
differs from the one recorded in ``public.schema_definitions`` runs again, in its own transaction, in the
services' order (docs/decisions/0026-sql-definitions.md). A session-level advisory lock makes concurrent runs
(two ``make dev``s, parallel test workers) safe.

    python -m infra.migrate            # uses DATABASE_URL
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BOOTSTRAP = ROOT / "infra" / "bootstrap.sql"
# Services in dependency order: a later service's policies may call an earlier one's SQL contract
# (user_service's policies call organization_service.shares_organization; orgs needs nothing of users).
SERVICES = ("auth", "orgs", "users", "programs", "tasks", "events", "reports", "notifications")
SCHEMAS = {"auth": "auth_service", "orgs": "organization_service", "users": "user_service",
           "programs": "program_service", "tasks": "task_service", "events": "events", "reports": "report_service",
           "notifications": "notification_service"}
"""Each service's schema: what its migrations and definitions make, and what no other service's tables live in."""
LOCK_KEY = 7_420_251_125  # any constant shared by every runner
DEFINITIONS = ("functions.sql", "policies.sql", "triggers.sql")
"""A service's definitions files, in the order they run: policies and triggers call functions."""


class MigrationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Migration:
    id: str
    path: Path

    @property
    def sql(self) -> str:
        return self.path.read_text()

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def discover(root: Path = ROOT) -> list[Migration]:
    found = [Migration("platform/0000_bootstrap.sql", BOOTSTRAP)]
    for service in SERVICES:
        folder = root / "functions" / service / "migrations"
        found.extend(Migration(f"{service}/{path.name}", path) for path in sorted(folder.glob("*.sql")))
    # The schemas of the code every service shares (shared/: idempotency keys), after the services'.
    shared = root / "shared" / "migrations"
    found.extend(Migration(f"shared/{path.name}", path) for path in sorted(shared.glob("*.sql")))
    return found


def definitions(root: Path = ROOT) -> list[Migration]:
    """Every service's definitions files, in the order they run. A file of another name there is an error: it
    would never run."""
    found: list[Migration] = []
    for service in SERVICES:
        folder = root / "functions" / service / "definitions"
        if not folder.is_dir():
            continue
        unknown = sorted(path.name for path in folder.iterdir() if path.name not in DEFINITIONS)
        if unknown:
            raise MigrationError(f"functions/{service}/definitions/ holds {', '.join(unknown)}: "
                                 f"only {', '.join(DEFINITIONS)} run")
        found.extend(Migration(f"{service}/definitions/{name}", folder / name) for name in DEFINITIONS
                     if (folder / name).is_file())
    return found


def migrate(database_url: str, *, verbose: bool = False, with_definitions: bool = True) -> list[str]:
    """Apply what is not applied yet, then the definitions that changed; return the ids applied by this run.
    ``with_definitions=False`` stops after the numbered migrations (a database as it was before definitions)."""
    applied_now: list[str] = []
    with psycopg.connect(database_url, autocommit=True, prepare_threshold=None) as conn:
        conn.execute("select pg_advisory_lock(%s)", (LOCK_KEY,))
        try:
            conn.execute(
                """create table if not exists public.schema_migrations (
                       id text primary key,
                       checksum text not null,
                       applied_at timestamptz not null default now())"""
            )
            conn.execute("alter table public.schema_migrations enable row level security")
            conn.execute("revoke all on public.schema_migrations from public")
            done: dict[str, str] = dict(conn.execute("select id, checksum from public.schema_migrations").fetchall())
            for migration in discover():
                if migration.id in done:
                    if done[migration.id] != migration.checksum:
                        raise MigrationError(f"{migration.id} was changed after it was applied; add a new file")
                    continue
                _apply(conn, migration)
                applied_now.append(migration.id)
                if verbose:
                    print(f"applied {migration.id}")
            if with_definitions:
                applied_now += _apply_definitions(conn, verbose)
        finally:
            conn.execute("select pg_advisory_unlock(%s)", (LOCK_KEY,))
    return applied_now


def _apply(conn: psycopg.Connection, migration: Migration) -> None:
    """Run a numbered migration and record it. Roles are the cluster's, not a database's, and the advisory lock is
    a database's: two runs on two databases of a fresh cluster (parallel test workers) may both create a role, and
    the later one fails on the role the other committed meanwhile. It runs once more, and then finds the role."""
    for attempt in (1, 2):
        try:
            with conn.transaction():
                conn.execute(migration.sql.encode())
                conn.execute("insert into public.schema_migrations (id, checksum) values (%s, %s)",
                             (migration.id, migration.checksum))
            return
        except psycopg.errors.UniqueViolation as error:
            if attempt == 2 or error.diag.constraint_name != "pg_authid_rolname_index":
                raise


def _apply_definitions(conn: psycopg.Connection, verbose: bool) -> list[str]:
    conn.execute(
        """create table if not exists public.schema_definitions (
               id text primary key,
               checksum text not null,
               applied_at timestamptz not null default now())"""
    )
    conn.execute("alter table public.schema_definitions enable row level security")
    conn.execute("revoke all on public.schema_definitions from public")
    done: dict[str, str] = dict(conn.execute("select id, checksum from public.schema_definitions").fetchall())
    applied: list[str] = []
    for definition in definitions():
        if done.get(definition.id) == definition.checksum:
            continue
        with conn.transaction():
            conn.execute(definition.sql.encode())
            conn.execute(
                "insert into public.schema_definitions (id, checksum) values (%s, %s)"
                " on conflict (id) do update set checksum = excluded.checksum, applied_at = now()",
                (definition.id, definition.checksum),
            )
        applied.append(definition.id)
        if verbose:
            print(f"applied {definition.id}")
    return applied


def main() -> int:
    from shared.db import database_url

    applied = migrate(database_url(), verbose=True)
    print(f"{len(applied)} migration(s) applied")
    return 0


if __name__ == "__main__":
    sys.exit(main())
