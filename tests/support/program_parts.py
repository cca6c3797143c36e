"""What hangs off a program (committee, milestones, budget items), made directly in the tables (test
setup, as a superuser), so each test starts from exactly the state it needs."""

from __future__ import annotations

from typing import Any

import psycopg

ENTERERS = frozenset({"kepala_departemen", "wakil_kepala_departemen", "pj"})
"""Who enters the budget of a program of department ``dept`` led by ``pj`` (docs/domain.md, "Who may do what")."""
BUDGET_VIEWERS = ENTERERS | {"ketua", "wakil_ketua", "sekretaris", "bendahara", "pembina"}
TREASURER = frozenset({"bendahara"})


def _insert(database_url: str, table: str, values: dict[str, Any], returning: str = "id") -> str:
    columns = ", ".join(values)
    placeholders = ", ".join(f"%({c})s" for c in values)
    with psycopg.connect(database_url, autocommit=True) as conn:
        row = conn.execute(f"insert into program_service.{table} ({columns}) values ({placeholders})"
                           f" returning {returning}::text", values).fetchone()
        assert row is not None
        return str(row[0])


def add_to_committee(database_url: str, ids: dict[str, str], program: str, user_id: str,
                     committee_role: str = "sie acara") -> str:
    return _insert(database_url, "committee_members", {
        "program_id": program, "organization_id": ids["org"], "user_id": user_id, "committee_role": committee_role},
        returning="user_id")


def make_milestone(database_url: str, ids: dict[str, str], program: str, name: str = "Proposal disetujui",
                   **fields: Any) -> str:
    return _insert(database_url, "milestones", {
        "program_id": program, "organization_id": ids["org"], "name": name, **fields})


def make_budget_item(database_url: str, ids: dict[str, str], people: dict[str, dict[str, str]], program: str,
                     *, verified: bool = False, **fields: Any) -> str:
    """An expense of 10 x Rp 25.000 entered by the PJ (verified by the bendahara when ``verified``)."""
    values = {"program_id": program, "organization_id": ids["org"], "kind": "pengeluaran", "category": "Konsumsi",
              "quantity": "10", "unit": "porsi", "unit_price": "25000", "created_by": people["pj"]["id"], **fields}
    if verified:
        values |= {"verified_by": people["bendahara"]["id"], "verified_at": "2026-01-10T10:00:00+07:00"}
    return _insert(database_url, "budget_items", values)
