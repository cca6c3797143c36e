"""Apply the SQL migrations: the platform bootstrap, then each service's folder in order, then shared/'s.

Each file runs once, in its own transaction, and is recorded with a checksum in
``public.schema_migrations``; an edited, already applied file is an error. A session-level
advisory lock makes concurrent runs (two ``make dev``s, parallel test workers) safe.

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
LOCK_KEY = 7_420_251_125  # any constant shared by every runner


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


def migrate(database_url: str, *, verbose: bool = False) -> list[str]:
    """Apply what is not applied yet; return the ids applied by this run."""
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
                with conn.transaction():
                    conn.execute(migration.sql.encode())
                    conn.execute(
                        "insert into public.schema_migrations (id, checksum) values (%s, %s)",
                        (migration.id, migration.checksum),
                    )
                applied_now.append(migration.id)
                if verbose:
                    print(f"applied {migration.id}")
        finally:
            conn.execute("select pg_advisory_unlock(%s)", (LOCK_KEY,))
    return applied_now


def main() -> int:
    from shared.db import database_url

    applied = migrate(database_url(), verbose=True)
    print(f"{len(applied)} migration(s) applied")
    return 0


if __name__ == "__main__":
    sys.exit(main())
