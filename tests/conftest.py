"""Test fixtures: a fresh PostgreSQL database for the run, migrated; clean tables per test.

Where PostgreSQL listens on 127.0.0.1:5432 (CI, this machine) the run creates a database of its
own there; elsewhere it starts the embedded PostgreSQL (pgserver) in a temporary folder.
``TEST_ADMIN_DATABASE_URL`` names another server.
"""

from __future__ import annotations

import fcntl
import os
import socket
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from tests.support.ports import free_port

# Settings are read lazily (shared.config), so the environment is set before anything uses it.
E2E_PORT = free_port()
os.environ.update({
    "JWT_ISSUER": f"http://127.0.0.1:{E2E_PORT}",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
    "POWERTOOLS_SERVICE_NAME": "tests",
    # argon2id at 1 MiB instead of 64: registrations dominated the suite's time (passwords are
    # still hashed and verified for real; tests/unit/test_auth_service.py checks the default).
    "PASSWORD_HASH_MEMORY_KIB": "1024",
})
for name in ("DATABASE_URL", "DATABASE_SECRET_ARN", "SIGNING_KEY_SECRET_ARN", "JWKS_URL", "SUPABASE_URL",
             "SUPABASE_KEY"):
    os.environ.pop(name, None)


def _local_server_listens() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def admin_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    configured = os.environ.get("TEST_ADMIN_DATABASE_URL")
    if configured:
        yield configured
    elif _local_server_listens():
        yield "postgresql://postgres@127.0.0.1:5432/postgres"
    else:
        from infra.local.postgres import start_embedded

        folder = tmp_path_factory.mktemp("pg")
        folder.chmod(0o755)
        server = start_embedded(folder / "data")
        yield server.get_uri()
        server.cleanup()


@contextmanager
def _one_migration_at_a_time() -> Iterator[None]:
    """Roles are the cluster's, not a database's: two test workers (pytest-xdist) migrating their own
    databases at once on a fresh server would both try to create them. A file lock takes turns."""
    with open(Path(tempfile.gettempdir()) / "proker-test-migrations.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def migrated_database(admin_database_url: str, prefix: str) -> Iterator[str]:
    """A new database with every migration, dropped afterwards; its URL. For the session's database and for
    tests that need one of their own (one they take away, or give extensions the others must not see)."""
    from infra.local.postgres import drop_database, ensure_database
    from infra.migrate import migrate

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    ensure_database(admin_database_url, name)
    url = psycopg.conninfo.make_conninfo(admin_database_url, dbname=name)
    try:
        with _one_migration_at_a_time():
            migrate(url)
        yield url
    finally:
        drop_database(admin_database_url, name)


@pytest.fixture(scope="session")
def database_url(admin_database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from shared import db, keys
    from shared.config import reset_settings

    with migrated_database(admin_database_url, "proker_test") as url:
        key_file: Path = tmp_path_factory.mktemp("keys") / "signing-key.json"
        os.environ["DATABASE_URL"] = url
        os.environ["SIGNING_KEY_FILE"] = str(key_file)
        reset_settings()
        keys.reset_keys()
        db.close_pool()
        yield url
        db.close_pool()


@pytest.fixture
def database(database_url: str) -> Iterator[str]:
    """A migrated database whose service tables are emptied after the test."""
    yield database_url
    with psycopg.connect(database_url, autocommit=True) as conn:
        tables = conn.execute(
            "select format('%I.%I', schemaname, tablename) from pg_tables"
            " where schemaname like '%\\_service' or schemaname in ('events', 'idempotency')"
        ).fetchall()
        if tables:
            conn.execute("truncate " + ", ".join(t[0] for t in tables) + " cascade")


@pytest.fixture(scope="session")
def api_session(database_url: str):
    """The functions in-process; calls between services (shared.service_client) reach them in-process too."""
    from shared import service_client
    from tests.support.api import InProcessApi, InProcessTransport

    api = InProcessApi()
    service_client.set_transport(InProcessTransport(api))
    yield api
    service_client.set_transport(None)


@pytest.fixture
def api(api_session, database: str):
    """The API's functions, called in-process with API Gateway events, on a clean database."""
    return api_session


STRONG_PASSWORD = "Kabinet Sinergi 2025!"


@pytest.fixture
def register(api, database):
    """Register a user through the API; returns the token response. The address counts as verified (as if
    the mailed link had been followed: tests/integration/test_account_recovery.py follows it) unless
    ``verified=False``."""
    counter = iter(range(1_000_000))

    def _register(email: str | None = None, password: str = STRONG_PASSWORD, name: str = "Anggota HIMA",
                  *, verified: bool = True) -> dict:
        email = email or f"user{next(counter)}@hima.example"
        response = api.post("/auth/register", json={"email": email, "password": password, "name": name})
        assert response.status == 201, response.json
        if verified:
            with psycopg.connect(database, autocommit=True) as conn:
                conn.execute("update auth_service.users set email_verified_at = now() where id = %s",
                             (response.json["user"]["id"],))
        return response.json

    return _register
