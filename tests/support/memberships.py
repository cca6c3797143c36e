"""Organizations and memberships made directly in organization_service's tables (test setup, as a
superuser), so that tests of other services do not depend on the orgs endpoints."""

from __future__ import annotations

import psycopg


def make_organization(database_url: str, members: dict[str, str], name: str = "HIMA Informatika") -> str:
    """An organization with an active period whose members are ``{user_id: role}``; returns its id."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        creator = next(iter(members), "00000000-0000-0000-0000-000000000000")
        org_id = conn.execute(
            "insert into organization_service.organizations (name, type, created_by) values (%s, 'hima', %s)"
            " returning id", (name, creator)).fetchone()[0]
        conn.execute(
            "insert into organization_service.periods (organization_id, name, starts_on, ends_on, status)"
            " values (%s, 'Kabinet Sinergi 2025/2026', '2025-09-01', '2026-08-31', 'aktif')", (org_id,))
    for user_id, role in members.items():
        add_member(database_url, str(org_id), user_id, role)
    return str(org_id)


def add_member(database_url: str, org_id: str, user_id: str, role: str = "anggota", *, active: bool = True) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "insert into organization_service.memberships (organization_id, period_id, user_id, role, active)"
            " select %s, p.id, %s, %s, %s from organization_service.periods p"
            " where p.organization_id = %s and p.status = 'aktif'",
            (org_id, user_id, role, active, org_id))
