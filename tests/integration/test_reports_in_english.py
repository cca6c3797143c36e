"""Reports in English (issue 12: "reports and their PDF in English when the reader's language is English"), through
their functions on real PostgreSQL and the local gateway's file store: every stored report is written in Indonesian
and in English; a member whose settings say English gets the English files, one who reads Indonesian the Indonesian,
and either may ask for the other; the approved LPJ is frozen in both."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import psycopg
import pytest
from pypdf import PdfReader

from tests.integration.test_lpj_review import step, write
from tests.integration.test_reports import fetch, get, sections, store
from tests.support.reports import files_in, realistic_world


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    return realistic_world(api, database)


@pytest.fixture
def report_files(tmp_path: Path):
    yield from files_in(tmp_path)


def reads_english(api, world, who: str) -> None:
    token = world["tokens"][who]
    settings = api.get("/users/me/settings", token=token)
    answer = api.put("/users/me/settings", token=token, json={**settings.json, "language": "en"},
                     headers={"If-Match": settings.header("etag")})
    assert answer.status == 200, answer.json


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def file_of(api, world, report_id: str, file_format: str, who: str, query: str = "") -> tuple[Any, bytes]:
    link = get(api, world, f"/reports/{report_id}/files/{file_format}{query}", who)
    status, _, body = fetch(api, link["url"])
    assert status == 200
    return link, body


def test_a_reader_of_english_gets_the_progress_report_in_english_and_may_ask_for_the_indonesian(
        api, world, report_files):
    reads_english(api, world, "anggota")
    stored = store(api, world, "pj")
    assert {link["language"] for link in stored["files"]} == {"id"}  # the PJ reads Indonesian

    english = get(api, world, f"/reports/{stored['id']}", "anggota")
    assert {link["format"]: link["language"] for link in english["files"]} == {"pdf": "en", "csv": "en"}
    link, pdf = file_of(api, world, stored["id"], "pdf", "anggota")
    text = text_of(pdf)
    assert link["language"] == "en" and "program-progress-report-seminar-nasional-ai" in link["url"]
    for words in ("PROGRAM PROGRESS REPORT", "Seminar Nasional AI", "Board period: Kabinet", "Schedule and progress",
                  "Tasks by status", "People involved", "Status history", "Obstacles, solutions and next steps",
                  "Page 1 of", "Prepared on "):
        assert words in text, words
    for words in ("Halaman", "Jadwal dan kemajuan", "Desember", "Tugas per status", "Disusun pada"):
        assert words not in text, words
    _, csv = file_of(api, world, stored["id"], "csv", "anggota")
    found = sections(csv)
    assert found["Program Progress Report"][0] == ["Note", "Value"]
    assert {"Milestone", "Tasks by status", "Late tasks", "Budget", "People involved", "Status history",
            "Notes"} <= found.keys()
    assert ["Status", "In progress"] in found["Program Progress Report"]

    # the Indonesian, for a board that hands it in, and for a reader of Indonesian
    link, pdf = file_of(api, world, stored["id"], "pdf", "anggota", "?language=id")
    assert link["language"] == "id" and "LAPORAN KEMAJUAN PROGRAM" in text_of(pdf)
    link, pdf = file_of(api, world, stored["id"], "pdf", "ketua")
    assert link["language"] == "id" and "Halaman 1 dari" in text_of(pdf)
    assert file_of(api, world, stored["id"], "pdf", "ketua", "?language=en")[0]["language"] == "en"
    problem = get(api, world, f"/reports/{stored['id']}/files/pdf?language=fr", "ketua", status=422)
    assert [error["field"] for error in problem["errors"]] == ["query.language"]


def test_the_approved_lpj_in_english_is_frozen_with_the_indonesian(api, world, report_files):
    reads_english(api, world, "pembina")
    write(api, world)
    for action, who in (("submit", "pj"), ("check", "sekretaris"), ("approve", "ketua")):
        step(api, world, action, who)
    report_id = get(api, world, f"/programs/{world['program']}/lpj/sections", "pembina")["report_id"]
    text = text_of(file_of(api, world, report_id, "pdf", "pembina")[1])
    for words in ("ACCOUNTABILITY REPORT (LPJ)", "Number: 001/LPJ/", "Approval sheet",
                  "has been reviewed and approved by:", "Program Lead", "Head of Department Riset", "Chair",
                  "Faculty Advisor", "Foreword", "Financial report", "Income by source", "Expenses by item",
                  "Evaluation", "Recommendations", "Attachments"):
        assert words in text, words
    assert "Lembar pengesahan" not in text and "Kata pengantar" not in text
    indonesian = text_of(file_of(api, world, report_id, "pdf", "ketua")[1])
    assert "Lembar pengesahan" in indonesian and "Ketua Pelaksana" in indonesian
    with psycopg.connect(world["db"]) as conn:
        keys = conn.execute("select pdf_key, csv_key, pdf_key_en, csv_key_en from report_service.reports"
                            " where id = %s", (report_id,)).fetchone()
    assert keys is not None and all(keys) and "/en/" in keys[2] and "/en/" in keys[3]


def test_a_report_stored_before_english_gives_its_indonesian_files(api, world, report_files):
    reads_english(api, world, "anggota")
    stored = store(api, world, "pj")
    with psycopg.connect(world["db"]) as conn:
        conn.execute("update report_service.reports set pdf_key_en = null, csv_key_en = null where id = %s",
                     (stored["id"],))
    link, pdf = file_of(api, world, stored["id"], "pdf", "anggota")
    assert link["language"] == "id" and "LAPORAN KEMAJUAN PROGRAM" in text_of(pdf)


def test_the_organizations_summary_is_titled_as_one_in_either_language(api, world, report_files):
    reads_english(api, world, "pembina")
    answer = api.post(f"/orgs/{world['ids']['org']}/reports", token=world["tokens"]["ketua"], json={})
    assert answer.status == 201, answer.json
    english = text_of(file_of(api, world, answer.json["id"], "pdf", "pembina")[1])
    assert "WORK PROGRAM REPORT" in english and "Completion by department" in english
    assert "PROGRESS REPORT" not in english
    indonesian = text_of(file_of(api, world, answer.json["id"], "pdf", "ketua")[1])
    assert "LAPORAN PROGRAM KERJA" in indonesian and "LAPORAN KEMAJUAN" not in indonesian
