"""The local scheduler's reading of EventBridge Scheduler expressions (cron and rate), in the schedule's
time zone, and which jobs it finds due."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from infra.local.scheduler import Cron, LocalScheduler, Rate, Schedule, ScheduleError, parse_expression, schedules
from infra.local.template import Template

JAKARTA = ZoneInfo("Asia/Jakarta")


def at(text: str, zone: ZoneInfo = JAKARTA) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def following(expression: str, after: str, zone: str = "Asia/Jakarta", count: int = 3) -> list[str]:
    schedule = Schedule("F", "E", "h.handler", expression, zone)
    found, moment = [], at(after, ZoneInfo(zone))
    for _ in range(count):
        moment = schedule.next_run(moment, started=at(after, ZoneInfo(zone)))
        found.append(moment.strftime("%a %Y-%m-%d %H:%M"))
    return found


def test_daily_at_seven_in_jakarta():
    assert following("cron(0 7 * * ? *)", "2026-11-25T06:59") == [
        "Wed 2026-11-25 07:00", "Thu 2026-11-26 07:00", "Fri 2026-11-27 07:00"]
    assert following("cron(0 7 * * ? *)", "2026-11-25T07:00", count=1) == ["Thu 2026-11-26 07:00"]  # strictly after


def test_mondays_at_seven_whatever_the_servers_clock_says():
    assert following("cron(0 7 ? * MON *)", "2026-11-25T12:00") == [
        "Mon 2026-11-30 07:00", "Mon 2026-12-07 07:00", "Mon 2026-12-14 07:00"]
    # 23:30 UTC on Sunday is already Monday 06:30 in Jakarta: the run is half an hour away
    sunday_night_utc = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)
    monday = Schedule("F", "E", "h.handler", "cron(0 7 ? * MON *)", "Asia/Jakarta").next_run(sunday_night_utc)
    assert monday - sunday_night_utc == timedelta(minutes=30)
    assert following("cron(30 7 ? * 2 *)", "2026-11-30T07:00", count=1) == ["Mon 2026-11-30 07:30"]  # 2 = Monday


def test_lists_ranges_steps_and_names():
    assert following("cron(0/20 8-9 ? * MON-FRI *)", "2026-11-27T09:30", count=4) == [
        "Fri 2026-11-27 09:40", "Mon 2026-11-30 08:00", "Mon 2026-11-30 08:20", "Mon 2026-11-30 08:40"]
    assert following("cron(15 10 1,15 JAN,JUL ? 2027)", "2026-11-25T00:00", count=3) == [
        "Fri 2027-01-01 10:15", "Fri 2027-01-15 10:15", "Thu 2027-07-01 10:15"]
    assert following("cron(0 12 ? * SUN,SAT *)", "2026-11-25T00:00", count=2) == [
        "Sat 2026-11-28 12:00", "Sun 2026-11-29 12:00"]


def test_a_time_zone_with_summer_time():
    # New York leaves summer time on 2026-11-01: 07:00 local is 11:00 UTC before and 12:00 UTC after
    schedule = Schedule("F", "E", "h.handler", "cron(0 7 * * ? *)", "America/New_York")
    first = schedule.next_run(datetime(2026, 10, 30, 12, 0, tzinfo=UTC))  # 08:00 EDT on the 30th
    second = schedule.next_run(first)
    assert (first.astimezone(UTC).hour, second.astimezone(UTC).hour) == (11, 12)


def test_rates_count_from_the_start():
    assert following("rate(1 minute)", "2026-11-25T06:59:30", count=3) == [
        "Wed 2026-11-25 07:00", "Wed 2026-11-25 07:01", "Wed 2026-11-25 07:02"]
    assert Rate.parse("2 hours").seconds == 7200 and Rate.parse("1 day").seconds == 86400


@pytest.mark.parametrize("expression", [
    "cron(0 7 * * * *)",            # both day fields given
    "cron(0 7 ? * ? *)",            # neither
    "cron(0 7 * * ?)",              # five fields
    "cron(60 7 * * ? *)",           # minute out of range
    "cron(0 7 L * ? *)",            # L (not supported here)
    "cron(0 7 ? * 2#1 *)",          # # (not supported here)
    "cron(0 7 ? * FOO *)",
    "cron(0 9-7 * * ? *)",          # a range backwards
    "cron(0/0 7 * * ? *)",
    "rate(1 minutes)", "rate(5 minute)", "rate(0 hours)", "rate(5 weeks)",
    "at(2026-11-30T07:00:00)", "every monday",
])
def test_what_is_refused(expression):
    with pytest.raises(ScheduleError):
        parse_expression(expression)


def test_the_cron_fields_are_those_aws_counts():
    cron = Cron.parse("0 7 ? * SUN *")
    assert cron.days_of_week == {1}  # AWS: 1 is Sunday


def test_the_scheduler_runs_what_is_due_and_each_slot_once():
    template = Template.load()
    clock = [at("2026-11-30T06:59:50")]  # a Monday
    ran: list[str] = []
    scheduler = LocalScheduler(template, clock=lambda: clock[0], run=lambda s: ran.append(s.function_id))
    last: dict[str, datetime] = {}
    assert scheduler.due(clock[0], last) == []
    clock[0] = at("2026-11-30T07:00:05")
    due = {s.function_id for s in scheduler.due(clock[0], last)}
    assert {"TasksSendDueRemindersFunction", "ReportsWeeklyReportsFunction"} <= due
    assert "ReportsProgressReportsFunction" not in due  # 07:30
    for schedule in scheduler.schedules:
        if schedule.function_id in due:
            last[f"{schedule.function_id}.{schedule.event_name}"] = scheduler.next_time(schedule, last)
            scheduler.run_once(schedule, clock[0])
    assert not {s.function_id for s in scheduler.due(clock[0], last)} & due  # not again for the same slot
    assert sorted(ran) == sorted(due)


def test_a_failing_job_is_logged_and_the_scheduler_goes_on():
    def fail(schedule: Schedule) -> Any:
        raise RuntimeError("boom")

    scheduler = LocalScheduler(Template.load(), run=fail)
    scheduler.run_once(scheduler.schedules[0], datetime.now(UTC))
    assert scheduler.runs[-1][2] is False


def test_every_schedule_of_the_template_is_understood():
    found = schedules(Template.load())
    assert found and all(s.time_zone == "Asia/Jakarta" for s in found)


def test_the_thread_runs_a_job_when_its_time_comes():
    offset = [timedelta(0)]
    ran: list[str] = []
    template = Template({"Globals": {"Function": {}}, "Resources": {"SweepFunction": {
        "Type": "AWS::Serverless::Function",
        "Properties": {"Handler": "x.handler", "Events": {"Sweep": {"Type": "ScheduleV2", "Properties": {
            "ScheduleExpression": "rate(1 minute)", "ScheduleExpressionTimezone": "Asia/Jakarta"}}}}}}})
    scheduler = LocalScheduler(template, clock=lambda: datetime.now(UTC) + offset[0],
                               run=lambda s: ran.append(s.function_id))
    offset[0] = timedelta(seconds=59.5)  # half a second before the first minute of rate(1 minute) is up
    scheduler.start()
    try:
        deadline = datetime.now(UTC) + timedelta(seconds=5)
        while not ran and datetime.now(UTC) < deadline:
            threading.Event().wait(0.05)
    finally:
        scheduler.stop()
    assert ran[:1] == ["SweepFunction"]
