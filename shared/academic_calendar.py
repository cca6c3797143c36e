"""What a plan falls on: the ranges of an organization's academic calendar (exams, breaks, registration
weeks; organization_service.calendar_ranges_between) and Indonesia's national holidays. Programs and tasks
answer them as warnings, never refusals (docs/decisions/0021-academic-calendar.md)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from shared import national_holidays
from shared.types import Model


class CalendarWarning(Model):
    """A day the plan falls on that the organization's academic calendar marks, or a national holiday."""

    name: str
    kind: Literal["ujian", "libur", "registrasi", "lainnya", "nasional"]
    starts_on: date
    ends_on: date


def warnings(ranges: list[dict[str, Any]], start: date | None, end: date | None, *,
             every_day: bool) -> list[CalendarWarning]:
    """The ``ranges`` (rows of calendar_ranges_between, dates as ISO text) and national holidays that fall on
    the plan from ``start`` to ``end`` (either may be missing): on any of its days (``every_day``), or on the
    day it starts or ends. The organization's ranges first, then the holidays, each in date order."""
    start, end = start or end, end or start
    if start is None or end is None:
        return []

    def touches(first: date, last: date) -> bool:
        if every_day:
            return first <= end and last >= start
        return any(first <= day <= last for day in (start, end))

    found = [CalendarWarning(name=r["name"], kind=r["kind"], starts_on=date.fromisoformat(r["starts_on"]),
                             ends_on=date.fromisoformat(r["ends_on"])) for r in ranges]
    found += [CalendarWarning(name=h.name, kind="nasional", starts_on=h.day, ends_on=h.day)
              for h in national_holidays.between(start, end)]
    return [w for w in found if touches(w.starts_on, w.ends_on)]
