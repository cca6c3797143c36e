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
    return pgserver.get_server(data_dir, cleanup_mode="stop")


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
