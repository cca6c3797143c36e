"""The local monitor's rules (infra/local/monitor.py), each on the figures that trip it and on those that
do not; tests/e2e/test_monitoring.py runs them against make dev."""

from __future__ import annotations

from typing import Any

from infra.local.monitor import rules


def function(invocations: int = 0, errors: int = 0, answers: dict[str, int] | None = None) -> dict[str, Any]:
    by_class = {"2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0, **(answers or {})}
    return {"answers": by_class, "recent": {"invocations": invocations, "errors": errors, "answers": by_class}}


def snapshot(functions: dict[str, Any], *, latency_p95: float | None = None, events: dict[str, Any] | None = None,
             jobs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    answers = {kind: sum(f["recent"]["answers"][kind] for f in functions.values())
               for kind in ("2xx", "3xx", "4xx", "5xx")}
    return {"window_seconds": 300.0, "functions": functions, "events": events, "jobs": jobs or [],
            "api": {"recent": {"answers": answers, "total": sum(answers.values()), "latency_p95_ms": latency_p95}}}


QUIET = {"pending": 0, "failed": 0, "dead": 0, "oldest_undelivered_seconds": None}


def test_server_errors_alarm_above_five_percent_of_answers():
    five = snapshot({"A": function(answers={"2xx": 95, "5xx": 5})}, events=QUIET)
    six = snapshot({"A": function(answers={"2xx": 94, "5xx": 6})}, events=QUIET)
    assert rules(five)["ApiServerErrors"].breaching is False
    found = rules(six)["ApiServerErrors"]
    assert found.breaching is True and found.reason == "6 of 100 answers were 5xx (6%) in the last 300 s: A 6"


def test_a_failed_invocation_names_its_function():
    found = rules(snapshot({"A": function(4, 1), "B": function(3, 0)}, events=QUIET))["FunctionErrors"]
    assert found.breaching is True and found.reason == "A: 1 of 4 invocations failed"


def test_latency_without_answers_is_no_data():
    assert rules(snapshot({}, events=QUIET))["ApiLatencyP95"].breaching is None
    assert rules(snapshot({}, latency_p95=3000.1, events=QUIET))["ApiLatencyP95"].breaching is True


def test_an_unreadable_outbox_is_no_data_and_a_dead_or_old_event_alarms():
    assert rules(snapshot({}))["EventsDead"].breaching is None
    assert rules(snapshot({}, events={**QUIET, "dead": 1}))["EventsDead"].breaching is True
    old = rules(snapshot({}, events={**QUIET, "pending": 1, "oldest_undelivered_seconds": 601.0}))
    assert old["EventsOldestPending"].breaching is True and old["EventsDead"].breaching is False


def test_a_jobs_last_failed_run_alarms_until_it_succeeds():
    failed = {"function": "ReportsWeeklyReportsFunction",
              "last": {"at": "2026-12-07T00:00:00+00:00", "succeeded": False, "error": "DatabaseUnavailable"}}
    assert rules(snapshot({}, events=QUIET, jobs=[failed]))["JobsFailed"].breaching is True
    succeeded = {**failed, "last": {**failed["last"], "succeeded": True, "error": None}}
    assert rules(snapshot({}, events=QUIET, jobs=[succeeded]))["JobsFailed"].breaching is False
