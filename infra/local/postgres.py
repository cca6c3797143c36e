"""The embedded PostgreSQL (PyPI ``pgserver``, PostgreSQL 16) in a data folder of the project's."""

from __future__ import annotations

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
