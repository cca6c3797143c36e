"""The LPJ's review (issue 12, docs/decisions/0018-lpj-review.md), through its functions on real PostgreSQL: the PJ
submits, the sekretaris checks (or sends back), the ketua approves (or sends back with notes); every step is
recorded and tells the next person; an approved LPJ is stored once as a report (status disetujui) and frozen: its
sections read-only, its PDF never rendered again."""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from pypdf import PdfReader

from functions.reports import labels
from tests.integration.test_lpj_sections import WRITTEN
from tests.integration.test_reports import fetch, get, store
from tests.support.notifications import RecordingOutside, inbox, notify_all, outbox_events
from tests.support.programs import as_user, make_program
from tests.support.reports import files_in, realistic_world


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    return realistic_world(api, database)


@pytest.fixture
def report_files(tmp_path: Path):
    yield from files_in(tmp_path)


def sections_path(world: dict[str, Any]) -> str:
    return f"/programs/{world['program']}/lpj/sections"


def write(api, world, who: str = "pj", status: int = 200, **changes: Any) -> Any:
    response = api.put(sections_path(world), token=world["tokens"][who], json={**WRITTEN, **changes})
    assert response.status == status, response.json
    return response.json


def step(api, world, action: str, who: str, status: int = 200, notes: str | None = None, **headers: str) -> Any:
    body = {"notes": notes} if action == "return" and notes is not None else None
    response = api.post(f"/programs/{world['program']}/lpj/{action}", token=world["tokens"][who], json=body,
                        headers=headers)
    assert response.status == status, response.json
    return response


def read(api, world, who: str = "anggota") -> Any:
    return get(api, world, sections_path(world), who)


def stored_lpjs(api, world) -> list[dict[str, Any]]:
    return get(api, world, f"/reports?organization_id={world['ids']['org']}&kind=lpj", "anggota")["items"]


def test_submitted_checked_approved_each_step_recorded_and_the_approved_lpj_stored_once(api, world, report_files):
    write(api, world)
    assert read(api, world, "pj")["actions"] == ["submit"] and read(api, world, "sekretaris")["actions"] == ["submit"]

    submitted = step(api, world, "submit", "pj", **{"If-Match": '"1"'})
    assert submitted.header("ETag") == '"2"'
    assert (submitted.json["status"], submitted.json["may_edit"], submitted.json["actions"]) == ("diajukan", False, [])
    assert read(api, world, "sekretaris")["actions"] == ["check", "return"]
    assert read(api, world, "ketua")["actions"] == []

    checked = step(api, world, "check", "sekretaris").json
    assert checked["status"] == "diperiksa" and read(api, world, "ketua")["actions"] == ["approve", "return"]

    approved = step(api, world, "approve", "ketua", **{"If-Match": '"3"'}).json
    assert approved["status"] == "disetujui" and approved["report_id"] and approved["actions"] == []
    assert approved["may_edit"] is False and read(api, world, "pj")["may_edit"] is False
    people = world["people"]
    history = read(api, world, "pembina")["history"]
    assert [(h["action"], h["from_status"], h["to_status"], h["changed_by"]["name"]) for h in history] == [
        ("submit", "draft", "diajukan", "pj"), ("check", "diajukan", "diperiksa", "sekretaris"),
        ("approve", "diperiksa", "disetujui", "ketua")]
    assert history[-1]["report_id"] == approved["report_id"]
    assert history[0]["changed_by"]["user_id"] == people["pj"]["id"]

    [report] = stored_lpjs(api, world)
    assert (report["id"], report["status"], report["created_by"]) == (
        approved["report_id"], "disetujui", people["ketua"]["id"])
    stored = get(api, world, f"/reports/{report['id']}", "pembina")
    assert stored["content"]["foreword"] == WRITTEN["foreword"]


def test_an_approved_lpj_is_frozen_and_its_pdf_never_rendered_again(api, world, report_files):
    write(api, world)
    for action, who in (("submit", "pj"), ("check", "sekretaris"), ("approve", "wakil_ketua")):
        step(api, world, action, who)
    report_id = read(api, world)["report_id"]
    files_before = sorted(p.relative_to(report_files) for p in report_files.rglob("*") if p.is_file())
    pdf_link = get(api, world, f"/reports/{report_id}/files/pdf", "anggota")["url"]
    pdf = fetch(api, pdf_link)[2]
    assert pdf.startswith(b"%PDF")

    # sections, a second LPJ, and any further step are refused, naming the state
    frozen = write(api, world, "pj", status=409, closing="Diubah setelah disetujui")
    assert "disetujui" in frozen["detail"]
    assert "disetujui" in store(api, world, "ketua", "lpj", status=409)["detail"]
    for action, who in (("submit", "pj"), ("check", "sekretaris"), ("approve", "ketua")):
        assert "The LPJ is disetujui" in step(api, world, action, who, status=409).json["detail"]
    assert "disetujui" in step(api, world, "return", "ketua", 409, notes="Lagi").json["detail"]

    # what the program's LPJ is from now on: the approved report's content, however the figures change
    with psycopg.connect(world["db"], autocommit=True) as conn:
        conn.execute("update program_service.programs set location = 'Gedung Baru' where id = %s", (world["program"],))
    first = get(api, world, f"/programs/{world['program']}/lpj", "pembina")
    second = get(api, world, f"/programs/{world['program']}/lpj", "anggota")
    stored = get(api, world, f"/reports/{report_id}", "anggota")
    assert first == second == stored["content"]
    assert first["execution"]["location"] == "Aula Fakultas"
    # reading it rendered nothing: the same files, the same PDF
    assert sorted(p.relative_to(report_files) for p in report_files.rglob("*") if p.is_file()) == files_before
    assert fetch(api, get(api, world, f"/reports/{report_id}/files/pdf", "ketua")["url"])[2] == pdf
    assert len(stored_lpjs(api, world)) == 1
    assert read(api, world)["foreword"] == WRITTEN["foreword"]


def approve(api, world, program: str) -> dict[str, Any]:
    """Write, submit, check and approve ``program``'s LPJ; its approved LPJ (content and PDF text)."""
    world = {**world, "program": program}
    write(api, world)
    for action, who in (("submit", "pj"), ("check", "sekretaris"), ("approve", "ketua")):
        step(api, world, action, who)
    report = get(api, world, f"/reports/{read(api, world)['report_id']}", "anggota")
    pdf = fetch(api, next(link["url"] for link in report["files"] if link["format"] == "pdf"))[2]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages[:1])
    return {**report["content"], "title_page": text, "report_id": report["id"]}


def test_an_approved_lpj_is_numbered_in_the_organizations_format_under_its_letterhead(api, world, report_files):
    org = world["ids"]["org"]
    assert get(api, world, f"/programs/{world['program']}/lpj", "pj")["document_number"] is None  # a draft has none
    letterhead = {"short_name": "HIMA-IF", "institution": "Universitas Contoh", "faculty": "Fakultas Teknik",
                  "address": "Gedung Student Center Lt. 2, Jl. Kampus No. 1, Surabaya",
                  "document_number_format": "{nomor}/LPJ/{kode}/{singkatan}/{bulan}/{tahun}"}
    assert api.request("PATCH", f"/orgs/{org}", token=world["tokens"]["ketua"], json=letterhead).status == 200
    first = approve(api, world, world["program"])
    today = world["today"]
    month = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")[today.month - 1]
    assert first["document_number"] == f"001/LPJ/SEMNAS/HIMA-IF/{month}/{today.year}"
    page = first["title_page"]
    assert f"Nomor: 001/LPJ/SEMNAS/HIMA-IF/{month}/{today.year}" in page
    assert "Fakultas Teknik - Universitas Contoh" in page and "Jl. Kampus No. 1, Surabaya" in page
    assert f"Disusun pada {labels.day(today)} oleh Proker Tracker" in page  # the organization's day, not UTC's
    approved_lpj = get(api, world, f"/programs/{world['program']}/lpj", "anggota")
    assert approved_lpj["document_number"] == first["document_number"]

    second = make_program(world["db"], world["ids"], world["people"], "selesai", name="Makrab", code=None)
    assert approve(api, world, second)["document_number"] == f"002/LPJ/HIMA-IF/{month}/{today.year}"


def test_a_signatory_who_chose_so_signs_with_their_nim_and_no_other_nim_is_shown(api, world, report_files):
    tokens, people = world["tokens"], world["people"]
    for who, number, printed in (("ketua", "2106100001", True), ("sekretaris", "2106100002", False),
                                 ("pembina", "197901012005011001", True), ("outsider", "2106100009", True)):
        body = {"student_number": number, "student_number_on_documents": printed}
        assert api.request("PATCH", "/users/me", token=tokens[who], json=body).status == 200
    draft = get(api, world, f"/programs/{world['program']}/lpj", "anggota")
    assert {s["role"]: s["student_number"] for s in draft["sign_off"]} == {
        "ketua_pelaksana": None, "sekretaris": None, "kepala_departemen": None, "ketua": "2106100001",
        "pembina": "197901012005011001"}

    approved = approve(api, world, world["program"])
    pdf = fetch(api, get(api, world, f"/reports/{approved['report_id']}/files/pdf", "anggota")["url"])[2]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "NIM. 2106100001" in text and "2106100002" not in text
    assert "NIP. 197901012005011001" in text  # the pembina, a lecturer, signs with the NIP
    # the contract answers no NIM to who does not see the person's name, nor one its owner keeps to themselves
    wanted = [people[who]["id"] for who in ("ketua", "sekretaris", "outsider")]
    with as_user(world["db"], people["outsider"]["id"]) as conn:
        assert conn.execute("select * from user_service.document_numbers(%s::uuid[])", (wanted,)).fetchall() == [
            (uuid.UUID(people["outsider"]["id"]), "2106100009")]
    with as_user(world["db"], people["anggota"]["id"]) as conn:
        assert conn.execute("select student_number from user_service.document_numbers(%s::uuid[])",
                            (wanted,)).fetchall() == [("2106100001",)]  # not the sekretaris's, nor a stranger's


def test_sent_back_with_notes_the_pj_revises_and_submits_again(api, world, report_files):
    write(api, world)
    step(api, world, "submit", "pj")
    assert "diajukan" in write(api, world, "pj", status=409, closing="x")["detail"]  # read-only while submitted
    returned = step(api, world, "return", "sekretaris", notes="Lengkapi data peserta umum.").json
    assert (returned["status"], returned["review_notes"]) == ("revisi", "Lengkapi data peserta umum.")
    assert read(api, world, "pj")["may_edit"] is True
    write(api, world, "pj", participants=[{"group": "Umum", "target": 50, "actual": 31}])
    step(api, world, "submit", "kepala_departemen")  # who may write it may submit it
    step(api, world, "check", "sekretaris")
    step(api, world, "return", "ketua", notes="  Rekomendasi terlalu umum.  ")
    again = read(api, world)
    assert (again["status"], again["review_notes"]) == ("revisi", "Rekomendasi terlalu umum.")
    assert [(h["action"], h["to_status"], h["notes"]) for h in again["history"]] == [
        ("submit", "diajukan", None), ("return", "revisi", "Lengkapi data peserta umum."),
        ("submit", "diajukan", None), ("check", "diperiksa", None),
        ("return", "revisi", "Rekomendasi terlalu umum.")]
    assert stored_lpjs(api, world) == []  # nothing is stored until approved


@pytest.mark.parametrize("body", [None, {}, {"notes": ""}, {"notes": "   "}, {"notes": "x" * 5001}])
def test_sending_back_needs_notes(api, world, body):
    write(api, world)
    step(api, world, "submit", "pj")
    response = api.post(f"/programs/{world['program']}/lpj/return", token=world["tokens"]["sekretaris"], json=body)
    assert response.status == 422, response.json
    assert read(api, world)["status"] == "diajukan"


def test_who_may_take_each_step(api, world, report_files):
    write(api, world)
    for who in ("anggota", "bendahara", "pembina", "kepala_lain"):
        assert "submit this program's LPJ" in step(api, world, "submit", who, 403).json["detail"]
    step(api, world, "submit", "outsider", 404)
    missing = api.post(f"/programs/{uuid.uuid4()}/lpj/submit", token=world["tokens"]["pj"])
    assert missing.status == 404
    step(api, world, "submit", "sekretaris")
    for who in ("ketua", "wakil_ketua", "pj", "anggota", "pembina", "bendahara"):
        assert "check this LPJ (the sekretaris does)" in step(api, world, "check", who, 403).json["detail"]
    for who in ("pj", "anggota", "pembina", "bendahara", "kepala_departemen"):
        step(api, world, "return", who, 403, notes="Tidak")
    step(api, world, "check", "outsider", 404)
    step(api, world, "check", "sekretaris")
    for who in ("sekretaris", "pj", "pembina", "bendahara", "kepala_departemen"):
        assert "approve this LPJ" in step(api, world, "approve", who, 403).json["detail"]
    step(api, world, "approve", "outsider", 404)
    assert read(api, world)["status"] == "diperiksa" and len(read(api, world)["history"]) == 2


def test_a_step_the_state_does_not_allow_is_409_naming_the_state(api, world, report_files):
    refused = step(api, world, "submit", "pj", 409).json  # nothing written yet
    assert "draft" in refused["detail"] and "save them" in refused["detail"]
    write(api, world)
    assert "The LPJ is draft: it cannot be checked now" in step(api, world, "check", "sekretaris", 409).json["detail"]
    assert "The LPJ is draft" in step(api, world, "approve", "ketua", 409).json["detail"]
    assert "The LPJ is draft" in step(api, world, "return", "sekretaris", 409, notes="x").json["detail"]
    step(api, world, "submit", "pj")
    assert "The LPJ is diajukan: it cannot be submitted" in step(api, world, "submit", "pj", 409).json["detail"]
    assert "only from diperiksa" in step(api, world, "approve", "ketua", 409).json["detail"]
    assert "only from diperiksa" in step(api, world, "return", "ketua", 409, notes="x").json["detail"]
    step(api, world, "check", "sekretaris")
    assert "The LPJ is diperiksa" in step(api, world, "check", "sekretaris", 409).json["detail"]
    assert "only from diajukan" in step(api, world, "return", "sekretaris", 409, notes="x").json["detail"]
    assert "diperiksa" in write(api, world, "pj", status=409)["detail"]
    assert len(read(api, world)["history"]) == 2


def test_a_stale_if_match_takes_no_step(api, world):
    write(api, world)
    write(api, world, "sekretaris", closing="Hormat kami.")  # version 2
    stale = step(api, world, "submit", "pj", 412, **{"If-Match": '"1"'}).json
    assert "changed since you read it" in stale["detail"]
    assert read(api, world)["status"] == "draft"
    assert step(api, world, "submit", "pj", **{"If-Match": '"2"'}).header("ETag") == '"3"'


def test_each_step_tells_the_next_person(api, world, report_files):
    write(api, world)
    step(api, world, "submit", "pj")
    step(api, world, "return", "sekretaris", notes="Lampirkan daftar hadir.")
    step(api, world, "submit", "pj")
    step(api, world, "check", "sekretaris")
    step(api, world, "approve", "ketua")
    events = outbox_events(world["db"], world["ids"]["org"],
                           ["lpj.submitted", "lpj.checked", "lpj.approved", "lpj.returned"])
    assert [e.type for e in events] == ["lpj.submitted", "lpj.returned", "lpj.submitted", "lpj.checked",
                                        "lpj.approved"]
    assert events[1].payload["note"] == "Lampirkan daftar hadir."
    assert events[4].payload["report_id"] == read(api, world)["report_id"]
    outside = RecordingOutside()
    notify_all(events, outside)

    def told(who: str) -> list[tuple[str, str]]:
        return [(row["type"], row["title"]) for row in inbox(world["db"], world["people"][who]["id"])
                if row["type"].startswith("lpj.")]

    program = "Seminar Nasional AI"
    assert told("sekretaris") == [("lpj.submitted", f"LPJ perlu diperiksa: {program}")] * 2
    assert told("ketua") == told("wakil_ketua") == [("lpj.checked", f"LPJ menunggu persetujuan: {program}")]
    assert told("pj") == [("lpj.returned", f"LPJ perlu direvisi: {program}"),
                          ("lpj.approved", f"LPJ disetujui: {program}")]
    assert told("pembina") == [("lpj.approved", f"LPJ disetujui: {program}")]
    for who in ("anggota", "bendahara", "kepala_departemen", "kepala_lain"):
        assert told(who) == [], who
    returned = next(row for row in inbox(world["db"], world["people"]["pj"]["id"]) if row["type"] == "lpj.returned")
    assert returned["body"] == (f"sekretaris mengembalikan LPJ program {program} untuk direvisi. "
                                "Catatan: Lampirkan daftar hadir.")
    assert returned["link"] == f"/programs/{world['program']}"


def test_the_database_takes_no_review_step_the_service_would_refuse(api, world):
    """The second wall: users write no review column, frozen sections stay frozen, a step needs a reviewer whose
    role may take it, whoever writes."""
    write(api, world)
    people = world["people"]

    def as_user(who: str) -> psycopg.Connection:
        conn = psycopg.connect(world["db"])
        conn.execute("select set_config('role', 'authenticated', true), set_config('request.jwt.claims', %s, true)",
                     (json.dumps({"sub": people[who]["id"], "role": "authenticated"}),))
        return conn

    with as_user("ketua") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("update report_service.lpj_sections set status = 'disetujui' where program_id = %s",
                     (world["program"],))
    with as_user("ketua") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("insert into report_service.lpj_review_steps (program_id, organization_id, period_id, action,"
                     " from_status, to_status, changed_by) values (%s, %s, %s, 'approve', 'diperiksa', 'disetujui',"
                     " %s)", (world["program"], world["ids"]["org"], world["ids"]["period"], people["ketua"]["id"]))
    with psycopg.connect(world["db"]) as conn:  # as the service, but for a reviewer whose role may not
        conn.execute("set local role service_role")
        conn.execute("select set_config('report_service.review', %s, true)",
                     (json.dumps({"by": people["anggota"]["id"], "action": "submit"}),))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="cannot go from draft to diajukan"):
            conn.execute("update report_service.lpj_sections set status = 'diajukan' where program_id = %s",
                         (world["program"],))
    step(api, world, "submit", "pj")
    with as_user("pj") as conn, pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState, match="read-only"):
        conn.execute("update report_service.lpj_sections set closing = 'diam-diam' where program_id = %s",
                     (world["program"],))
    with psycopg.connect(world["db"]) as conn:  # the sekretaris may check, but not skip to approved
        conn.execute("set local role service_role")
        conn.execute("select set_config('report_service.review', %s, true)",
                     (json.dumps({"by": people["sekretaris"]["id"], "action": "check"}),))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("update report_service.lpj_sections set status = 'disetujui', report_id = gen_random_uuid()"
                         " where program_id = %s", (world["program"],))
