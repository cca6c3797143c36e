"""What is derived about programs, never stored: progress (from tasks, weighted by milestones), task
counts, late and days to the deadline (the organization's day), budget realization; the list's
sorting and late filter; the per-organization summary. Tasks and budget items are made directly in
their tables (test setup); what is asserted is what the API answers."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest

from tests.support.programs import make_program, make_world, register_people


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    people = register_people(api, uuid.uuid4().hex[:6])
    ids = make_world(database, people)
    return {"people": people, "ids": ids, "ketua": people["ketua"]["token"], "db": database}


def today() -> date:
    return datetime.now(ZoneInfo("Asia/Jakarta")).date()  # the organizations' default time zone


def add_task(world: dict[str, Any], program: str, status: str = "belum_dimulai", *, due: date | None = None,
             milestone: str | None = None) -> str:
    ids, people = world["ids"], world["people"]
    with psycopg.connect(world["db"], autocommit=True) as conn:
        return str(conn.execute(
            "insert into task_service.tasks (program_id, organization_id, period_id, milestone_id, title, status,"
            " due_date, completed_at, created_by) values (%s, %s, %s, %s, 'Tugas', %s, %s, %s, %s) returning id",
            (program, ids["org"], ids["period"], milestone, status, due,
             datetime.now() if status == "selesai" else None, people["ketua"]["id"])).fetchone()[0])


def sql(world: dict[str, Any], query: str, *params: Any) -> Any:
    with psycopg.connect(world["db"], autocommit=True) as conn:
        cursor = conn.execute(query, params)
        row = cursor.fetchone() if cursor.description else None
        return row[0] if row else None


def move(world: dict[str, Any], task: str, *statuses: str) -> None:
    """Along the task lifecycle, one status at a time (its trigger allows nothing else)."""
    for status in statuses:
        sql(world, "update task_service.tasks set status = %s,"
                   " completed_at = case when %s = 'selesai' then now() end where id = %s", status, status, task)


def read(api, world: dict[str, Any], program: str, who: str = "ketua") -> dict[str, Any]:
    response = api.get(f"/programs/{program}", token=world["people"][who]["token"])
    assert response.status == 200, response.json
    return response.json


def test_progress_and_task_counts_follow_the_tasks(api, world):
    program = make_program(world["db"], world["ids"], world["people"], "dalam_progres")
    assert read(api, world, program)["progress"] == 0.0
    done = add_task(world, program, "selesai")
    add_task(world, program, "dalam_progres")
    late = add_task(world, program, due=today() - timedelta(days=1))
    add_task(world, program, "dibatalkan")  # cancelled tasks do not count
    add_task(world, program, due=today())  # due today is not late yet
    figures = read(api, world, program)
    assert figures["progress"] == 25.0
    assert figures["tasks"] == {"total": 4, "done": 1, "late": 1}
    move(world, late, "dalam_progres", "review", "selesai")
    figures = read(api, world, program, "anggota")
    assert figures["progress"] == 50.0 and figures["tasks"] == {"total": 4, "done": 2, "late": 0}
    move(world, done, "dalam_progres")  # reopened
    assert read(api, world, program)["progress"] == 25.0


def test_milestones_weigh_progress_equally(api, world):
    program = make_program(world["db"], world["ids"], world["people"], "dalam_progres")
    first = sql(world, "insert into program_service.milestones (program_id, organization_id, name, position)"
                       " values (%s, %s, 'Persiapan', 1) returning id::text", program, world["ids"]["org"])
    second = sql(world, "insert into program_service.milestones (program_id, organization_id, name, position)"
                        " values (%s, %s, 'Pelaksanaan', 2) returning id::text", program, world["ids"]["org"])
    assert read(api, world, program)["progress"] == 0.0  # milestones without tasks, none done
    add_task(world, program, "selesai", milestone=first)
    for _ in range(3):
        add_task(world, program, milestone=second)
    # Persiapan 1/1, Pelaksanaan 0/3: the milestones weigh the same, whatever their number of tasks
    assert read(api, world, program)["progress"] == 50.0
    add_task(world, program, "selesai")  # the tasks without a milestone are one more group (done: 1/1)
    figures = read(api, world, program)
    assert figures["progress"] == 66.7 and figures["tasks"] == {"total": 5, "done": 2, "late": 0}
    sql(world, "update program_service.milestones set done_at = now() where id = %s", second)
    assert read(api, world, program)["progress"] == 100.0  # a milestone marked done counts as done


def test_a_finished_program_is_complete_and_never_late(api, world):
    ids, people = world["ids"], world["people"]
    past = today() - timedelta(days=30)
    finished = make_program(world["db"], ids, people, "selesai", planned_start=past - timedelta(days=5),
                            planned_end=past, actual_start=past - timedelta(days=5), actual_end=past)
    figures = read(api, world, finished)
    assert figures["progress"] == 100.0 and figures["late"] is False and figures["days_to_deadline"] is None


def test_late_and_days_to_the_deadline_follow_the_organizations_day(api, world):
    ids, people = world["ids"], world["people"]
    overdue = make_program(world["db"], ids, people, "dalam_progres", planned_start=today() - timedelta(days=9),
                           planned_end=today() - timedelta(days=2))
    due_today = make_program(world["db"], ids, people, "disetujui", planned_start=today() - timedelta(days=1),
                             planned_end=today())
    ahead = make_program(world["db"], ids, people, "draft", planned_start=today(),
                         planned_end=today() + timedelta(days=10))
    undated = make_program(world["db"], ids, people, "draft")
    assert [(read(api, world, p)["late"], read(api, world, p)["days_to_deadline"])
            for p in (overdue, due_today, ahead, undated)] == [(True, -2), (False, 0), (False, 10), (False, None)]
    # An organization far east of Jakarta is already in tomorrow (or still in today) at another hour:
    # the day is the organization's, not the server's.
    sql(world, "update organization_service.organizations set time_zone = 'Pacific/Kiritimati' where id = %s",
        ids["org"])
    kiritimati = datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    assert read(api, world, ahead)["days_to_deadline"] == (today() + timedelta(days=10) - kiritimati).days


def test_budget_realization_is_actual_expenses_over_the_planned_budget(api, world):
    ids, people = world["ids"], world["people"]
    program = make_program(world["db"], ids, people, "dalam_progres", budget_planned="1000000.00")
    figures = read(api, world, program)
    assert figures["budget_realized"] == "0" or float(figures["budget_realized"]) == 0
    assert figures["budget_realization_percent"] == 0.0
    for kind, actual in (("pengeluaran", "250000.50"), ("pengeluaran", "100000.00"), ("pemasukan", "900000.00"),
                         ("pengeluaran", None)):
        sql(world, "insert into program_service.budget_items (program_id, organization_id, kind, category,"
                   " quantity, unit_price, actual_amount, created_by) values (%s, %s, %s, 'Konsumsi', 1, 100000, %s,"
                   " %s)", program, ids["org"], kind, actual, people["pj"]["id"])
    for who in ("ketua", "anggota", "pembina"):  # anggota may not read the items, but sees the totals
        figures = read(api, world, program, who)
        assert figures["budget_realized"] == "350000.50"
        assert figures["budget_realization_percent"] == 35.0
    without_budget = make_program(world["db"], ids, people, "draft")
    assert read(api, world, without_budget)["budget_realization_percent"] is None


def names(api, world: dict[str, Any], query: str, who: str = "ketua") -> list[str]:
    response = api.get(f"/programs?organization_id={world['ids']['org']}{query}", token=world["people"][who]["token"])
    assert response.status == 200, response.json
    return [p["name"] for p in response.json["items"]]


def test_the_list_sorts_and_pages_in_every_order(api, world):
    ids, people = world["ids"], world["people"]
    for name, end in (("Bakti Sosial", 20), ("Achievement Night", 5), ("Coding Camp", None), ("Dies Natalis", 12),
                      ("Expo", 5)):
        make_program(world["db"], ids, people, name=name, planned_start=today() if end else None,
                     planned_end=today() + timedelta(days=end) if end else None)
    assert names(api, world, "&sort=name") == ["Achievement Night", "Bakti Sosial", "Coding Camp", "Dies Natalis",
                                               "Expo"]
    assert names(api, world, "&sort=-name")[0] == "Expo"
    ascending = names(api, world, "&sort=planned_end")
    assert ascending[2:] == ["Dies Natalis", "Bakti Sosial", "Coding Camp"]  # no date: last
    assert set(ascending[:2]) == {"Achievement Night", "Expo"}
    descending = names(api, world, "&sort=-planned_end")
    assert descending[:2] == ["Bakti Sosial", "Dies Natalis"] and descending[-1] == "Coding Camp"
    for sort in ("name", "-name", "planned_end", "-planned_end", "planned_start", "-created_at", "created_at"):
        seen, cursor = [], None
        while True:
            page = api.get(f"/programs?organization_id={ids['org']}&sort={sort}&limit=2"
                           + (f"&cursor={cursor}" if cursor else ""), token=world["ketua"]).json
            seen += [p["name"] for p in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == names(api, world, f"&sort={sort}"), sort  # pages in order, none twice, none missed
    first = api.get(f"/programs?organization_id={ids['org']}&sort=name&limit=2", token=world["ketua"]).json
    other_sort = api.get(f"/programs?organization_id={ids['org']}&sort=-planned_end&cursor={first['next_cursor']}",
                         token=world["ketua"])
    assert other_sort.status == 422 and other_sort.json["errors"][0]["field"] == "query.cursor"
    wrong = api.get("/programs?sort=budget", token=world["ketua"])
    assert wrong.status == 422 and wrong.json["errors"][0]["field"] == "query.sort"


def test_the_late_filter(api, world):
    ids, people = world["ids"], world["people"]
    yesterday = today() - timedelta(days=1)
    make_program(world["db"], ids, people, "dalam_progres", name="Terlambat", planned_start=yesterday,
                 planned_end=yesterday)
    make_program(world["db"], ids, people, "selesai", name="Selesai", planned_start=yesterday, planned_end=yesterday,
                 actual_start=yesterday, actual_end=yesterday)
    make_program(world["db"], ids, people, "draft", name="Tepat", planned_start=today(), planned_end=today())
    make_program(world["db"], ids, people, "draft", name="Tanpa tanggal")
    assert names(api, world, "&late=true") == ["Terlambat"]
    assert sorted(names(api, world, "&late=false")) == ["Selesai", "Tanpa tanggal", "Tepat"]
    assert api.get("/programs?late=maybe", token=world["ketua"]).status == 422


def test_creating_without_a_period_takes_the_active_one(api, world):
    ids = world["ids"]
    created = api.post("/programs", token=world["ketua"], json={"organization_id": ids["org"], "name": "Makrab",
                                                                 "type": "event"})
    assert created.status == 201, created.json
    assert created.json["period_id"] == ids["period"]
    sql(world, "update organization_service.periods set status = 'selesai' where id = %s", ids["period"])
    refused = api.post("/programs", token=world["ketua"], json={"organization_id": ids["org"], "name": "Makrab 2",
                                                                 "type": "event"})
    assert refused.status == 422 and refused.json["errors"][0]["field"] == "body.period_id"


def summary(api, world: dict[str, Any], query: str = "", who: str = "ketua") -> Any:
    return api.get(f"/programs/summary?organization_id={world['ids']['org']}{query}",
                   token=world["people"][who]["token"])


def test_the_organization_summary(api, world):
    ids, people = world["ids"], world["people"]
    empty = summary(api, world)
    assert empty.status == 200, empty.json
    assert empty.json["programs"] == 0 and empty.json["departments"] == []
    assert {s["status"]: s["programs"] for s in empty.json["by_status"]} == dict.fromkeys(
        ("draft", "diajukan", "revisi", "disetujui", "dalam_progres", "ditunda", "selesai", "dibatalkan", "ditolak"),
        0)
    yesterday = today() - timedelta(days=1)
    running = make_program(world["db"], ids, people, "dalam_progres", budget_planned="2000000.00",
                           planned_start=yesterday, planned_end=yesterday)
    make_program(world["db"], ids, people, "draft", budget_planned="500000.00")
    make_program(world["db"], ids, people, "disetujui", department_id=ids["other_dept"], budget_planned="0")
    make_program(world["db"], ids, people, "draft", department_id=None)
    add_task(world, running, "selesai")
    add_task(world, running, due=yesterday)
    sql(world, "insert into program_service.budget_items (program_id, organization_id, kind, category, quantity,"
               " unit_price, actual_amount, created_by) values (%s, %s, 'pengeluaran', 'Sewa', 1, 500000,"
               " 500000.25, %s)", running, ids["org"], people["pj"]["id"])
    response = summary(api, world, f"&period_id={ids['period']}", who="anggota")
    assert response.status == 200, response.json
    figures = response.json
    assert figures["programs"] == 4 and figures["late"] == 1 and figures["today"] == today().isoformat()
    assert {s["status"]: s["programs"] for s in figures["by_status"] if s["programs"]} == {
        "draft": 2, "dalam_progres": 1, "disetujui": 1}
    assert figures["tasks"] == {"total": 2, "done": 1, "late": 1}
    assert figures["budget_planned"] == "2500000.00" and figures["budget_realized"] == "500000.25"
    assert figures["budget_realization_percent"] == 20.0
    departments = {d["department_id"]: d for d in figures["departments"]}
    assert set(departments) == {ids["dept"], ids["other_dept"], None}
    dept = departments[ids["dept"]]
    assert (dept["programs"], dept["late"], dept["progress"], dept["budget_planned"], dept["budget_realized"],
            dept["budget_realization_percent"]) == (2, 1, 25.0, "2500000.00", "500000.25", 20.0)
    assert departments[ids["other_dept"]]["budget_realization_percent"] is None
    # the same as the active period's, which is the default
    assert summary(api, world).json == figures


def test_the_summary_is_for_members_of_the_organization_only(api, world):
    assert summary(api, world, who="outsider").status == 404
    other_period = str(uuid.uuid4())
    missing = summary(api, world, f"&period_id={other_period}")
    assert missing.status == 404
    sql(world, "update organization_service.periods set status = 'selesai' where id = %s", world["ids"]["period"])
    no_active = summary(api, world)
    assert no_active.status == 422 and no_active.json["errors"][0]["field"] == "query.period_id"
    # a finished period's summary stays readable, as history
    assert summary(api, world, f"&period_id={world['ids']['period']}").status == 200
