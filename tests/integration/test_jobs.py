"""Scheduled jobs, run as EventBridge Scheduler (or the local scheduler) invokes them: due-date
reminders (3, 1 and 0 days before, daily while overdue, escalated after two days; never twice), the
weekly organization reports and the programs' weekly progress reports (stored with a PDF and a CSV,
announced by report.generated; once per week)."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import psycopg
import pytest
from psycopg.rows import dict_row
from pypdf import PdfReader

from functions.reports.jobs import forgotten_uploads, progress_reports, weekly_reports
from functions.tasks.jobs import due_reminders
from infra.local.gateway import LambdaContext
from tests.integration.test_lpj_attachments import post_file
from tests.support.programs import make_program, make_world, register_people
from tests.support.reports import files_in, jakarta_today, make_realistic_program, sql
from tests.support.tasks import make_task


@pytest.fixture
def report_files(tmp_path: Path) -> Iterator[Path]:
    yield from files_in(tmp_path)

@pytest.fixture
def world(api, database) -> dict[str, Any]:
    people = register_people(api, uuid.uuid4().hex[:6])
    ids = make_world(database, people)
    return {"people": people, "ids": ids, "db": database}


def run(job: Any) -> dict[str, Any]:
    result: dict[str, Any] = job.handler({"job": "test"}, LambdaContext(function_name="test"))
    return result


def outbox(database_url: str, *types: str) -> list[dict[str, Any]]:
    with psycopg.connect(database_url, autocommit=True, row_factory=dict_row) as conn:
        return list(conn.execute("select type, aggregate_id, organization_id, payload from events.outbox"
                                 " where type = any(%s) order by occurred_at, id", (list(types),)).fetchall())


# ---- due-date reminders ----

def test_reminders_come_three_days_before_one_day_before_on_the_day_and_daily_when_overdue(api, world):
    ids, people, db = world["ids"], world["people"], world["db"]
    program = make_program(db, ids, people, "dalam_progres")
    anggota, ketua = people["anggota"]["id"], people["ketua"]["id"]
    today = jakarta_today()
    tasks = {offset: make_task(db, program, ketua, "dalam_progres" if offset < 0 else "belum_dimulai", [anggota],
                               title=f"due {offset:+d}", due_date=today + timedelta(days=offset))
             for offset in (4, 3, 2, 1, 0, -1, -2, -3, -5)}
    make_task(db, program, ketua, "belum_dimulai", [], title="nobody's", due_date=today)
    make_task(db, program, ketua, "selesai", [anggota], title="done", due_date=today - timedelta(days=1))
    make_task(db, program, ketua, "ditunda", [anggota], title="on hold", due_date=today - timedelta(days=1))
    make_task(db, program, ketua, "review", [anggota], title="undated")

    result = run(due_reminders)
    assert (result["reminders"], result["due_soon"], result["overdue"], result["escalated"]) == (7, 3, 4, 2)
    events = {event["payload"]["title"]: event for event in outbox(db, "task.due_soon", "task.overdue")}
    assert {title: (e["type"], e["payload"]["days"], e["payload"]["escalate"]) for title, e in events.items()} == {
        "due +3": ("task.due_soon", 3, False), "due +1": ("task.due_soon", 1, False),
        "due +0": ("task.due_soon", 0, False), "due -1": ("task.overdue", -1, False),
        "due -2": ("task.overdue", -2, False), "due -3": ("task.overdue", -3, True),
        "due -5": ("task.overdue", -5, True)}
    late = events["due -3"]
    assert late["aggregate_id"] == uuid.UUID(tasks[-3]) and str(late["organization_id"]) == ids["org"]
    payload = late["payload"]
    assert payload | {"department_heads": sorted(payload["department_heads"])} == {
        "task_id": tasks[-3], "program_id": program, "organization_id": ids["org"], "title": "due -3",
        "due_date": (today - timedelta(days=3)).isoformat(), "days": -3, "assignees": [anggota], "escalate": True,
        "department_id": ids["dept"],
        "department_heads": sorted([people["kepala_departemen"]["id"], people["wakil_kepala_departemen"]["id"]])}
    assert events["due -2"]["payload"]["department_heads"] == []


def test_a_reminder_is_never_sent_twice(api, world):
    ids, people, db = world["ids"], world["people"], world["db"]
    program = make_program(db, ids, people, "dalam_progres")
    for offset in (3, 0, -4):
        make_task(db, program, people["ketua"]["id"], "belum_dimulai", [people["anggota"]["id"], people["pj"]["id"]],
                  due_date=jakarta_today() + timedelta(days=offset))
    assert run(due_reminders)["reminders"] == 3
    assert run(due_reminders)["reminders"] == 0  # the same day again (a retry, a second scheduler)
    assert len(outbox(db, "task.due_soon", "task.overdue")) == 3
    assert sql(db, "select count(*) from task_service.reminders_sent") == 3
    # tomorrow the overdue task is reminded again: a new day is a new reminder
    sql(db, "update task_service.reminders_sent set for_date = for_date - 1")
    assert run(due_reminders)["overdue"] == 1


def test_reminders_follow_the_organizations_own_day(api, world):
    ids, people, db = world["ids"], world["people"], world["db"]
    sql(db, "update organization_service.organizations set time_zone = 'Pacific/Kiritimati' where id = %s", ids["org"])
    kiritimati: date = datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    program = make_program(db, ids, people, "dalam_progres")
    make_task(db, program, people["ketua"]["id"], "belum_dimulai", [people["anggota"]["id"]], title="today there",
              due_date=kiritimati)
    run(due_reminders)
    [event] = outbox(db, "task.due_soon", "task.overdue")
    assert (event["type"], event["payload"]["days"]) == ("task.due_soon", 0)
    assert sql(db, "select for_date from task_service.reminders_sent") == kiritimati


def test_no_reminders_for_a_finished_period(api, world):
    people, db = world["people"], world["db"]
    ids = make_world(db, people, period_status="selesai")
    program = make_program(db, ids, people, "dalam_progres")
    make_task(db, program, people["ketua"]["id"], "belum_dimulai", [people["anggota"]["id"]],
              due_date=jakarta_today())
    assert run(due_reminders)["reminders"] == 0


# ---- weekly reports ----

def fetch(api, url: str) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    return api.gateway.handle("GET", f"{parts.path}?{parts.query}", {}, b"", "127.0.0.1")


def test_the_weekly_job_stores_each_organizations_report_and_announces_it(api, world, report_files):
    ids, people, db = world["ids"], world["people"], world["db"]
    realistic = make_realistic_program(db, ids, people)
    make_world(db, people, period_status="draft")  # no active period: no weekly report
    result = run(weekly_reports)
    assert (result["organizations"], result["created"]) == (1, 1)
    [made] = result["reports"]
    assert made["created"] and made["organization_id"] == ids["org"]
    status, headers, pdf = fetch(api, made["pdf_url"])
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "LAPORAN MINGGUAN PROGRAM KERJA" in text and "Seminar Nasional AI" in text and "Halaman 1 dari" in text
    status, _, csv_bytes = fetch(api, made["csv_url"])
    assert status == 200 and "Seminar Nasional AI" in csv_bytes.decode("utf-8-sig")

    report = api.get(f"/reports/{made['report_id']}", token=people["anggota"]["token"])
    assert report.status == 200, report.json
    stored = report.json
    today = realistic["today"]
    assert (stored["kind"], stored["program_id"], stored["created_by"], stored["covers_from"], stored["covers_to"]) == (
        "weekly", None, None, (today - timedelta(days=7)).isoformat(), (today - timedelta(days=1)).isoformat())
    assert stored["content"]["programs"][0]["name"] == "Seminar Nasional AI"
    [event] = outbox(db, "report.generated")
    payload = event["payload"]
    assert (payload["report_id"], payload["organization_id"], payload["kind"], payload["title"], payload["link"]) == (
        made["report_id"], ids["org"], "weekly", stored["title"], f"/reports/{made['report_id']}")
    assert fetch(api, payload["files"]["pdf"]["url"])[0] == 200

    again = run(weekly_reports)  # the same week: nothing new, the same report and links
    assert again["created"] == 0 and again["reports"][0]["report_id"] == made["report_id"]
    assert len(outbox(db, "report.generated")) == 1
    assert sql(db, "select count(*) from report_service.reports") == 1


def test_the_progress_job_reports_on_every_running_program_once_a_week(api, world, report_files):
    ids, people, db = world["ids"], world["people"], world["db"]
    running = make_realistic_program(db, ids, people)["program"]
    make_program(db, ids, people, "disetujui", name="Belum mulai")
    make_program(db, ids, people, "selesai", name="Sudah selesai")
    result = run(progress_reports)
    assert (result["programs"], result["created"]) == (1, 1)
    [made] = result["reports"]
    assert sql(db, "select program_id::text from report_service.reports where id = %s", made["report_id"]) == running
    assert fetch(api, made["pdf_url"])[0] == 200
    assert run(progress_reports)["created"] == 0
    assert [e["payload"]["program_id"] for e in outbox(db, "report.generated")] == [running]


def test_uploads_never_finished_are_forgotten_a_day_later_with_their_files(api, world, report_files):
    ids, people, db = world["ids"], world["people"], world["db"]
    program = make_realistic_program(db, ids, people)["program"]
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 100

    def declare(path: str, who: str, **body: Any) -> dict[str, Any]:
        response = api.post(path, token=people[who]["token"], json={
            "content_type": "image/png", "size_bytes": len(png), **body})
        assert response.status == 201, response.json
        return response.json

    photo = {"kind": "dokumentasi", "title": "Foto", "filename": "foto.png"}
    attachments = f"/programs/{program}/lpj/attachments"
    closed_early = declare(attachments, "pj", **photo)["attachment"]["id"]  # the browser closed before uploading
    arrived = declare(attachments, "pj", **photo)  # the file arrived, the upload was never confirmed
    assert post_file(api, arrived["upload"], png)[0] == 204
    logo = declare(f"/orgs/{ids['org']}/letterhead/logo", "ketua")["logo"]["id"]
    just_now = declare(attachments, "pj", **photo)["attachment"]["id"]  # still on its way
    with psycopg.connect(db, autocommit=True) as conn:  # a day later (the records' own trigger keeps their times)
        conn.execute("set session_replication_role = replica")
        conn.execute("update report_service.lpj_attachments set created_at = now() - interval '25 hours'"
                     " where id = any(%s::uuid[])", ([closed_early, arrived["attachment"]["id"]],))
        conn.execute("update report_service.letterhead_logos set created_at = now() - interval '25 hours'"
                     " where id = %s", (logo,))
    assert len(list(report_files.rglob("*.png"))) == 1

    assert run(forgotten_uploads)["forgotten"] == 3
    assert sql(db, "select array_agg(id::text) from report_service.lpj_attachments") == [just_now]
    assert sql(db, "select count(*) from report_service.letterhead_logos") == 0
    assert not list(report_files.rglob("*.png"))  # the file that arrived went with its record
    assert run(forgotten_uploads)["forgotten"] == 0
