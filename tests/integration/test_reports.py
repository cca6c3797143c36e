"""Reports through their functions, on real PostgreSQL: a realistic program's progress report and LPJ
draft (exact rupiah), an organization's summary, who may read and store them, the stored reports with
their CSV and PDF files, and the links to those files (local folder through the gateway; S3 through
moto)."""

from __future__ import annotations

import csv
import io
import json
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest
from pypdf import PdfReader

from shared import files
from tests.support.programs import MEMBERS, make_program, make_world, register_people
from tests.support.reports import BUCKET, files_in, realistic_world, s3_bucket, sql


@pytest.fixture
def report_files(tmp_path: Path) -> Iterator[Path]:
    yield from files_in(tmp_path)

@pytest.fixture
def world(api, database) -> dict[str, Any]:
    return realistic_world(api, database)


def get(api, world, path: str, who: str = "ketua", status: int = 200) -> Any:
    response = api.get(path, token=world["tokens"][who])
    assert response.status == status, response.json
    return response.json


def sections(csv_bytes: bytes) -> dict[str, list[list[str]]]:
    """A report CSV's sections by title: header row and rows."""
    assert csv_bytes.startswith("\ufeff".encode())
    found: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for row in csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"))):
        if not row:
            current = None
        elif current is None:
            current = found.setdefault(row[0], [])
        else:
            current.append(row)
    return found


# ---- the progress report ----

def test_a_programs_progress_report_says_where_it_stands(api, world):
    report = get(api, world, f"/programs/{world['program']}/report", "anggota")
    people = world["people"]
    identity = report["identity"]
    assert identity["program"]["name"] == "Seminar Nasional AI" and identity["program"]["status"] == "dalam_progres"
    assert identity["department"]["code"] == "RISET" and identity["period"]["name"] == "Kabinet 2025/2026"
    assert identity["person_in_charge"] == {"user_id": people["pj"]["id"], "name": "pj"}
    assert report["today"] == world["today"].isoformat()
    timeline = report["timeline"]
    assert (timeline["planned_start"], timeline["start_delay_days"], timeline["days_to_deadline"],
            timeline["late"]) == (world["start"].isoformat(), 2, 30, False)
    # 3 milestones (1 done) and the tasks without one: (1 + 0 + 0 + 0/4) / 4; the plan expects half by now
    assert report["progress"] == {"actual": 25.0, "planned": 50.0, "gap": -25.0}
    milestones = report["milestones"]
    assert (milestones["total"], milestones["done"], milestones["due"], milestones["done_of_due"]) == (3, 1, 2, 1)
    assert [m["name"] for m in milestones["items"] if m["overdue"]] == ["Pembicara dikonfirmasi"]
    tasks = report["tasks"]
    assert (tasks["total"], tasks["done"], tasks["late"], tasks["completion_percent"]) == (5, 1, 2, 20.0)
    assert {c["status"]: c["tasks"] for c in tasks["by_status"]} == {
        "belum_dimulai": 1, "dalam_progres": 1, "review": 1, "selesai": 1, "ditunda": 1, "dibatalkan": 1}
    overdue = [(t["title"], t["days_overdue"], sorted(p["name"] for p in t["assignees"])) for t in tasks["overdue"]]
    assert overdue == [("Hubungi pembicara", 4, ["anggota", "pj"]), ("Cetak spanduk", 1, ["pj"])]
    budget = report["budget"]
    assert (budget["planned"], budget["income_actual"], budget["expense_planned"], budget["expense_actual"],
            budget["balance_actual"], budget["realization_percent"]) == (
        "15000000.00", "13500000.50", "7650050.00", "7650000.75", "5849999.75", 51.0)
    assert [(line["kind"], line["category"], line["items"], line["realized_items"]) for line in budget["lines"]] == [
        ("pemasukan", "Dana kemahasiswaan", 1, 1), ("pemasukan", "Sponsor", 1, 1),
        ("pengeluaran", "Konsumsi", 2, 1), ("pengeluaran", "Sewa sound system", 1, 1)]
    roles = {c["name"]: c["committee_role"] for c in report["people"]["committee"]}
    assert roles == {"anggota": "sie acara", "kepala_lain": "sie humas"}
    assert {(a["name"], a["tasks"], a["done"]) for a in report["people"]["assignees"]} == {
        ("anggota", 3, 1), ("pj", 2, 0)}
    assert [(h["from_status"], h["to_status"], h["note"]) for h in report["status_history"]] == [
        (None, "disetujui", None), ("disetujui", "dalam_progres", "Mulai")]
    assert (report["obstacles"], report["solutions"], report["next_steps"]) == ("", "", "")


def test_the_lpj_draft_has_exact_finances_and_its_sign_off_list(api, world):
    lpj = get(api, world, f"/programs/{world['program']}/lpj", "pembina")
    finances = lpj["finances"]
    assert [(line["name"], line["planned"], line["actual"], line["difference"]) for line in finances["income"]] == [
        ("Dana kemahasiswaan", "10000000.00", "10000000.00", "0.00"),
        ("Sponsor", "4000000.00", "3500000.50", "-499999.50")]
    assert [(line["name"], line["planned"], line["actual"]) for line in finances["expenses"]] == [
        ("Konsumsi", "5150050.00", "4900000.00"), ("Sewa sound system", "2500000.00", "2750000.75")]
    assert (finances["total_income_planned"], finances["total_income_actual"], finances["total_expense_planned"],
            finances["total_expense_actual"], finances["balance_planned"], finances["balance_actual"]) == (
        "14000000.00", "13500000.50", "7650050.00", "7650000.75", "6349950.00", "5849999.75")
    assert Decimal(finances["balance_actual"]) == Decimal("13500000.50") - Decimal("7650000.75")
    assert finances["unverified_lines"] == 2  # the expenses were never verified
    assert [(s["role"], s["person"]["name"] if s["person"] else None) for s in lpj["sign_off"]] == [
        ("ketua_pelaksana", "pj"), ("sekretaris", "sekretaris"), ("kepala_departemen", "kepala_departemen"),
        ("ketua", "ketua"), ("pembina", "pembina")]
    assert lpj["sign_off"][2]["title"] == "Kepala Departemen Riset"
    assert lpj["background"] == {"background": "Seminar tahunan himpunan",
                                 "objectives": "Mengenalkan AI kepada mahasiswa",
                                 "target_group": "Mahasiswa informatika"}
    execution = lpj["execution"]
    assert execution["location"] == "Aula Fakultas" and len(execution["committee"]) == 2
    assert execution["participants_target"] is None and execution["participants_actual"] is None
    # nothing written yet (tests/integration/test_lpj_sections.py): the indicators, unjudged
    assert lpj["evaluation"]["indicators"] == [
        {"indicator": "200 peserta hadir", "target": "", "result": None, "met": None},
        {"indicator": "Kepuasan peserta di atas 80%", "target": "", "result": None, "met": None}]
    assert lpj["attachments"] == []  # none uploaded yet (tests/integration/test_lpj_attachments.py)


def test_every_member_reads_reports_and_outsiders_find_nothing(api, world):
    program, org = world["program"], world["ids"]["org"]
    for who in MEMBERS:
        for path in (f"/programs/{program}/report", f"/programs/{program}/lpj", f"/orgs/{org}/reports/summary",
                     f"/reports?organization_id={org}"):
            get(api, world, path, who)
    for path in (f"/programs/{program}/report", f"/programs/{program}/lpj", f"/orgs/{org}/reports/summary",
                 f"/reports?organization_id={org}", f"/programs/{uuid.uuid4()}/report"):
        assert get(api, world, path, "outsider", 404)["status"] == 404


def test_a_programs_report_asks_who_the_caller_is_once_per_contract_function(world):
    """One statement, one call per service (issue 14): the caller's rights are asked by each contract function
    once, not again for every part of the report (fourteen times before) nor for every department's heads."""
    from functions.reports.repository import PROGRAM

    with psycopg.connect(world["db"]) as conn:
        conn.execute("set local track_functions = 'all'")
        conn.execute("select set_config('role', 'authenticated', true), set_config('request.jwt.claims', %s, true)",
                     (json.dumps({"sub": world["people"]["anggota"]["id"], "role": "authenticated"}),))
        row = conn.execute(PROGRAM, {"program": world["program"]}).fetchone()
        calls = dict(conn.execute("select funcname, calls from pg_stat_xact_user_functions"
                                  " where schemaname = 'organization_service'").fetchall())
        conn.rollback()
    assert row is not None and row[1] is not None  # the report and its identity
    # report_identity 1; program_report: metrics 2 (its local_today and caller_may_ask), progress_counts 1;
    # task_service.program_report 1
    assert calls["caller_may_ask"] <= 5, calls
    assert "department_heads" not in calls, calls


def test_the_organizations_report_shows_every_program_and_each_departments_completion(api, world):
    ids, people = world["ids"], world["people"]
    other = make_program(world["db"], ids, people, "selesai", name="Bakti Sosial", department_id=ids["other_dept"],
                         budget_planned="1000000.00")
    make_program(world["db"], ids, people, "draft", name="Lomba Coding", department_id=None)
    report = get(api, world, f"/orgs/{ids['org']}/reports/summary", "anggota")
    assert report["period"]["id"] == ids["period"]
    lines = {p["name"]: p for p in report["programs"]}
    assert set(lines) == {"Seminar Nasional AI", "Bakti Sosial", "Lomba Coding"}
    assert (lines["Seminar Nasional AI"]["progress"], lines["Seminar Nasional AI"]["planned_progress"],
            lines["Seminar Nasional AI"]["tasks"]) == (25.0, 50.0, {"total": 5, "done": 1, "late": 2})
    assert lines["Bakti Sosial"]["progress"] == 100.0 and lines["Bakti Sosial"]["id"] == other
    assert lines["Seminar Nasional AI"]["person_in_charge"]["name"] == "pj"
    departments = {d["department"]: d for d in report["departments"]}
    assert departments["Riset"]["completion_percent"] == 20.0 and departments["Riset"]["programs"] == 1
    assert departments["Humas"]["programs_done"] == 1
    assert departments[None]["programs"] == 1  # outside any department
    totals = report["totals"]
    assert totals["programs"] == 3 and totals["budget_planned"] == "16000000.00"
    assert totals["budget_realized"] == "7650000.75"
    assert {s["status"]: s["tasks"] for s in totals["tasks_by_status"]}["dibatalkan"] == 1
    assert [o["name"] for o in report["officers"]] == ["ketua", "wakil_ketua"]
    missing_period = api.get(f"/orgs/{ids['org']}/reports/summary?period_id={uuid.uuid4()}",
                             token=world["tokens"]["ketua"])
    assert missing_period.status == 404


# ---- stored reports and their files ----

def store(api, world, who: str = "pj", kind: str = "progress", status: int = 201) -> Any:
    response = api.post(f"/programs/{world['program']}/reports", token=world["tokens"][who], json={"kind": kind})
    assert response.status == status, response.json
    return response.json


def fetch(api, url: str) -> tuple[int, dict[str, str], bytes]:
    """A file link, opened through the local gateway (as a browser would)."""
    parts = urlsplit(url)
    return api.gateway.handle("GET", f"{parts.path}?{parts.query}", {}, b"", "127.0.0.1")


def test_who_may_store_a_programs_report(api, world, report_files):
    for who in ("pj", "kepala_departemen", "sekretaris", "ketua", "wakil_ketua"):
        assert store(api, world, who)["created_by"] == world["people"][who]["id"]
    for who in ("anggota", "bendahara", "pembina", "kepala_lain"):
        assert store(api, world, who, status=403)["status"] == 403
    store(api, world, "outsider", status=404)
    page = get(api, world, f"/reports?organization_id={world['ids']['org']}&limit=3", "anggota")
    assert len(page["items"]) == 3 and page["next_cursor"]
    rest = get(api, world, f"/reports?organization_id={world['ids']['org']}&cursor={page['next_cursor']}", "pembina")
    assert len(rest["items"]) == 2 and rest["next_cursor"] is None
    assert {r["kind"] for r in page["items"] + rest["items"]} == {"progress"}


def test_a_stored_report_has_a_pdf_and_a_csv_behind_expiring_links(api, world, report_files):
    stored = store(api, world, "pj", "lpj")
    assert stored["kind"] == "lpj" and stored["status"] == "draft" and stored["formats"] == ["pdf", "csv"]
    assert stored["title"] == "Laporan Pertanggungjawaban: Seminar Nasional AI"
    assert stored["content"]["finances"]["balance_actual"] == "5849999.75"
    read = get(api, world, f"/reports/{stored['id']}", "anggota")
    assert read["content"] == stored["content"]
    get(api, world, f"/reports/{stored['id']}", "outsider", 404)
    links = {link["format"]: link["url"] for link in read["files"]}
    status, headers, pdf = fetch(api, links["pdf"])
    assert status == 200 and headers["Content-Type"] == "application/pdf" and pdf.startswith(b"%PDF-")
    document = PdfReader(io.BytesIO(pdf))
    pages = len(document.pages)
    assert pages >= 3 and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page\r") + pdf.count(b"/Type /Page>") \
        + pdf.count(b"/Type /Page/") + pdf.count(b"/Type /Page ") >= pages
    text = "\n".join(page.extract_text() for page in document.pages)
    assert "LAPORAN PERTANGGUNGJAWABAN" in text and "Seminar Nasional AI" in text
    assert f"Halaman 1 dari {pages}" in text and f"Halaman {pages} dari {pages}" in text
    for heading in ("Lembar pengesahan", "Laporan keuangan", "Pemasukan per sumber", "Pengeluaran per pos",
                    "Tugas per status", "Evaluasi"):
        assert heading in text, heading
    assert "Rp 13.500.000,50" in text and "Rp 5.849.999,75" in text  # realized income, balance
    status, headers, csv_bytes = fetch(api, links["csv"])
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    found = sections(csv_bytes)
    assert found["Pemasukan per sumber"] == [["Sumber", "Rencana", "Realisasi", "Selisih"],
                                             ["Dana kemahasiswaan", "10000000.00", "10000000.00", "0.00"],
                                             ["Sponsor", "4000000.00", "3500000.50", "-499999.50"]]
    assert dict(found["Ringkasan keuangan"][1:])["Saldo (realisasi)"] == "5849999.75"
    assert dict(found["Tugas per status"][1:]) == {"Belum dimulai": "1", "Dalam progres": "1", "Review": "1",
                                                   "Selesai": "1", "Ditunda": "1", "Dibatalkan": "1"}
    fresh = get(api, world, f"/reports/{stored['id']}/files/csv", "pembina")
    assert fresh["format"] == "csv" and fetch(api, fresh["url"])[0] == 200


def test_the_progress_reports_pdf_and_csv(api, world, report_files):
    stored = store(api, world, "kepala_departemen", "progress")
    links = {link["format"]: link["url"] for link in stored["files"]}
    pdf = fetch(api, links["pdf"])[2]
    document = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in document.pages)
    for expected in ("LAPORAN KEMAJUAN PROGRAM", "HIMA", "Kabinet 2025/2026", "Jadwal dan kemajuan", "Tugas per status",
                     "Anggaran", "Riwayat status", "Hubungi pembicara", f"Halaman 2 dari {len(document.pages)}"):
        assert expected in text, expected
    assert document.metadata is not None and document.metadata.title == stored["title"]
    found = sections(fetch(api, links["csv"])[2])
    four_days_ago = (world["today"] - timedelta(days=4)).isoformat()
    assert found["Tugas terlambat"][1][:3] == ["Hubungi pembicara", four_days_ago, "4"]
    assert ["pemasukan", "Sponsor", "4000000.00", "3500000.50", "1", "1"] in found["Anggaran"]


def test_file_links_expire_and_cannot_be_forged(api, world, report_files):
    stored = store(api, world)
    url = next(link["url"] for link in stored["files"] if link["format"] == "pdf")
    parts = urlsplit(url)
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    assert abs(int(query["expires"]) - time.time() - 3600) < 60  # an hour (REPORT_LINK_SECONDS)

    def open_with(path: str, **changes: str) -> int:
        params = "&".join(f"{k}={v}" for k, v in {**query, **changes}.items())
        return api.gateway.handle("GET", f"{path}?{params}", {}, b"", "127.0.0.1")[0]

    assert open_with(parts.path) == 200
    assert open_with(parts.path, expires=str(int(query["expires"]) + 60)) == 403  # a longer life: tampered
    assert open_with(parts.path, signature="0" * 64) == 403
    assert open_with(parts.path.replace(".pdf", ".csv")) == 403  # another file with this file's signature
    assert open_with(parts.path, expires="1000") == 403
    store_ = files.local_file_store()
    expired = str(int(query["expires"]) - 7200)
    assert open_with(parts.path, expires=expired, signature=store_.signature(parts.path[len("/_files/"):],
                                                                            int(expired))) == 403
    assert api.gateway.handle("GET", f"{parts.path}", {}, b"", "127.0.0.1")[0] == 403


def test_files_go_to_s3_behind_presigned_links(api, world, report_files, monkeypatch):
    with s3_bucket(monkeypatch) as s3:
        stored = store(api, world, "ketua", "progress")
        keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"])
        assert len(keys) == 4 and all(key.startswith(f"{world['ids']['org']}/{stored['id']}/") for key in keys)
        assert len([key for key in keys if f"/{stored['id']}/en/" in key]) == 2  # its files in English beside
        pdf_key = next(key for key in keys if key.endswith(".pdf") and "/en/" not in key)
        obj = s3.get_object(Bucket=BUCKET, Key=pdf_key)
        assert obj["ContentType"] == "application/pdf" and obj["Body"].read().startswith(b"%PDF-")
        link = next(link for link in get(api, world, f"/reports/{stored['id']}", "anggota")["files"]
                    if link["format"] == "pdf")
        parts = urlsplit(link["url"])
        query = parse_qs(parts.query)
        assert BUCKET in parts.netloc + parts.path and pdf_key.split("/")[-1] in parts.path
        assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"] and query["X-Amz-Expires"] == ["3600"]
    assert not list(report_files.rglob("*.pdf"))  # nothing went to the local folder


def test_an_organizations_report_is_stored_by_the_sekretaris_and_the_board(api, world, report_files):
    org = world["ids"]["org"]
    for who, status in (("sekretaris", 201), ("ketua", 201), ("pj", 403), ("kepala_departemen", 403),
                        ("outsider", 404)):
        response = api.post(f"/orgs/{org}/reports", token=world["tokens"][who], json={})
        assert response.status == status, (who, response.json)
    reports = get(api, world, f"/reports?organization_id={org}&kind=progress", "anggota")["items"]
    assert len(reports) == 2 and all(r["program_id"] is None for r in reports)
    assert sql(world["db"], "select count(*) from events.outbox where type = 'report.generated'") == 2


@contextmanager
def as_service(database_url: str) -> Iterator[psycopg.Connection[Any]]:
    """A transaction as the reports service writes (service_role, no user); rolled back after."""
    with psycopg.connect(database_url) as conn:
        conn.execute("select set_config('role', 'service_role', true), set_config('request.jwt.claims', %s, true)",
                     ('{"role": "service_role", "sub": null, "service": "reports"}',))
        try:
            yield conn
        finally:
            conn.rollback()


REPORT_ROW = ("insert into report_service.reports (id, organization_id, period_id, program_id, kind, title,"
              " covers_from, covers_to, content, created_by, pdf_key) values (%s, %s, %s, %s, %s, 'X',"
              " current_date, current_date, %s, %s, %s)")


def test_a_report_row_cannot_name_files_it_did_not_store(api, world):
    # Its keys must be its own organization's and id's, whoever writes it, or its download link could be
    # made to sign another organization's file.
    pj = world["people"]["pj"]["id"]
    other = f"{uuid.uuid4()}/{uuid.uuid4()}/lpj.pdf"
    report = uuid.uuid4()
    ids = world["ids"]
    for key in (other, f"{ids['org']}/{uuid.uuid4()}/lpj.pdf", f"{ids['org']}/{report}/../x/lpj.pdf"):
        with as_service(world["db"]) as conn, pytest.raises(psycopg.errors.CheckViolation):
            conn.execute(REPORT_ROW, (report, ids["org"], ids["period"], world["program"], "progress", "{}", pj, key))
    with as_service(world["db"]) as conn:  # its own place is fine
        conn.execute(REPORT_ROW, (report, ids["org"], ids["period"], world["program"], "progress", "{}", pj,
                                  f"{ids['org']}/{report}/lpj.pdf"))


def test_nobody_writes_a_report_row_in_sql_not_even_its_pj(api, world):
    """A PJ storing an LPJ with a forged balance, a ketua amending one: users read reports, never write them."""
    from tests.support.programs import as_user

    ids, pj = world["ids"], world["people"]["pj"]["id"]
    forged = '{"finances": {"balance_actual": "999999999.00"}}'
    for who in ("pj", "ketua", "sekretaris"):
        with as_user(world["db"], world["people"][who]["id"]) as conn, \
                pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(REPORT_ROW, (uuid.uuid4(), ids["org"], ids["period"], world["program"], "lpj", forged,
                                      world["people"][who]["id"], None))
    report = sql(world["db"], "insert into report_service.reports (organization_id, period_id, program_id, kind, title,"
                 " covers_from, covers_to, content, created_by) values (%s, %s, %s, 'lpj', 'LPJ', current_date,"
                 " current_date, '{}', %s) returning id", ids["org"], ids["period"], world["program"], pj)
    with as_user(world["db"], world["people"]["ketua"]["id"]) as conn:
        for statement in ("update report_service.reports set content = %s::jsonb where id = %s",
                          "delete from report_service.reports where id = %s and %s::text is not null"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
                conn.execute(statement, (forged, report) if "update" in statement else (report, forged))


def test_no_report_names_another_organizations_program(api, world):
    """Neither a ketua of another organization (in SQL) nor the service's own path: a report's program is
    its organization's program of its period, its period the organization's, its author one who may store it."""
    from tests.support.programs import as_user

    ids, db = world["ids"], world["db"]
    others = register_people(api, uuid.uuid4().hex[:6])
    other_ids = make_world(db, others)
    their_ketua = others["ketua"]["id"]
    with as_user(db, their_ketua) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(REPORT_ROW, (uuid.uuid4(), other_ids["org"], other_ids["period"], world["program"], "progress",
                                  "{}", their_ketua, None))
    refused = {
        "this program under the other organization": (other_ids["org"], other_ids["period"], world["program"],
                                                        their_ketua),
        "the other organization's period": (ids["org"], other_ids["period"], world["program"], None),
        "a program of no one": (ids["org"], ids["period"], uuid.uuid4(), None),
        "the other organization's ketua as its author": (ids["org"], ids["period"], world["program"], their_ketua),
        "an anggota as its author": (ids["org"], ids["period"], world["program"], world["people"]["anggota"]["id"]),
        "the head of another department as its author": (ids["org"], ids["period"], world["program"],
                                                         world["people"]["kepala_lain"]["id"]),
    }
    for case, (org, period, program, author) in refused.items():
        with as_service(db) as conn, pytest.raises((psycopg.errors.ForeignKeyViolation,
                                                    psycopg.errors.InsufficientPrivilege)):
            conn.execute(REPORT_ROW, (uuid.uuid4(), org, period, program, "progress", "{}", author, None))
            pytest.fail(case)
    for author in ("pj", "kepala_departemen", "sekretaris"):
        with as_service(db) as conn:
            conn.execute(REPORT_ROW, (uuid.uuid4(), ids["org"], ids["period"], world["program"], "progress", "{}",
                                      world["people"][author]["id"], None))
    with as_service(db) as conn:  # a job's report has no author
        conn.execute(REPORT_ROW, (uuid.uuid4(), ids["org"], ids["period"], None, "weekly", "{}", None, None))


def test_a_user_who_lost_the_right_meanwhile_stores_nothing(api, world, report_files, monkeypatch):
    """The service decides as the user; the database checks the author again when the row is written."""
    from functions.reports.repository import PostgresReportStore

    monkeypatch.setattr(PostgresReportStore, "may_write", lambda self, *args: True)
    response = api.post(f"/programs/{world['program']}/reports", token=world["tokens"]["anggota"],
                        json={"kind": "lpj"})
    assert response.status == 403 and sql(world["db"], "select count(*) from report_service.reports") == 0
