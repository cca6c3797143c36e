"""The LPJ's written sections (issue 12), through their functions on real PostgreSQL: the PJ writes the foreword,
background, execution notes, participants by group, the evaluation of each success indicator, obstacles,
solutions, recommendations and closing; every member reads them; they fill the LPJ draft, its PDF and its CSV
instead of "(belum diisi)". And two figures a review found wrong: a program that started late is not "sesuai
jadwal", and a cancelled program's 0 % is no part of the organization's mean progress."""

from __future__ import annotations

import io
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from pypdf import PdfReader

from tests.integration.test_reports import fetch, get, sections, store
from tests.support.programs import MEMBERS, make_program, make_world, register_people
from tests.support.reports import files_in, make_realistic_program

WRITTEN = {
    "foreword": "Puji syukur kami panjatkan atas terlaksananya Seminar Nasional AI.",
    "background": "Mahasiswa perlu mengenal AI sejak semester awal.",
    "execution_notes": "Acara berjalan lancar; sesi tanya jawab diperpanjang 30 menit.",
    "participants": [{"group": "Mahasiswa", "target": 150, "actual": 171},
                     {"group": "Umum", "target": 50, "actual": 23}],
    "indicators": [{"indicator": "200 peserta hadir", "target": "200 orang", "result": "194 orang", "met": False},
                   {"indicator": "Kepuasan peserta di atas 80%", "target": "80 %", "result": "87 %", "met": True}],
    "obstacles": "Pembicara kedua terlambat datang.",
    "solutions": "Urutan sesi ditukar.",
    "recommendations": "Konfirmasi pembicara H-7 dan H-1.",
    "closing": "Demikian laporan ini kami buat.",
}


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    people = register_people(api, uuid.uuid4().hex[:6])
    ids = make_world(database, people)
    program = make_realistic_program(database, ids, people)
    tokens = {who: person["token"] for who, person in people.items()}
    return {"people": people, "ids": ids, "db": database, "tokens": tokens, **program}


@pytest.fixture
def report_files(tmp_path: Path):
    yield from files_in(tmp_path)


def put(api, world, body: dict[str, Any], who: str = "pj", status: int = 200, **headers: str) -> Any:
    response = api.put(f"/programs/{world['program']}/lpj/sections", token=world["tokens"][who], json=body,
                       headers=headers)
    assert response.status == status, response.json
    return response


def test_before_anyone_writes_the_evaluation_lists_the_programs_success_indicators(api, world):
    response = api.get(f"/programs/{world['program']}/lpj/sections", token=world["tokens"]["anggota"])
    assert response.status == 200 and response.header("ETag") == '"0"'
    written = response.json
    assert written["version"] == 0 and written["updated_by"] is None and written["may_edit"] is False
    assert [i["indicator"] for i in written["indicators"]] == ["200 peserta hadir", "Kepuasan peserta di atas 80%"]
    assert all(i["met"] is None and i["result"] == "" for i in written["indicators"])
    assert written["foreword"] == "" and written["participants"] == []
    assert get(api, world, f"/programs/{world['program']}/lpj/sections", "pj")["may_edit"] is True


def test_the_pj_writes_the_sections_and_every_member_reads_them(api, world):
    saved = put(api, world, WRITTEN, "pj", **{"If-Match": '"0"'})
    assert saved.header("ETag") == '"1"'
    body = saved.json
    assert {key: body[key] for key in WRITTEN} == WRITTEN
    assert body["version"] == 1 and body["updated_by"] == {"user_id": world["people"]["pj"]["id"], "name": "pj"}
    for who in MEMBERS:
        read = get(api, world, f"/programs/{world['program']}/lpj/sections", who)
        assert {key: read[key] for key in WRITTEN} == WRITTEN, who
    # the sekretaris compiles: a second save over the first
    again = put(api, world, {**WRITTEN, "closing": "Hormat kami, panitia."}, "sekretaris", **{"If-Match": '"1"'})
    assert again.header("ETag") == '"2"' and again.json["closing"] == "Hormat kami, panitia."
    assert again.json["updated_by"]["name"] == "sekretaris"


def test_only_who_may_store_the_programs_reports_writes_its_lpj(api, world):
    for who in ("pj", "kepala_departemen", "sekretaris", "ketua", "wakil_ketua"):
        put(api, world, {**WRITTEN, "closing": who}, who)
    for who in ("anggota", "bendahara", "pembina", "kepala_lain"):
        refused = put(api, world, {**WRITTEN, "closing": "bukan saya"}, who, status=403).json
        assert "write this program's LPJ" in refused["detail"]
    assert put(api, world, WRITTEN, "outsider", status=404).json["status"] == 404
    missing = api.put(f"/programs/{uuid.uuid4()}/lpj/sections", token=world["tokens"]["ketua"], json=WRITTEN)
    assert missing.status == 404
    assert get(api, world, f"/programs/{world['program']}/lpj/sections", "anggota")["closing"] == "wakil_ketua"


def test_a_stale_etag_saves_nothing(api, world):
    put(api, world, WRITTEN, "pj")
    stale = put(api, world, {**WRITTEN, "obstacles": "lain"}, "sekretaris", status=412, **{"If-Match": '"0"'})
    assert stale.json["status"] == 412 and "changed since you read it" in stale.json["detail"]
    assert get(api, world, f"/programs/{world['program']}/lpj/sections")["obstacles"] == WRITTEN["obstacles"]


@pytest.mark.parametrize(("body", "field"), [
    ({"participants": [{"group": "Umum", "target": -1}]}, "body.participants.0.target"),
    ({"participants": [{"group": "", "target": 1}]}, "body.participants.0.group"),
    ({"indicators": [{"indicator": "x", "met": "ya"}]}, "body.indicators.0.met"),
    ({"foreword": "x" * 10001}, "body.foreword"),
    ({"penutup": "typo"}, "body.penutup"),
    ({"participants": [{"group": f"g{n}"} for n in range(51)]}, "body.participants"),
])
def test_bad_sections_are_refused_naming_the_field_and_change_nothing(api, world, body, field):
    put(api, world, WRITTEN, "pj")
    refused = put(api, world, body, "pj", status=422).json
    assert field in {error["field"] for error in refused["errors"]}, refused
    assert get(api, world, f"/programs/{world['program']}/lpj/sections")["version"] == 1


def test_the_sections_are_the_programs_and_written_as_the_user(api, world):
    """In SQL too: a member who may not write the LPJ cannot, and no row names another organization's program."""
    put(api, world, WRITTEN, "pj")
    with psycopg.connect(world["db"]) as conn:
        conn.execute("select set_config('role', 'authenticated', true), set_config('request.jwt.claims', %s, true)",
                     (f'{{"sub": "{world["people"]["anggota"]["id"]}", "role": "authenticated"}}',))
        updated = conn.execute("update report_service.lpj_sections set closing = 'diubah' where program_id = %s",
                               (world["program"],)).rowcount
        assert updated == 0  # the row is not the anggota's to change
        conn.rollback()
        conn.execute("select set_config('role', 'authenticated', true), set_config('request.jwt.claims', %s, true)",
                     (f'{{"sub": "{world["people"]["ketua"]["id"]}", "role": "authenticated"}}',))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # users update only the sections' columns
            conn.execute("update report_service.lpj_sections set period_id = organization_id where program_id = %s",
                         (world["program"],))
        conn.rollback()
        # and whoever may write the column, the trigger keeps the row with its program (the grant rolls back)
        conn.execute("grant update (period_id) on report_service.lpj_sections to service_role")
        conn.execute("set local role service_role")
        with pytest.raises(psycopg.errors.CheckViolation, match="an LPJ stays with its program"):
            conn.execute("update report_service.lpj_sections set period_id = organization_id where program_id = %s",
                         (world["program"],))
        conn.rollback()
        conn.execute("select set_config('role', 'authenticated', true), set_config('request.jwt.claims', %s, true)",
                     (f'{{"sub": "{world["people"]["ketua"]["id"]}", "role": "authenticated"}}',))
        with pytest.raises(psycopg.errors.ForeignKeyViolation, match="is not a program of organization"):
            conn.execute("insert into report_service.lpj_sections (program_id, organization_id, period_id, updated_by)"
                         " values (%s, %s, %s, %s)", (world["program"], str(uuid.uuid4()), world["ids"]["period"],
                                                      world["people"]["ketua"]["id"]))
        conn.rollback()


def test_the_written_sections_fill_the_lpj_its_pdf_and_its_csv(api, world, report_files):
    put(api, world, WRITTEN, "pj")
    lpj = get(api, world, f"/programs/{world['program']}/lpj", "pembina")
    assert lpj["foreword"] == WRITTEN["foreword"] and lpj["closing"] == WRITTEN["closing"]
    assert lpj["background"]["background"] == WRITTEN["background"]
    execution = lpj["execution"]
    assert (execution["participants_target"], execution["participants_actual"]) == (200, 194)
    assert execution["participants"] == WRITTEN["participants"] and execution["notes"] == WRITTEN["execution_notes"]
    assert lpj["evaluation"] == {"indicators": WRITTEN["indicators"], "obstacles": WRITTEN["obstacles"],
                                 "solutions": WRITTEN["solutions"], "recommendations": WRITTEN["recommendations"]}

    stored = store(api, world, "pj", "lpj")
    links = {link["format"]: link["url"] for link in stored["files"]}
    document = PdfReader(io.BytesIO(fetch(api, links["pdf"])[2]))
    text = " ".join(" ".join(page.extract_text() for page in document.pages).split())
    for expected in ("Kata pengantar", WRITTEN["foreword"], WRITTEN["background"], WRITTEN["execution_notes"],
                     "Mahasiswa 150 171", "Umum 50 23", "Target peserta 200", "Realisasi peserta 194",
                     "200 peserta hadir 200 orang 194 orang tidak", "87 % ya", WRITTEN["obstacles"],
                     WRITTEN["recommendations"], "Penutup", WRITTEN["closing"]):
        assert expected in text, expected
    assert "(belum diisi)" not in text.split("Lampiran")[0]
    found = sections(fetch(api, links["csv"])[2])
    assert found["Peserta"] == [["Kelompok", "Target", "Realisasi"], ["Mahasiswa", "150", "171"], ["Umum", "50", "23"]]
    assert found["Evaluasi: indikator keberhasilan"][1] == ["200 peserta hadir", "200 orang", "194 orang", "tidak"]
    assert dict(found["Evaluasi"][1:])["Rekomendasi"] == WRITTEN["recommendations"]


def test_a_program_that_started_late_is_not_reported_on_schedule(api, world, report_files):
    """The realistic program started 2 days after its plan and is not behind on progress (``late`` false)."""
    report = get(api, world, f"/programs/{world['program']}/report")
    assert (report["timeline"]["start_delay_days"], report["timeline"]["late"]) == (2, False)
    stored = store(api, world, "pj", "progress")
    links = {link["format"]: link["url"] for link in stored["files"]}
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(
        fetch(api, links["pdf"])[2])).pages).split())
    assert "Status jadwal: dimulai 2 hari lebih lambat dari rencana" in text
    assert "sesuai jadwal" not in text
    found = sections(fetch(api, links["csv"])[2])
    assert dict(found[next(title for title in found if "Status jadwal" in dict(found[title][1:]))][1:])[
        "Status jadwal"] == "dimulai 2 hari lebih lambat dari rencana"


def test_a_cancelled_program_is_no_part_of_the_mean_progress(api, world):
    ids, people = world["ids"], world["people"]
    before = get(api, world, f"/orgs/{ids['org']}/reports/summary")
    make_program(world["db"], ids, people, "dibatalkan", name="Batal", department_id=ids["dept"])
    after = get(api, world, f"/orgs/{ids['org']}/reports/summary")
    assert after["totals"]["programs"] == before["totals"]["programs"] + 1
    assert after["totals"]["progress"] == before["totals"]["progress"] == 25.0
    riset = next(d for d in after["departments"] if d["department"] == "Riset")
    assert riset["programs"] == 2 and riset["progress"] == 25.0
