"""The embedded PostgreSQL (PyPI ``pgserver``, PostgreSQL 16) in a data folder of the project's."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

DATA_DIR = Path(__file__).resolve().parents[2] / ".data"


def start_embedded(data_dir: Path = DATA_DIR / "pg") -> Any:
    """Start (or reuse) the embedded server; it stops when the last process using it exits."""
    import pgserver

    data_dir.mkdir(parents=True, exist_ok=True)
    forget_dead_handles(data_dir)
    return pgserver.get_server(data_dir, cleanup_mode="stop")


def forget_dead_handles(data_dir: Path) -> list[int]:
    """pgserver stops the server when the last process that asked for it exits, counting them in
    ``.handle_pids.json``. A process killed outright (``kill -9``, a closed terminal) never takes itself
    off that list, so the server would never be stopped again and every later run would leave it
    behind. Take the dead off first, under pgserver's own lock; return whom."""
    from pgserver.postgres_server import PostgresServer
    from pgserver.utils import DiskList

    with PostgresServer._lock:
        handles = DiskList(data_dir / ".handle_pids.json")
        pids = handles.get()
        dead = [pid for pid in pids if not _alive(pid)]
        if dead:
            handles.put([pid for pid in pids if pid not in dead])
    return dead


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def ensure_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone():
            conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))


def drop_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


@contextmanager
def local_database() -> Iterator[str]:
    """``DATABASE_URL`` when set; else the embedded server in ``$PROKER_DATA_DIR`` (``.data/``), with
    its database ``proker``. Either way the signing key file and the report files default to that data
    folder. Sets
    ``DATABASE_URL`` for the code that runs inside."""
    data_dir = Path(os.environ.get("PROKER_DATA_DIR") or DATA_DIR)
    os.environ.setdefault("SIGNING_KEY_FILE", str(data_dir / "jwt-signing-key.json"))
    os.environ.setdefault("REPORT_FILES_DIR", str(data_dir / "reports"))  # report files (shared/files.py)
    if os.environ.get("DATABASE_URL"):
        yield os.environ["DATABASE_URL"]
        return
    print(f"starting the embedded PostgreSQL in {data_dir / 'pg'} ...", flush=True)
    server = start_embedded(data_dir / "pg")
    try:
        ensure_database(server.get_uri(), "proker")
        os.environ["DATABASE_URL"] = server.get_uri("proker")
        yield os.environ["DATABASE_URL"]
    finally:
        from shared.db import close_pool

        close_pool()
        server.cleanup()
