"""A world for program tests: one registered user per role of docs/domain.md's permission table, plus
the head of another department (``kepala_lain``), a person in charge (``pj``, an anggota of that
other department) and an outsider; organizations and programs made directly in the tables (test
setup, as a superuser), so each test starts from exactly the state it needs, quickly."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from tests.conftest import STRONG_PASSWORD
from tests.support.orgs import ROLES

PEOPLE = (*ROLES, "kepala_lain", "pj", "outsider")
BOARD = frozenset({"ketua", "wakil_ketua"})
HEADS = frozenset({"kepala_departemen", "wakil_kepala_departemen"})  # of the program's department
MEMBERS = frozenset(PEOPLE) - {"outsider"}
EDITORS = BOARD | HEADS | {"pj"}
DEPARTMENT_OF = {"kepala_departemen": "dept", "wakil_kepala_departemen": "dept", "anggota": "dept",
                 "kepala_lain": "other_dept", "pj": "other_dept"}
ROLE_OF = {"kepala_lain": "kepala_departemen", "pj": "anggota"}


def register_people(api: Any, tag: str) -> dict[str, dict[str, str]]:
    people = {}
    for who in PEOPLE:
        response = api.post("/auth/register", json={
            "email": f"{who}.{tag}@proker.example", "password": STRONG_PASSWORD, "name": who})
        assert response.status == 201, response.json
        people[who] = {"token": response.json["access_token"], "id": response.json["user"]["id"]}
    return people


def make_world(database_url: str, people: dict[str, dict[str, str]], *, period_status: str = "aktif") -> dict[str, str]:
    """An organization whose active period has two departments and everyone (but the outsider) in their role."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        org = conn.execute("insert into organization_service.organizations (name, type, created_by)"
                           " values (%s, 'hima', %s) returning id::text",
                           (f"HIMA {uuid.uuid4().hex[:6]}", people["ketua"]["id"])).fetchone()[0]
        period = conn.execute("insert into organization_service.periods (organization_id, name, starts_on, ends_on,"
                              " status) values (%s, 'Kabinet 2025/2026', '2025-09-01', '2026-08-31', %s)"
                              " returning id::text", (org, period_status)).fetchone()[0]
        ids = {"org": org, "period": period}
        for key, code in (("dept", "RISET"), ("other_dept", "HUMAS")):
            ids[key] = conn.execute("insert into organization_service.departments (organization_id, period_id, name,"
                                    " code) values (%s, %s, %s, %s) returning id::text",
                                    (org, period, code.title(), code)).fetchone()[0]
        for who in MEMBERS:
            department = ids[DEPARTMENT_OF[who]] if who in DEPARTMENT_OF else None
            conn.execute("insert into organization_service.memberships (organization_id, period_id, user_id, role,"
                         " department_id) values (%s, %s, %s, %s, %s)",
                         (org, period, people[who]["id"], ROLE_OF.get(who, who), department))
    return ids


def make_program(database_url: str, ids: dict[str, str], people: dict[str, dict[str, str]],
                 status: str = "draft", **fields: Any) -> str:
    """A program of department ``dept`` led by ``pj``, in ``status``."""
    values = {"organization_id": ids["org"], "period_id": ids["period"], "department_id": ids["dept"],
              "name": "Seminar Nasional", "type": "event", "person_in_charge": people["pj"]["id"],
              "created_by": people["ketua"]["id"], "status": status,
              "cancel_reason": "Dana tidak cukup" if status == "dibatalkan" else None, **fields}
    columns = ", ".join(values)
    placeholders = ", ".join(f"%({c})s" for c in values)
    with psycopg.connect(database_url, autocommit=True) as conn:
        return str(conn.execute(f"insert into program_service.programs ({columns}) values ({placeholders})"
                                " returning id", values).fetchone()[0])


@contextmanager
def as_user(database_url: str, user_id: str) -> Iterator[psycopg.Connection[Any]]:
    """A connection in a transaction as ``authenticated`` with the user's claims; rolled back after."""
    with psycopg.connect(database_url) as conn:
        conn.execute("select set_config('role', 'authenticated', true), set_config('request.jwt.claims', %s, true)",
                     (json.dumps({"sub": user_id, "role": "authenticated"}),))
        try:
            yield conn
        finally:
            conn.rollback()
