"""An organization with one member in every role, for permission tests.

The ketua creates it through the API; the other members are inserted directly (test setup, as a
superuser) until invitations are what brings members in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import psycopg

ROLES = ("ketua", "wakil_ketua", "sekretaris", "bendahara", "kepala_departemen",
         "wakil_kepala_departemen", "anggota", "pembina")


@dataclass
class Org:
    id: str
    period_id: str
    department_id: str
    tokens: dict[str, str] = field(default_factory=dict)  # role (or "outsider") -> access token
    user_ids: dict[str, str] = field(default_factory=dict)


def build_org(api: Any, register: Any, database_url: str, name: str = "HIMA Informatika",
              roles: tuple[str, ...] = ROLES) -> Org:
    ketua = register(email=f"ketua.{abs(hash(name))}@hima.example", name="Ketua")
    created = api.post("/orgs", token=ketua["access_token"], json={
        "name": name, "type": "hima", "short_name": "HMIF",
        "period": {"name": "Kabinet Sinergi 2025/2026", "starts_on": "2025-09-01", "ends_on": "2026-08-31"}})
    assert created.status == 201, created.json
    org_id, period_id = created.json["id"], created.json["active_period_id"]
    department = api.post(f"/orgs/{org_id}/departments", token=ketua["access_token"],
                          json={"name": "Departemen Riset", "code": "RISET"})
    assert department.status == 201, department.json
    org = Org(id=org_id, period_id=period_id, department_id=department.json["id"])
    org.tokens["ketua"], org.user_ids["ketua"] = ketua["access_token"], ketua["user"]["id"]
    with psycopg.connect(database_url, autocommit=True) as conn:
        for role in roles[1:]:
            user = register(email=f"{role}.{abs(hash(name))}@hima.example", name=role.replace("_", " ").title())
            in_department = role in ("kepala_departemen", "wakil_kepala_departemen", "anggota")
            conn.execute(
                "insert into organization_service.memberships (organization_id, period_id, user_id, role,"
                " department_id) values (%s, %s, %s, %s, %s)",
                (org_id, period_id, user["user"]["id"], role, org.department_id if in_department else None))
            org.tokens[role], org.user_ids[role] = user["access_token"], user["user"]["id"]
    outsider = register(email=f"outsider.{abs(hash(name))}@elsewhere.example", name="Outsider")
    org.tokens["outsider"], org.user_ids["outsider"] = outsider["access_token"], outsider["user"]["id"]
    return org
