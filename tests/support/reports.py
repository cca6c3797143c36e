"""A realistic program for report tests, on the world of tests/support/programs.py (a program of
department ``dept`` led by ``pj``; everyone in their role): approved then started, with milestones,
a committee, income and expenses, and tasks in every status, some overdue. Made directly in the
tables (test setup, as a superuser). Also: the report files kept in a folder of the test's own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import boto3
import psycopg
from moto import mock_aws

from shared import files
from shared.config import reset_settings
from tests.support.program_parts import add_to_committee, make_budget_item, make_milestone
from tests.support.programs import make_program, make_world, register_people
from tests.support.tasks import make_task


def jakarta_today() -> date:
    return datetime.now(ZoneInfo("Asia/Jakarta")).date()  # the organizations' default time zone


def sql(database_url: str, query: str, *params: Any) -> Any:
    with psycopg.connect(database_url, autocommit=True) as conn:
        cursor = conn.execute(query, params)
        row = cursor.fetchone() if cursor.description else None
        return row[0] if row else None


def make_realistic_program(database_url: str, ids: dict[str, str], people: dict[str, dict[str, str]]) -> dict[str, Any]:
    """A program 30 days into a 60-day plan (progress planned: 50%), in progress since day 2."""
    today = jakarta_today()
    start, end = today - timedelta(days=30), today + timedelta(days=30)
    program = make_program(database_url, ids, people, "disetujui", name="Seminar Nasional AI", code="SEMNAS",
                           planned_start=start, planned_end=end, budget_planned="15000000.00",
                           location="Aula Fakultas", objectives="Mengenalkan AI kepada mahasiswa",
                           target_group="Mahasiswa informatika", description="Seminar tahunan himpunan",
                           success_indicators="- 200 peserta hadir\n- Kepuasan peserta di atas 80%")
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("select set_config('program_service.note', 'Mulai', false)")
        conn.execute("update program_service.programs set status = 'dalam_progres', actual_start = %s where id = %s",
                     (start + timedelta(days=2), program))
    add_to_committee(database_url, ids, program, people["anggota"]["id"], "sie acara")
    add_to_committee(database_url, ids, program, people["kepala_lain"]["id"], "sie humas")
    proposal = make_milestone(database_url, ids, program, "Proposal disetujui", position=1,
                              due_date=today - timedelta(days=20), done_at=datetime.now(ZoneInfo("UTC")))
    make_milestone(database_url, ids, program, "Pembicara dikonfirmasi", position=2, due_date=today - timedelta(days=3))
    make_milestone(database_url, ids, program, "Hari pelaksanaan", position=3, due_date=end)
    pj, anggota, ketua = people["pj"]["id"], people["anggota"]["id"], people["ketua"]["id"]
    tasks = {
        "done": make_task(database_url, program, ketua, "selesai", [anggota], title="Susun proposal",
                          milestone_id=proposal, completed_at=datetime.now(ZoneInfo("UTC")),
                          due_date=today - timedelta(days=21)),
        "late": make_task(database_url, program, ketua, "dalam_progres", [anggota, pj], title="Hubungi pembicara",
                          due_date=today - timedelta(days=4), priority="tinggi"),
        "later": make_task(database_url, program, ketua, "belum_dimulai", [pj], title="Cetak spanduk",
                           due_date=today - timedelta(days=1)),
        "review": make_task(database_url, program, ketua, "review", [anggota], title="Desain poster",
                            due_date=today + timedelta(days=5)),
        "paused": make_task(database_url, program, ketua, "ditunda", [], title="Cari sponsor kedua"),
        "cancelled": make_task(database_url, program, ketua, "dibatalkan", [], title="Sewa bus"),
    }
    for fields in (
        {"kind": "pemasukan", "category": "Dana kemahasiswaan", "quantity": "1", "unit_price": "10000000",
         "actual_amount": "10000000.00"},
        {"kind": "pemasukan", "category": "Sponsor", "quantity": "1", "unit_price": "4000000",
         "actual_amount": "3500000.50"},
        {"kind": "pengeluaran", "category": "Konsumsi", "quantity": "200", "unit_price": "25000.25",
         "actual_amount": "4900000.00"},
        {"kind": "pengeluaran", "category": "Konsumsi", "quantity": "10", "unit_price": "15000"},
        {"kind": "pengeluaran", "category": "Sewa sound system", "quantity": "1", "unit_price": "2500000",
         "actual_amount": "2750000.75"},
    ):
        make_budget_item(database_url, ids, people, program, verified=fields["kind"] == "pemasukan", **fields)
    return {"program": program, "today": today, "start": start, "end": end, "tasks": tasks}


def realistic_world(api: Any, database_url: str) -> dict[str, Any]:
    """For a test module's ``world`` fixture: everyone registered in their role and a realistic program."""
    people = register_people(api, uuid.uuid4().hex[:6])
    ids = make_world(database_url, people)
    program = make_realistic_program(database_url, ids, people)
    tokens = {who: person["token"] for who, person in people.items()}
    return {"people": people, "ids": ids, "db": database_url, "tokens": tokens, **program}


BUCKET = "proker-reports-test"


@contextmanager
def s3_bucket(monkeypatch: Any) -> Iterator[Any]:
    """The report files in an S3 bucket of moto's (REPORTS_BUCKET), for a test inside ``files_in``'s folder
    (which takes the setting away again); yields the boto3 client to look into the bucket."""
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-southeast-3")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    os.environ["REPORTS_BUCKET"] = BUCKET
    reset_settings()
    files.reset_file_store()
    with mock_aws():
        s3 = boto3.client("s3", region_name="ap-southeast-3")
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-3"})
        yield s3


def files_in(tmp_path: Path) -> Iterator[Path]:
    """For a test module's ``report_files`` fixture: report files in a folder of the test's own (the local
    store), the settings read again before and after."""
    folder = tmp_path / "reports"
    os.environ["REPORT_FILES_DIR"] = str(folder)
    reset_settings()
    files.reset_file_store()
    yield folder
    os.environ.pop("REPORT_FILES_DIR", None)
    os.environ.pop("REPORTS_BUCKET", None)
    reset_settings()
    files.reset_file_store()
