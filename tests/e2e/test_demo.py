"""`make demo` loads a living organization through the API's own functions, and only once.

The demo is loaded once for the module by `make demo`'s own entry point (``infra.demo.main``) on the test
database, with the network leading nowhere (``API_BASE_URL`` a closed port): the calls between services
(the auth service creating each account's profile) must stay in-process. The tests then look at it as its
users would, through the API. They use the session's API, not the ``api`` fixture (which empties the
tables after each test); the module empties them when it is done.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import psycopg
import pytest

from infra.demo import DEMO_PASSWORD, load, main, people
from infra.demo.programs import PROGRAMS, REPORTED
from shared import files, service_client
from shared.config import reset_settings
from tests.support.api import InProcessTransport
from tests.support.ports import free_port

TASK_STATUSES = ("belum_dimulai", "dalam_progres", "review", "selesai", "ditunda", "dibatalkan")


def _empty_tables(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        tables = conn.execute("select format('%I.%I', schemaname, tablename) from pg_tables"
                              " where schemaname like '%\\_service' or schemaname = 'events'").fetchall()
        if tables:
            conn.execute("truncate " + ", ".join(t[0] for t in tables) + " cascade")


@pytest.fixture(scope="module")
def demo(api_session, database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    _empty_tables(database_url)
    changed = {"API_BASE_URL": f"http://127.0.0.1:{free_port()}",
               "REPORT_FILES_DIR": str(tmp_path_factory.mktemp("demo-reports"))}
    saved = {name: os.environ.get(name) for name in changed}
    os.environ.update(changed)
    reset_settings()
    files.reset_file_store()
    service_client.set_transport(None)  # as in `make demo`: nothing routes service calls in-process but main
    try:
        assert main() == 0
    finally:
        service_client.set_transport(InProcessTransport(api_session))
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        reset_settings()
        files.reset_file_store()
    yield
    _empty_tables(database_url)


@pytest.fixture(scope="module")
def token(api_session, demo):
    """An access token of a demo person, by handle (``staf1.ristek``), logged in once."""
    tokens: dict[str, str] = {}

    def _token(handle: str) -> str:
        if handle not in tokens:
            login = api_session.post("/auth/login", json={"email": f"{handle}@hima-informatika.example",
                                                          "password": DEMO_PASSWORD})
            assert login.status == 200, login.json
            tokens[handle] = login.json["access_token"]
        return tokens[handle]

    return _token


@pytest.fixture(scope="module")
def as_user(api_session, token):
    """GET as a demo person: the JSON answer (asserting a 200)."""
    def _get(handle: str, path: str) -> Any:
        response = api_session.get(path, token=token(handle))
        assert response.status == 200, (path, response.json)
        return response.json

    return _get


@pytest.fixture(scope="module")
def org_id(as_user) -> str:
    [organization] = [o for o in as_user("ketua", "/orgs")["items"] if o["name"] == "Himpunan Mahasiswa Informatika"]
    return str(organization["id"])


@pytest.fixture(scope="module")
def programs(as_user, org_id) -> dict[str, dict[str, Any]]:
    """The ketua's program list, by code."""
    return {p["code"]: p for p in as_user("ketua", f"/programs?organization_id={org_id}&limit=100")["items"]}


def test_every_account_has_a_profile_with_its_name(as_user, org_id):
    """Made at registration by the users service (not on a first GET /users/me, which nobody made)."""
    found = as_user("pembina", f"/users?organization_id={org_id}&limit=100")["items"]
    assert {p["email"]: p["display_name"] for p in found} == {p.email: p.name for p in people()}


def test_the_organization_its_departments_and_members(as_user, org_id):
    members = as_user("pembina", f"/orgs/{org_id}/members?limit=100")["items"]
    assert Counter(m["role"] for m in members) == {
        "ketua": 1, "wakil_ketua": 1, "sekretaris": 1, "bendahara": 1, "kepala_departemen": 5,
        "wakil_kepala_departemen": 5, "anggota": 15, "pembina": 1}
    departments = as_user("pembina", f"/orgs/{org_id}/departments")["items"]
    assert len(departments) == 6 and sum(d["is_core"] for d in departments) == 1
    assert all(d["head_user_id"] for d in departments)
    assert as_user("pembina", f"/orgs/{org_id}")["my_role"] == "pembina"
    period = as_user("pembina", f"/orgs/{org_id}/periods")["items"][0]
    assert date.fromisoformat(period["starts_on"]) <= date.today() <= date.fromisoformat(period["ends_on"])


def test_the_ketua_sees_programs_in_every_status_across_the_departments(as_user, org_id, programs):
    summary = as_user("ketua", f"/programs/summary?organization_id={org_id}")
    assert {s["status"]: s["programs"] for s in summary["by_status"]} == dict(
        Counter(p.status for p in PROGRAMS))
    assert all(s["programs"] > 0 for s in summary["by_status"])
    assert summary["late"] >= 2 and summary["tasks"]["late"] >= 5 and summary["tasks"]["done"] >= 10
    assert Decimal(summary["budget_realized"]) > 0
    assert len(summary["departments"]) == 6 and all(d["programs"] >= 1 for d in summary["departments"])
    assert all(p["person_in_charge"] and p["description"] and p["objectives"] and p["location"]
               for p in programs.values())
    running = [p for p in programs.values() if p["status"] == "dalam_progres"]
    assert any(p["late"] for p in running)
    assert any(0 <= p["days_to_deadline"] <= 7 for p in running)  # a deadline in the coming week
    assert programs["INFOCUP"]["cancel_reason"]


def test_tasks_in_every_status_for_many_members_with_comments(as_user, programs):
    tasks = [t for p in programs.values()
             for t in as_user("ketua", f"/programs/{p['id']}/tasks?limit=100")["items"]]
    assert {t["status"] for t in tasks} == set(TASK_STATUSES)
    assert len({a for t in tasks for a in t["assignees"]}) >= 20
    assert any(t["late"] for t in tasks)
    today = date.today()
    assert any(t["status"] not in ("selesai", "dibatalkan") and t["due_date"]
               and today <= date.fromisoformat(t["due_date"]) <= today + timedelta(days=7) for t in tasks)
    # the paused program's open tasks are on hold, the cancelled one's cancelled (the tasks service followed)
    paused = as_user("ketua", f"/programs/{programs['MENTOR']['id']}/tasks")["items"]
    assert {t["status"] for t in paused} == {"selesai", "ditunda"}
    cancelled = as_user("ketua", f"/programs/{programs['INFOCUP']['id']}/tasks")["items"]
    assert {t["status"] for t in cancelled} == {"selesai", "dibatalkan"}
    commented = [t for t in tasks if t["title"] == "Cari sponsor tambahan"]
    comments = as_user("staf1.ristek", f"/tasks/{commented[0]['id']}/comments")["items"]
    assert len(comments) == 3


def test_milestones_committees_and_budgets(as_user, programs):
    seminar = programs[REPORTED.code]["id"]
    milestones = as_user("staf1.ristek", f"/programs/{seminar}/milestones")["items"]
    assert {m["done"] for m in milestones} == {True, False}
    assert len(as_user("staf1.ristek", f"/programs/{seminar}/committee")["items"]) == 5
    budget = as_user("bendahara", f"/programs/{seminar}/budget-items")
    assert {i["kind"] for i in budget["items"]} == {"pemasukan", "pengeluaran"}
    assert {i["verified_by"] is not None for i in budget["items"]} == {True, False}
    assert budget["totals"]["pemasukan"]["planned"] == "20500000.00"
    assert budget["totals"]["pengeluaran"]["planned"] == programs[REPORTED.code]["budget_planned"] == "18560000.00"


def test_the_demo_anggota_has_tasks_some_late_some_done(as_user):
    mine = as_user("staf1.ristek", "/me/tasks?limit=100")["items"]
    assert len(mine) >= 8
    assert any(t["late"] for t in mine) and any(t["status"] == "selesai" for t in mine)
    late = as_user("staf1.ristek", "/me/tasks?late=true&limit=100")["items"]
    assert late and all(t["late"] for t in late)


def test_the_events_reached_the_inboxes(as_user):
    inbox = as_user("staf1.ristek", "/notifications?limit=100")["items"]
    assert {"task.assigned", "comment.created", "program.status_changed"} <= {n["type"] for n in inbox}
    assert as_user("staf1.ristek", "/notifications/unread-count")["unread"] == len(inbox)
    reported = [n for n in as_user("ketua", "/notifications?limit=100")["items"] if n["type"] == "report.generated"]
    assert len(reported) == 1
    pj = as_user("staf3.ristek", "/notifications?limit=100")["items"]  # PJ of WEBDEV: its tasks moved
    assert "task.status_changed" in {n["type"] for n in pj}


def test_a_stored_progress_report(as_user, org_id, programs):
    [report] = as_user("pembina", f"/reports?organization_id={org_id}")["items"]
    assert (report["kind"], report["program_id"]) == ("progress", programs[REPORTED.code]["id"])
    stored = as_user("pembina", f"/reports/{report['id']}")
    assert {f["format"] for f in stored["files"]} == {"pdf", "csv"}


def test_loading_again_changes_nothing(api_session, as_user, org_id):
    before = as_user("ketua", f"/programs/summary?organization_id={org_id}")
    inbox = as_user("staf1.ristek", "/notifications/unread-count")
    again = load(api_session)
    assert not again["created"] and str(again["organization"]["id"]) == org_id
    assert as_user("ketua", f"/programs/summary?organization_id={org_id}") == before
    assert as_user("staf1.ristek", "/notifications/unread-count") == inbox
    assert len(as_user("ketua", f"/orgs/{org_id}/members?limit=100")["items"]) == 30
