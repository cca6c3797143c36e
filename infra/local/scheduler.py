"""The local EventBridge Scheduler: runs the ``ScheduleV2`` events of ``template.yaml`` in-process.

``make dev`` starts it in a thread. It reads the schedules from the template only (a schedule added
there runs here too), computes each one's next run in the schedule's own time zone, and at that time
calls the function's handler with the schedule's ``Input`` as the event, as EventBridge Scheduler
invokes the Lambda function. ``python -m infra.jobs`` lists them and runs one now.

The expressions understood are those the template uses and AWS accepts:
- ``rate(<n> minute|minutes|hour|hours|day|days)``: every n units from the start (AWS counts from
  the schedule's creation; locally from the scheduler's start);
- ``cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)``, with ``*``, ``?``,
  numbers, lists (``,``), ranges (``-``), steps (``/``), month names (JAN-DEC) and day names
  (SUN-SAT; 1 = Sunday, as AWS counts). Either day field must be ``?``. ``L``, ``W`` and ``#`` are
  refused (no schedule of ours uses them); croniter is not a dependency.
"""

from __future__ import annotations

import importlib
import json
import logging
import re
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from infra.local.template import Template

log = logging.getLogger("scheduler")

MONTHS = {name: number for number, name in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)}
DAYS = {name: number for number, name in enumerate(("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"), start=1)}
RATE_UNITS = {"minute": 60, "minutes": 60, "hour": 3600, "hours": 3600, "day": 86400, "days": 86400}
SEARCH_DAYS = 366 * 5


class ScheduleError(ValueError):
    """An expression this scheduler (or AWS) does not accept."""


def _field(text: str, low: int, high: int, names: dict[str, int] | None = None) -> frozenset[int]:
    """The values a cron field allows, e.g. ``1-5``, ``MON-FRI``, ``0/15``, ``*``, ``1,15``."""
    values: set[int] = set()

    def number(token: str) -> int:
        token = token.upper()
        if names and token in names:
            value = names[token]
        elif token.isdigit():
            value = int(token)
        else:
            raise ScheduleError(f"{token!r} is not supported here (numbers{', names' if names else ''}, *, -, /, ','; "
                                "not L, W or #)")
        if not low <= value <= high:
            raise ScheduleError(f"{token!r} is not between {low} and {high}")
        return value

    for part in text.split(","):
        base, _, step_text = part.partition("/")
        if not base or (step_text and (not step_text.isdigit() or int(step_text) < 1)):
            raise ScheduleError(f"{part!r} in {text!r} is not a value, range or step")
        step = int(step_text) if step_text else 1
        if base == "*":
            start, end = low, high
        elif "-" in base:
            first, last = base.split("-", 1)
            start, end = number(first), number(last)
            if start > end:
                raise ScheduleError(f"range {base!r} goes backwards")
        else:
            start = number(base)
            end = high if step_text else start
        values.update(range(start, end + 1, step))
    return frozenset(values)


@dataclass(frozen=True)
class Cron:
    minutes: frozenset[int]
    hours: frozenset[int]
    days_of_month: frozenset[int] | None  # None: "?" (the other day field decides)
    months: frozenset[int]
    days_of_week: frozenset[int] | None  # 1 = Sunday ... 7 = Saturday
    years: frozenset[int]

    @classmethod
    def parse(cls, text: str) -> Cron:
        fields = text.split()
        if len(fields) != 6:
            raise ScheduleError(f"cron({text}) needs 6 fields: minutes hours day-of-month month day-of-week year")
        minutes, hours, dom, month, dow, year = fields
        if (dom == "?") == (dow == "?"):
            raise ScheduleError(f"cron({text}): exactly one of day-of-month and day-of-week must be '?'")
        return cls(minutes=_field(minutes, 0, 59), hours=_field(hours, 0, 23),
                   days_of_month=None if dom == "?" else _field(dom, 1, 31),
                   months=_field(month, 1, 12, MONTHS),
                   days_of_week=None if dow == "?" else _field(dow, 1, 7, DAYS),
                   years=_field(year, 1970, 2199))

    def matches_day(self, day: date) -> bool:
        if day.year not in self.years or day.month not in self.months:
            return False
        if self.days_of_month is not None:
            return day.day in self.days_of_month
        assert self.days_of_week is not None
        return (day.isoweekday() % 7) + 1 in self.days_of_week  # Monday (1) -> 2, Sunday (7) -> 1

    def next_after(self, after: datetime, zone: ZoneInfo) -> datetime:
        """The first run strictly after ``after`` (aware), as an aware datetime in ``zone``."""
        local = after.astimezone(zone)
        times = sorted((hour, minute) for hour in self.hours for minute in self.minutes)
        day = local.date()
        for _ in range(SEARCH_DAYS):
            if self.matches_day(day):
                for hour, minute in times:
                    candidate = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
                    if candidate > local:
                        return candidate
            day += timedelta(days=1)
        raise ScheduleError("no run within five years")


@dataclass(frozen=True)
class Rate:
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        match = re.fullmatch(r"\s*(\d+)\s+([a-z]+)\s*", text)
        if not match or match.group(2) not in RATE_UNITS or int(match.group(1)) < 1:
            raise ScheduleError(f"rate({text}) is not '<n> minute(s)|hour(s)|day(s)'")
        value, unit = int(match.group(1)), match.group(2)
        if (value == 1) != (not unit.endswith("s")):
            raise ScheduleError(f"rate({text}): AWS wants '1 {unit.rstrip('s')}' and '{value} {unit.rstrip('s')}s'")
        return cls(seconds=value * RATE_UNITS[unit])


def parse_expression(expression: str) -> Cron | Rate:
    match = re.fullmatch(r"(cron|rate)\((.*)\)", expression.strip())
    if not match:
        raise ScheduleError(f"{expression!r} is neither cron(...) nor rate(...)")
    return Cron.parse(match.group(2)) if match.group(1) == "cron" else Rate.parse(match.group(2))


@dataclass(frozen=True)
class Schedule:
    """One ``ScheduleV2`` event of a function in template.yaml."""

    function_id: str
    event_name: str
    handler: str
    expression: str
    time_zone: str
    input: dict[str, Any] = field(default_factory=dict)
    enabled: bool = True

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def next_run(self, after: datetime, started: datetime | None = None) -> datetime:
        """The first run strictly after ``after``; a rate counts from ``started`` (default: ``after``)."""
        parsed = parse_expression(self.expression)
        if isinstance(parsed, Cron):
            return parsed.next_after(after, self.zone)
        origin = started or after
        elapsed = max(0.0, (after - origin).total_seconds())
        periods = int(elapsed // parsed.seconds) + 1
        return (origin + timedelta(seconds=periods * parsed.seconds)).astimezone(self.zone)


@dataclass(frozen=True)
class JobRun:
    """A job's last run: when, whether it succeeded (else the error's kind), and its last success."""

    at: datetime
    succeeded: bool
    error: str | None
    last_success: datetime | None


def schedules(template: Template) -> list[Schedule]:
    """Every ``ScheduleV2`` event in the template, in the template's order."""
    found = []
    for function_id, resource in template.functions().items():
        for event_name, event in (resource["Properties"].get("Events") or {}).items():
            if event["Type"] != "ScheduleV2":
                continue
            props = template.resolve(event["Properties"])
            found.append(Schedule(
                function_id=function_id, event_name=event_name, handler=template.handler_of(function_id),
                expression=props["ScheduleExpression"], time_zone=props.get("ScheduleExpressionTimezone", "UTC"),
                input=json.loads(props["Input"]) if props.get("Input") else {},
                enabled=props.get("State", "ENABLED") == "ENABLED"))
    for schedule in found:
        parse_expression(schedule.expression)  # a broken expression fails at start, not at 07:00
        schedule.zone  # noqa: B018 (an unknown time zone fails here too)
    return found


def load_handler(handler: str) -> Callable[[Any, Any], Any]:
    module_name, _, attribute = handler.rpartition(".")
    function: Callable[[Any, Any], Any] = getattr(importlib.import_module(module_name), attribute)
    return function


def invoke(schedule: Schedule) -> Any:
    """Run the job now, in this process, as EventBridge Scheduler would invoke its function."""
    from infra.local.gateway import LambdaContext

    handler = load_handler(schedule.handler)
    return handler(dict(schedule.input), LambdaContext(function_name=schedule.function_id, memory_limit_in_mb=1024))


class LocalScheduler:
    """Runs every enabled schedule of the template at its times, one job at a time, in a thread."""

    def __init__(self, template: Template, *, clock: Callable[[], datetime] | None = None,
                 run: Callable[[Schedule], Any] = invoke) -> None:
        self.schedules = [s for s in schedules(template) if s.enabled]
        self._clock = clock or (lambda: datetime.now(UTC))
        self._run = run
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.started = self._clock()
        self.runs: deque[tuple[str, datetime, bool]] = deque(maxlen=1000)  # (function, when, succeeded)
        self.last: dict[str, JobRun] = {}  # per function: its last run, and its last success
        self._slots: dict[str, datetime] = {}  # per schedule: the slot it last ran for

    def due(self, now: datetime, last: dict[str, datetime]) -> list[Schedule]:
        return [s for s in self.schedules if self.next_time(s, last) <= now]

    def next_time(self, schedule: Schedule, last: dict[str, datetime]) -> datetime:
        key = f"{schedule.function_id}.{schedule.event_name}"
        return schedule.next_run(last.get(key, self.started), self.started)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="local-scheduler", daemon=True)
        self._thread.start()
        for schedule in self.schedules:
            log.info("schedule %s (%s %s): next run %s", schedule.function_id, schedule.expression,
                     schedule.time_zone, self.next_time(schedule, {}).isoformat(timespec="minutes"))

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _loop(self) -> None:
        last = self._slots
        while not self._stop.is_set():
            now = self._clock()
            for schedule in self.due(now, last):
                key = f"{schedule.function_id}.{schedule.event_name}"
                last[key] = self.next_time(schedule, last)  # the slot it ran for: a slow job skips none
                self.run_once(schedule, now)
            if not self.schedules:
                self._stop.wait(3600)
                continue
            upcoming = min(self.next_time(s, last) for s in self.schedules)
            self._stop.wait(max(0.05, min(30.0, (upcoming - self._clock()).total_seconds())))

    def jobs(self) -> list[dict[str, Any]]:
        """Each schedule with its next run and its function's last run (the monitoring page, its rules)."""
        slots = dict(self._slots)
        return [{"function": schedule.function_id, "schedule": schedule.expression, "time_zone": schedule.time_zone,
                 "next_run": self.next_time(schedule, slots), "last": self.last.get(schedule.function_id)}
                for schedule in self.schedules]

    def run_once(self, schedule: Schedule, now: datetime) -> None:
        started = time.monotonic()
        previous = self.last.get(schedule.function_id)
        try:
            result = self._run(schedule)
        except Exception as error:
            self.runs.append((schedule.function_id, now, False))
            self.last[schedule.function_id] = JobRun(now, False, type(error).__name__,
                                                     previous.last_success if previous else None)
            log.error("job %s failed:\n%s", schedule.function_id, traceback.format_exc())
            return
        self.runs.append((schedule.function_id, now, True))
        self.last[schedule.function_id] = JobRun(now, True, None, now)
        log.info("job %s done in %.0f ms: %s", schedule.function_id, (time.monotonic() - started) * 1000,
                 json.dumps(result, default=str)[:500])
