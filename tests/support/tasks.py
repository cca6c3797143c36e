"""Tasks made directly in task_service's tables (test setup, as a superuser), on the world of
tests/support/programs.py: a program of department ``dept`` led by ``pj``, everyone in their role."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import psycopg


def make_task(database_url: str, program_id: str, created_by: str, status: str = "belum_dimulai",
              assignees: Iterable[str] = (), **fields: Any) -> str:
    """A task of ``program_id`` in ``status`` (its organization and period come from the program)."""
    values = {"program_id": program_id, "title": "Sewa gedung", "created_by": created_by, "status": status, **fields}
    columns = ", ".join(values)
    placeholders = ", ".join(f"%({c})s" for c in values)
    with psycopg.connect(database_url, autocommit=True) as conn:
        task = str(conn.execute(f"insert into task_service.tasks ({columns}) values ({placeholders}) returning id",
                                values).fetchone()[0])
        for user in assignees:
            conn.execute("insert into task_service.task_assignees (task_id, user_id) values (%s, %s)", (task, user))
    return task


def make_milestone(database_url: str, program_id: str, name: str = "Persiapan") -> str:
    with psycopg.connect(database_url, autocommit=True) as conn:
        return str(conn.execute("insert into program_service.milestones (program_id, organization_id, name)"
                                " select id, organization_id, %s from program_service.programs where id = %s"
                                " returning id", (name, program_id)).fetchone()[0])
