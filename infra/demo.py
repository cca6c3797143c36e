"""Load a realistic example organization to explore: ``make demo`` (or ``python -m infra.demo``).

HIMA Informatika with its active period "Kabinet Sinergi 2025/2026", the BPH and five
departments, and 30 members across all eight roles, every one of whom can log in with
``DEMO_PASSWORD``. Everything goes through the API's own functions (in-process): register, create
the organization and departments, invite by e-mail, accept, appoint heads. Running it again changes
nothing. Uses ``DATABASE_URL``, else the embedded PostgreSQL of ``make dev`` (``.data/``).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any

DEMO_PASSWORD = "Proker Demo 2025!"  # noqa: S105 (published on purpose: demo accounts)
DOMAIN = "hima-informatika.example"
ORGANIZATION = {
    "name": "Himpunan Mahasiswa Informatika", "short_name": "HIMA IF", "type": "hima",
    "institution": "Universitas Nusantara", "faculty": "Fakultas Ilmu Komputer", "study_program": "Informatika",
    "description": "Wadah aspirasi dan pengembangan mahasiswa Informatika.",
    "period": {"name": "Kabinet Sinergi 2025/2026", "starts_on": "2025-09-01", "ends_on": "2026-08-31"},
}
DEPARTMENTS = [  # code, name, core
    ("BPH", "Badan Pengurus Harian", True),
    ("RISTEK", "Riset dan Teknologi", False),
    ("HUMAS", "Hubungan Masyarakat", False),
    ("PSDM", "Pengembangan Sumber Daya Mahasiswa", False),
    ("KWU", "Kewirausahaan", False),
    ("MIBA", "Minat dan Bakat", False),
]
NAMES = [
    "Rizky Pratama", "Siti Nurhaliza", "Ahmad Fauzan", "Dewi Lestari", "Budi Santoso", "Putri Ayu Ramadhani",
    "Fajar Nugroho", "Intan Permatasari", "Yoga Aditya", "Nabila Azzahra", "Dimas Saputra", "Ayu Kartika",
    "Reza Maulana", "Salsabila Putri", "Hendra Wijaya", "Maya Anggraini", "Arif Hidayat", "Citra Melati",
    "Bagus Setiawan", "Larasati Wulandari", "Ilham Ramadhan", "Fitri Handayani", "Galih Prasetyo",
    "Nadia Safitri", "Rendi Kurniawan", "Tiara Oktaviani", "Wahyu Hidayatullah", "Anisa Rahmawati",
    "Eko Purnomo", "Dr. Bambang Sutrisno, M.Kom.",
]


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    role: str
    department: str | None  # department code
    title: str | None = None


def people() -> list[Person]:
    names = iter(NAMES)
    board = [
        ("ketua", "Ketua Himpunan"), ("wakil_ketua", "Wakil Ketua Himpunan"),
        ("sekretaris", "Sekretaris Umum"), ("bendahara", "Bendahara Umum"),
    ]
    result = [Person(f"{role.replace('_', '.')}@{DOMAIN}", next(names), role, "BPH", title) for role, title in board]
    for code, name, core in DEPARTMENTS:
        if core:
            continue
        lower = code.lower()
        result.append(Person(f"kadep.{lower}@{DOMAIN}", next(names), "kepala_departemen", code, f"Kepala {name}"))
        result.append(Person(f"wakadep.{lower}@{DOMAIN}", next(names), "wakil_kepala_departemen", code,
                             f"Wakil Kepala {name}"))
        result += [Person(f"staf{i}.{lower}@{DOMAIN}", next(names), "anggota", code, f"Staf {name}")
                   for i in (1, 2, 3)]
    result.append(Person(f"pembina@{DOMAIN}", next(names), "pembina", None, "Dosen Pembina"))
    return result


class DemoError(RuntimeError):
    pass


def _ok(response: Any, *expected: int) -> Any:
    if response.status not in expected:
        raise DemoError(f"unexpected {response.status}: {response.json}")
    return response.json


def sign_in(api: Any, person: Person) -> str:
    registered = api.post("/auth/register", json={"email": person.email, "password": DEMO_PASSWORD,
                                                  "name": person.name})
    if registered.status == 409:
        return str(_ok(api.post("/auth/login", json={"email": person.email, "password": DEMO_PASSWORD}),
                       200)["access_token"])
    return str(_ok(registered, 201)["access_token"])


def load(api: Any) -> dict[str, Any]:
    everyone = people()
    tokens = {p.email: sign_in(api, p) for p in everyone}
    ketua = everyone[0]
    existing = [o for o in _ok(api.get("/orgs", token=tokens[ketua.email]), 200)["items"]
                if o["name"] == ORGANIZATION["name"]]
    if existing:
        return {"organization": existing[0], "people": everyone, "created": False}
    organization = _ok(api.post("/orgs", token=tokens[ketua.email], json=ORGANIZATION), 201)
    org_id = organization["id"]
    departments = {
        code: _ok(api.post(f"/orgs/{org_id}/departments", token=tokens[ketua.email],
                           json={"name": name, "code": code, "is_core": core}), 201)["id"]
        for code, name, core in DEPARTMENTS}
    for person in everyone[1:]:
        invitation = _ok(api.post(f"/orgs/{org_id}/invitations", token=tokens[ketua.email], json={
            "email": person.email, "role": person.role, "position_title": person.title,
            "department_id": departments[person.department] if person.department else None}), 201)
        _ok(api.post(f"/orgs/invitations/{invitation['id']}/accept", token=tokens[person.email]), 200, 201)
    members = _ok(api.get(f"/orgs/{org_id}/members?limit=100", token=tokens[ketua.email]), 200)["items"]
    ketua_id = next(m["user_id"] for m in members if m["role"] == "ketua")
    _ok(api.request("PATCH", f"/orgs/{org_id}/members/{next(m['id'] for m in members if m['role'] == 'ketua')}",
                    token=tokens[ketua.email], json={"department_id": departments["BPH"],
                                                     "position_title": ketua.title}), 200)
    heads = {m["department_id"]: m["user_id"] for m in members if m["role"] == "kepala_departemen"}
    heads[departments["BPH"]] = ketua_id
    for department_id, head in heads.items():
        _ok(api.request("PATCH", f"/orgs/{org_id}/departments/{department_id}", token=tokens[ketua.email],
                        json={"head_user_id": head}), 200)
    return {"organization": organization, "people": everyone, "created": True}


def main() -> int:
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    from infra.local.client import InProcessApi
    from infra.local.postgres import local_database
    from infra.migrate import migrate

    with local_database() as url:
        migrate(url)
        result = load(InProcessApi())
    organization = result["organization"]
    print(f"{'Loaded' if result['created'] else 'Already there'}: {organization['name']} ({organization['id']})")
    print(f"Every account's password: {DEMO_PASSWORD}")
    for person in result["people"]:
        print(f"  {person.email:<38} {person.role:<24} {person.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
