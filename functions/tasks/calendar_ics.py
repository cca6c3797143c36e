"""The personal feed and an organization's public schedule as iCalendar (RFC 5545), written with the
``icalendar`` library (docs/decisions/0017-calendar-feeds.md, 0022-public-schedule.md). It imports icalendar
at its top: only the feeds' functions import this module, when they render
(tests/test_request_path_imports.py keeps it off the others).

Every item is a day, not a time (a due date, a planned start or end, a milestone): an all-day event
(``DTSTART;VALUE=DATE``, ``DTEND`` the next day), which falls on that same day in every time zone, as
the organization means it. ``DTSTAMP`` and ``LAST-MODIFIED`` are UTC, as RFC 5545 requires. The output
is the same bytes for the same data (no "now" in it), so its hash is an ETag that lets pollers get 304.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import quote

from icalendar import Calendar, Event

PRODUCT_ID = "-//Proker Tracker//Kalender Pribadi//ID"
SCHEDULE_PRODUCT_ID = "-//Proker Tracker//Jadwal Program Kerja//ID"
UID_DOMAIN = "prokertracker"
POLL_EVERY = timedelta(hours=1)
"""What the feed suggests to calendar apps (REFRESH-INTERVAL, X-PUBLISHED-TTL); most poll less often anyway."""
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
"""DTSTAMP of an item whose last change is unknown (never in practice: rows have created/updated times)."""

LABELS: dict[str, dict[str, str]] = {
    "id": {
        "calendar": "Proker Tracker", "description": "Tenggat tugas dan jadwal program kerja Anda di Proker Tracker.",
        "task": "Tugas", "program": "Program kerja", "milestone": "Milestone",
        "starts": "Mulai", "ends": "Berakhir", "on_hold": "ditunda", "status": "Status", "open": "Buka",
        "lead": "Anda PJ program ini.", "committee": "Anda panitia program ini.",
        "schedule": "Jadwal program kerja", "schedule_description": "Program kerja {name} periode {period}.",
        "place": "Tempat",
    },
    "en": {
        "calendar": "Proker Tracker", "description": "Your task deadlines and work programs' dates in Proker Tracker.",
        "task": "Task", "program": "Work program", "milestone": "Milestone",
        "starts": "Starts", "ends": "Ends", "on_hold": "on hold", "status": "Status", "open": "Open",
        "lead": "You lead this program (PJ).", "committee": "You are on this program's committee.",
        "schedule": "Work program schedule", "schedule_description": "{name}'s work programs, period {period}.",
        "place": "Place",
    },
}
TASK_STATUS = {
    "id": {"belum_dimulai": "belum dimulai", "dalam_progres": "dalam progres", "review": "review",
           "ditunda": "ditunda"},
    "en": {"belum_dimulai": "not started", "dalam_progres": "in progress", "review": "in review",
           "ditunda": "on hold"},
}


@dataclass(frozen=True)
class FeedData:
    owner_name: str | None
    tasks: Sequence[Mapping[str, Any]]
    programs: Sequence[Mapping[str, Any]]


def _utc(value: datetime | str | None) -> datetime:
    if value is None:
        return EPOCH
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(UTC).replace(microsecond=0)


def _day(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _event(uid: str, day: date, summary: str, *, url: str | None, description: str, category: str,
           stamp: datetime, modified: datetime | None, tentative: bool = False, last_day: date | None = None,
           location: str | None = None) -> Event:
    """An all-day event on ``day`` (to ``last_day``, when it lasts several days)."""
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    if modified is not None:
        event.add("last-modified", modified)
    event.add("dtstart", day)
    event.add("dtend", (last_day or day) + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    if url is not None:
        event.add("url", url)
    if location:
        event.add("location", location)
    event.add("categories", [category])
    event.add("status", "TENTATIVE" if tentative else "CONFIRMED")
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    return event


def _calendar(product_id: str, name: str, description: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", product_id)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("x-wr-caldesc", description)
    calendar.add("refresh-interval", POLL_EVERY, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    return calendar


def _program_ends(program: Mapping[str, Any], words: Mapping[str, str]) -> list[tuple[str, date, str]]:
    """A long program's two days (a bar across three months would cover every day): which, day, label."""
    start, end = program.get("planned_start"), program.get("planned_end")
    ends: list[tuple[str, date, str]] = []
    if start is not None:
        ends.append(("start", _day(start), words["starts"]))
    if end is not None and (start is None or _day(end) != _day(start)):
        ends.append(("end", _day(end), words["ends"]))
    return ends


def render(data: FeedData, *, app_base_url: str, language: str = "id") -> bytes:
    """The feed: each open task with a due date, each of my programs' planned start and end, and each of
    their milestones not done yet with a due date. UIDs are stable (``task-<id>@prokertracker``), so a
    calendar app updates an item it has, and drops one the feed no longer has (a task done or cancelled)."""
    words, statuses = LABELS[language], TASK_STATUS[language]
    name = f"{words['calendar']} · {data.owner_name}" if data.owner_name else words["calendar"]
    calendar = _calendar(PRODUCT_ID, name, words["description"])

    for task in data.tasks:
        url = f"{app_base_url}/tasks/view/?id={quote(str(task['id']))}"
        program = task.get("program_name")
        summary = f"{task['title']} · {program}" if program else str(task["title"])
        status = statuses.get(task["status"], task["status"])
        on_hold = task["status"] == "ditunda"
        description = "\n".join(filter(None, [
            f"{words['task']}: {task['title']}", f"{words['program']}: {program}" if program else None,
            f"{words['status']}: {status}", f"{words['open']}: {url}"]))
        modified = _utc(task["updated_at"])
        calendar.add_component(_event(
            f"task-{task['id']}", _day(task["due_date"]),
            f"[{words['on_hold']}] {summary}" if on_hold else summary, url=url, description=description,
            category=words["task"], stamp=modified, modified=modified, tentative=on_hold))

    for program in data.programs:
        url = f"{app_base_url}/programs/view/?id={quote(str(program['id']))}"
        role = words["lead"] if program["in_charge"] else words["committee"]
        modified = _utc(program.get("updated_at"))
        description = f"{words['program']}: {program['name']}\n{role}\n{words['open']}: {url}"
        for which, day, label in _program_ends(program, words):
            calendar.add_component(_event(
                f"program-{program['id']}-{which}", day, f"{label}: {program['name']}", url=url,
                description=description, category=words["program"], stamp=modified, modified=modified))
        for milestone in program.get("milestones") or []:
            if milestone.get("due_date") is None or milestone.get("done_at") is not None:
                continue
            calendar.add_component(_event(
                f"milestone-{milestone['id']}", _day(milestone["due_date"]),
                f"{words['milestone']}: {milestone['name']} · {program['name']}", url=url,
                description=f"{words['milestone']}: {milestone['name']}\n{description}",
                category=words["milestone"], stamp=modified, modified=None))
    return bytes(calendar.to_ical())


def render_schedule(schedule: Mapping[str, Any], *, language: str = "id") -> bytes:
    """An organization's public schedule (program_service.public_schedule): an event program as one event
    over its days, a routine or ongoing one as its first and last day; a program on hold is tentative. Only
    what the schedule holds (name, dates, place): no link into the app, whose pages are for members."""
    words = LABELS[language]
    organization = schedule.get("short_name") or schedule["name"]
    calendar = _calendar(SCHEDULE_PRODUCT_ID, f"{words['schedule']} · {organization}",
                         words["schedule_description"].format(name=schedule["name"], period=schedule["period"]))
    for program in schedule["programs"]:
        modified = _utc(program.get("updated_at"))
        on_hold = program["status"] == "ditunda"
        title = f"[{words['on_hold']}] {program['name']}" if on_hold else str(program["name"])
        lines = [f"{words['program']} {schedule['name']}: {program['name']}"]
        if program.get("location"):
            lines.append(f"{words['place']}: {program['location']}")
        description, location = "\n".join(lines), program.get("location")
        start, end = program.get("planned_start") or program["planned_end"], program.get("planned_end")
        days = ([(f"program-{program['id']}", _day(start), title, _day(end or start))]
                if program["type"] == "event"  # a one-off event: its days
                else [(f"program-{program['id']}-{which}", day, f"{label}: {title}", None)
                      for which, day, label in _program_ends(program, words)])
        for uid, day, summary, last_day in days:
            calendar.add_component(_event(
                uid, day, summary, url=None, description=description, category=words["program"], stamp=modified,
                modified=modified, tentative=on_hold, last_day=last_day, location=location))
    return bytes(calendar.to_ical())
