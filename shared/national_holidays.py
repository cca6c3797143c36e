"""Indonesia's national holidays (hari libur nasional), read from ``national_holidays_id.json``, which
``python -m infra.national_holidays`` writes from the maintained ``holidays`` package (its years: the file's
``first_year`` to ``last_year``; outside them there are none to tell)."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import NamedTuple

FILE = Path(__file__).with_name("national_holidays_id.json")


class Holiday(NamedTuple):
    day: date
    name: str


@cache
def _holidays() -> tuple[Holiday, ...]:
    days = json.loads(FILE.read_text(encoding="utf-8"))["days"]
    return tuple(Holiday(date.fromisoformat(day), name) for day, names in days.items() for name in names)


def between(start: date, end: date) -> list[Holiday]:
    """The national holidays from ``start`` to ``end``, both included, in order."""
    return [holiday for holiday in _holidays() if start <= holiday.day <= end]
