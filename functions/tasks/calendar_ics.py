"""The personal feed as iCalendar (RFC 5545), written with the ``icalendar`` library
(docs/decisions/0017-calendar-feeds.md). It imports icalendar at its top: only the feed's function
imports this module, when it renders (tests/test_request_path_imports.py keeps it off the others).

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
    },
    "en": {
        "calendar": "Proker Tracker", "description": "Your task deadlines and work programs' dates in Proker Tracker.",
        "task": "Task", "program": "Work program", "milestone": "Milestone",
        "starts": "Starts", "ends": "Ends", "on_hold": "on hold", "status": "Status", "open": "Open",
        "lead": "You lead this program (PJ).", "committee": "You are on this program's committee.",
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


def _event(uid: str, day: date, summary: str, *, url: str, description: str, category: str,
           stamp: datetime, modified: datetime | None, tentative: bool = False) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    if modified is not None:
        event.add("last-modified", modified)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    event.add("categories", [category])
    event.add("status", "TENTATIVE" if tentative else "CONFIRMED")
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    return event


def render(data: FeedData, *, app_base_url: str, language: str = "id") -> bytes:
    """The feed: each open task with a due date, each of my programs' planned start and end, and each of
    their milestones not done yet with a due date. UIDs are stable (``task-<id>@prokertracker``), so a
    calendar app updates an item it has, and drops one the feed no longer has (a task done or cancelled)."""
    words, statuses = LABELS[language], TASK_STATUS[language]
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    name = f"{words['calendar']} · {data.owner_name}" if data.owner_name else words["calendar"]
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("x-wr-caldesc", words["description"])
    calendar.add("refresh-interval", POLL_EVERY, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")

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
        start, end = program.get("planned_start"), program.get("planned_end")
        ends: list[tuple[str, Any, str]] = [("start", start, words["starts"])]
        if end is not None and (start is None or _day(end) != _day(start)):
            ends.append(("end", end, words["ends"]))
        for which, day, label in ends:
            if day is not None:
                calendar.add_component(_event(
                    f"program-{program['id']}-{which}", _day(day), f"{label}: {program['name']}", url=url,
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
