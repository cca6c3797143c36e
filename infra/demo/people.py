"""The demo organization and its people: HIMA Informatika, the BPH and five departments, 30 members in
all eight roles. Each person's handle is their e-mail address's local part (``kadep.ristek``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

DEMO_PASSWORD = "Proker Demo 2025!"  # noqa: S105 (published on purpose: demo accounts)
DOMAIN = "hima-informatika.example"
ORGANIZATION_NAME = "Himpunan Mahasiswa Informatika"
DEPARTMENTS = [  # code, name, core, description
    ("BPH", "Badan Pengurus Harian", True, "Ketua, wakil ketua, sekretaris dan bendahara himpunan."),
    ("RISTEK", "Riset dan Teknologi", False, "Pelatihan, riset dan kompetisi teknologi informasi."),
    ("HUMAS", "Hubungan Masyarakat", False, "Publikasi, media partner dan hubungan dengan pihak luar."),
    ("PSDM", "Pengembangan Sumber Daya Mahasiswa", False, "Kaderisasi, mentoring dan pengembangan pengurus."),
    ("KWU", "Kewirausahaan", False, "Usaha dana, merchandise dan bazar himpunan."),
    ("MIBA", "Minat dan Bakat", False, "Olahraga, seni dan kegiatan keakraban mahasiswa."),
]
NAMES = [
    "Rizky Pratama", "Siti Nurhaliza", "Ahmad Fauzan", "Dewi Lestari", "Budi Santoso", "Putri Ayu Ramadhani",
    "Fajar Nugroho", "Intan Permatasari", "Yoga Aditya", "Nabila Azzahra", "Dimas Saputra", "Ayu Kartika",
    "Reza Maulana", "Salsabila Putri", "Hendra Wijaya", "Maya Anggraini", "Arif Hidayat", "Citra Melati",
    "Bagus Setiawan", "Larasati Wulandari", "Ilham Ramadhan", "Fitri Handayani", "Galih Prasetyo",
    "Nadia Safitri", "Rendi Kurniawan", "Tiara Oktaviani", "Wahyu Hidayatullah", "Anisa Rahmawati",
    "Eko Purnomo", "Dr. Bambang Sutrisno, M.Kom.",
]


def organization(today: date) -> dict[str, Any]:
    """``POST /orgs``'s body, with the period of office (September to August) that holds ``today``."""
    year = today.year if today.month >= 9 else today.year - 1
    return {
        "name": ORGANIZATION_NAME, "short_name": "HIMA IF", "type": "hima",
        "institution": "Universitas Nusantara", "faculty": "Fakultas Ilmu Komputer", "study_program": "Informatika",
        "description": "Wadah aspirasi dan pengembangan mahasiswa Informatika.",
        "period": {"name": f"Kabinet Sinergi {year}/{year + 1}", "starts_on": f"{year}-09-01",
                   "ends_on": f"{year + 1}-08-31"},
    }


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    role: str
    department: str | None  # department code
    title: str | None = None

    @property
    def handle(self) -> str:
        return self.email.partition("@")[0]


def people() -> list[Person]:
    """Everyone, the ketua first."""
    names = iter(NAMES)
    board = [
        ("ketua", "Ketua Himpunan"), ("wakil_ketua", "Wakil Ketua Himpunan"),
        ("sekretaris", "Sekretaris Umum"), ("bendahara", "Bendahara Umum"),
    ]
    result = [Person(f"{role.replace('_', '.')}@{DOMAIN}", next(names), role, "BPH", title) for role, title in board]
    for code, name, core, _ in DEPARTMENTS:
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
