"""Database access: one lazily opened pool per execution environment, one transaction per request.

Every transaction runs as one of a fixed set of roles, as Supabase's PostgREST does:
``set_config('role', ...)`` and ``set_config('request.jwt.claims', ...)``, both local to the
transaction, so RLS policies see ``auth.uid()``; and the request's correlation id
(``proker.correlation_id``, shared/correlation.py), which the events it writes keep. There is no way to
run a query through this module as the login user.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, Literal

import psycopg
from psycopg.rows import dict_row

from shared import correlation
from shared.config import ConfigurationError, get_settings

if TYPE_CHECKING:
    from psycopg_pool import ConnectionPool

# anon / authenticated / service_role are Supabase's; auth_service_admin is the auth service's
# own role (like Supabase's supabase_auth_admin), used only by the identity provider's functions.
Role = Literal["anon", "authenticated", "service_role", "auth_service_admin"]
ROLES: frozenset[str] = frozenset({"anon", "authenticated", "service_role", "auth_service_admin"})

_pool: ConnectionPool | None = None
_lock = threading.Lock()


class DatabaseUnavailable(RuntimeError):
    """The database could not be reached in time."""


def database_url() -> str:
    settings = get_settings()
    if settings.database_url:
        return settings.database_url
    if settings.database_secret_arn:
        from shared.secrets import get_secret

        return get_secret(settings.database_secret_arn)
    raise ConfigurationError("DATABASE_URL (or DATABASE_SECRET_ARN) is not set")


def connection_kwargs() -> dict[str, Any]:
    # prepare_threshold=None: Supabase's transaction pooler (port 6543) cannot keep
    # prepared statements across transactions. autocommit: every transaction is begun explicitly by
    # ``Transaction`` (psycopg's own BEGIN would take a round trip of its own).
    return {"prepare_threshold": None, "row_factory": dict_row, "autocommit": True}


def get_pool() -> ConnectionPool:
    global _pool
    if _pool is None:
        with _lock:
            if _pool is None:
                # imported with the first pool (the first transaction), not at the function's start: a
                # request refused before it reaches the database never needs it (issue 14)
                from psycopg_pool import ConnectionPool

                settings = get_settings()
                pool = ConnectionPool(
                    database_url(),
                    min_size=0,
                    max_size=settings.db_pool_max_size,
                    kwargs=connection_kwargs() | {"connect_timeout": int(settings.db_connect_timeout)},
                    timeout=settings.db_connect_timeout,
                    open=False,
                    name="proker",
                )
                pool.open(wait=False)
                _pool = pool
    return _pool


def close_pool() -> None:
    """Close the pool (tests and the local server on shutdown)."""
    global _pool
    with _lock:
        if _pool is not None:
            _pool.close()
            _pool = None


Statement = tuple[Any, Any]
"""A query and its parameters."""


def _begin(conn: psycopg.Connection[Any], role: Role, claims: Mapping[str, Any] | None) -> None:
    """BEGIN with the role and claims; sent in the pipeline of the statement that follows. The connection
    is in autocommit mode, so nothing runs outside the transaction begun here."""
    if role not in ROLES:
        raise ValueError(f"unknown database role {role!r}")
    conn.execute("begin")
    conn.execute(
        "select set_config('role', %s, true), set_config('request.jwt.claims', %s, true), set_config(%s, %s, true)",
        (role, json.dumps(dict(claims or {})), correlation.SETTING, correlation.current() or ""),
    )


class Transaction:
    """A unit of work on one connection. It rolls back unless ``commit()`` is called.

    Work after ``commit()`` (or ``rollback()``) runs in a new transaction with the same role and
    claims, never as the login user: it begins with the next statement, in the same round trip. What
    begins a transaction, and what ``defer()`` queued, goes with the next statement in one round trip
    (psycopg's pipeline mode).
    """

    def __init__(self, conn: psycopg.Connection[Any], role: Role, claims: Mapping[str, Any] | None,
                 first: Statement | None = None):
        self.conn = conn
        self._role = role
        self._claims = claims
        self._open = False
        self._deferred: list[str] = []
        self.first = self._send(first)
        """The cursor of ``first``, run with the transaction's start (None without one)."""

    def _send(self, statement: Statement | None) -> psycopg.Cursor[Any] | None:
        with self.conn.pipeline():
            if not self._open:
                self._open = True
                _begin(self.conn, self._role, self._claims)
            for deferred in self._deferred:
                self.conn.execute(deferred)
            self._deferred.clear()
            return self.conn.execute(*statement) if statement else None

    def execute(self, query: Any, params: Any = None) -> psycopg.Cursor[Any]:
        if self._open and not self._deferred:
            return self.conn.execute(query, params)
        cursor = self._send((query, params))
        assert cursor is not None
        return cursor

    def defer(self, command: str) -> None:
        """Send ``command`` (a ``savepoint``) with the next statement, or never if none follows."""
        self._deferred.append(command)

    def withdraw(self, command: str) -> bool:
        """Whether ``command``, deferred, has been sent; if not, it never will be."""
        if command in self._deferred:
            self._deferred.remove(command)
            return False
        return True

    def commit(self) -> None:
        self._deferred.clear()
        self.conn.commit()
        self._open = False

    def rollback(self) -> None:
        self._deferred.clear()
        self.conn.rollback()
        self._open = False


@contextmanager
def transaction(role: Role, claims: Mapping[str, Any] | None = None, *,
                first: Statement | None = None) -> Iterator[Transaction]:
    """Open a transaction as ``role`` with the given JWT claims; roll back whatever is not committed.

    ``first``, a statement that reads (a session check), is sent with the transaction's start and
    its cursor is ``Transaction.first``. A pooled connection is not probed before use (that was a
    round trip per request): one the server closed meanwhile fails at the start and is discarded, the
    pool's idle connections are probed, and the start is tried once more."""
    pool = get_pool()
    from psycopg_pool import PoolTimeout  # loaded by get_pool() already

    for attempt in (1, 2):
        try:
            connection_cm = pool.connection()
            conn = connection_cm.__enter__()
        except (PoolTimeout, psycopg.OperationalError) as error:
            raise DatabaseUnavailable("the database is not reachable") from error
        try:
            tx = Transaction(conn, role, claims, first)
        except psycopg.OperationalError as error:
            connection_cm.__exit__(type(error), error, error.__traceback__)  # a broken one is discarded
            if attempt == 1 and conn.broken:
                pool.check()  # the others idle since may be gone too: probe them now, not per request
                continue
            raise DatabaseUnavailable("the database is not reachable") from error
        except BaseException as error:
            connection_cm.__exit__(type(error), error, error.__traceback__)
            raise
        break
    try:
        yield tx
    finally:
        with suppress(psycopg.Error):  # a broken connection is discarded by the pool
            conn.rollback()
        connection_cm.__exit__(None, None, None)


@contextmanager
def service_transaction(service: str) -> Iterator[Transaction]:
    """The one explicit way for event consumers and scheduled jobs to act as ``service_role``."""
    with transaction("service_role", {"role": "service_role", "sub": None, "service": service}) as tx:
        yield tx
