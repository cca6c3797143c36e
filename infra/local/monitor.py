"""make dev's monitoring: every service's and function's figures on one page, and the alarms of
template.yaml evaluated over them, posting to the operators' Discord and Slack.

The figures are what runs locally measures: the gateway, per function (invocations, errors, p50/p95
duration, cold starts) and per route's function the API's answers (2xx/4xx/5xx, latency), since it
started and over the last ``window_seconds`` (infra/local/stats.py); the outbox (pending, failed and
dead events, the oldest undelivered: ``events.backlog()``); the scheduler (each job's last run and its
outcome, its next run). ``GET /_monitor`` shows them on a page that refreshes itself, ``GET
/_monitor.json`` gives them.

The rules are the CloudWatch alarms of template.yaml, over the same window:

- ``ApiServerErrors``: more than 5 % of the API's answers were 5xx;
- ``ApiLatencyP95``: the API's p95 latency over 3 s;
- ``FunctionErrors``: a function failed (raised, crashed, timed out) at least once;
- ``EventsDead``: an event is dead in the outbox;
- ``EventsOldestPending``: an undelivered event is older than 10 minutes;
- ``JobsFailed``: a scheduled job's last run failed.

Each is OK or ALARM; a change into ALARM and the way back are posted once each
(functions/notifications/alerts.py), to ``ALERT_WEBHOOKS``. A figure that cannot be read (the database
is down: no backlog) leaves its rule as it was, as CloudWatch does with missing data. Dead-letter
queues are AWS's only (locally a consumer's failure shows as a failed event).
"""

from __future__ import annotations

import html
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import psycopg

from functions.notifications import alerts
from infra.local.stats import percentile

if TYPE_CHECKING:
    from infra.local.gateway import Gateway
    from infra.local.scheduler import LocalScheduler

log = logging.getLogger("monitor")

PAGE_PATH = "/_monitor"
JSON_PATH = "/_monitor.json"
SERVER_ERROR_SHARE = 0.05
LATENCY_P95_MS = 3000.0
OLDEST_PENDING_SECONDS = 600.0
WHERE = "local (make dev)"
NONE = "&#8211;"  # a dash on the page where there is no figure


@dataclass(frozen=True)
class Verdict:
    """What one rule found: breaching or not (None: no data, the state stays), and why."""

    breaching: bool | None
    reason: str


def _api(functions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    recent = [figures["recent"] for figures in functions.values()]
    answers = {kind: sum(r["answers"][kind] for r in recent) for kind in ("2xx", "3xx", "4xx", "5xx")}
    return {"answers": {kind: sum(f["answers"][kind] for f in functions.values()) for kind in answers},
            "recent": {"answers": answers, "total": sum(answers.values())}}


def rules(snapshot: dict[str, Any]) -> dict[str, Verdict]:
    """Every rule's verdict on one snapshot (``Monitor.snapshot``)."""
    window = snapshot["window_seconds"]
    functions: dict[str, dict[str, Any]] = snapshot["functions"]
    found: dict[str, Verdict] = {}

    total = snapshot["api"]["recent"]["total"]
    server_errors = {name: f["recent"]["answers"]["5xx"] for name, f in functions.items()
                     if f["recent"]["answers"]["5xx"]}
    count = sum(server_errors.values())
    share = count / total if total else 0.0
    found["ApiServerErrors"] = Verdict(
        share > SERVER_ERROR_SHARE,
        f"{count} of {total} answers were 5xx ({share:.0%}) in the last {window:g} s"
        + (": " + ", ".join(f"{name} {n}" for name, n in sorted(server_errors.items())) if server_errors else ""))

    latency = snapshot["api"]["recent"]["latency_p95_ms"]
    found["ApiLatencyP95"] = Verdict(
        None if latency is None else latency > LATENCY_P95_MS,
        f"p95 latency {latency if latency is not None else '-'} ms in the last {window:g} s "
        f"(limit {LATENCY_P95_MS:g} ms)")

    failing = {name: f["recent"] for name, f in functions.items() if f["recent"]["errors"]}
    found["FunctionErrors"] = Verdict(
        bool(failing),
        ", ".join(f"{name}: {r['errors']} of {r['invocations']} invocations failed"
                  for name, r in sorted(failing.items()))
        or f"no function failed in the last {window:g} s")

    events = snapshot["events"]
    if events is None:
        found["EventsDead"] = found["EventsOldestPending"] = Verdict(None, "the outbox could not be read")
    else:
        found["EventsDead"] = Verdict(events["dead"] > 0, f"{events['dead']} dead event(s) in the outbox")
        age = events["oldest_undelivered_seconds"]
        found["EventsOldestPending"] = Verdict(
            age is not None and age > OLDEST_PENDING_SECONDS,
            f"the oldest undelivered event is {age:.0f} s old" if age is not None else "nothing undelivered")

    failed_jobs = [job for job in snapshot["jobs"] if job["last"] and not job["last"]["succeeded"]]
    found["JobsFailed"] = Verdict(
        bool(failed_jobs),
        ", ".join(f"{job['function']} failed at {job['last']['at']} ({job['last']['error']})" for job in failed_jobs)
        or "every job's last run succeeded")
    return found


class Monitor:
    """Reads the figures, keeps each rule's state, and tells the changes, every ``interval_seconds``."""

    def __init__(self, gateway: Gateway, database_url: str | None, scheduler: LocalScheduler | None = None, *,
                 window_seconds: float = 300.0, interval_seconds: float = 10.0,
                 targets: dict[str, str] | None = None,
                 tell: Callable[[list[alerts.Change], dict[str, str]], Any] = alerts.tell) -> None:
        self.gateway = gateway
        self.database_url = database_url
        self.scheduler = scheduler
        self.window_seconds = window_seconds
        self.interval_seconds = interval_seconds
        self.targets = alerts.webhooks() if targets is None else targets
        self._tell = tell
        self.states: dict[str, tuple[alerts.State, datetime, str]] = {}  # rule -> (state, since, reason)
        self.told: list[alerts.Change] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # ---- figures ----
    def _backlog(self) -> dict[str, Any] | None:
        if not self.database_url:
            return None
        try:
            with psycopg.connect(self.database_url, connect_timeout=2) as conn:
                row = conn.execute(
                    "select pending, failed, dead, oldest_undelivered_at,"
                    " extract(epoch from statement_timestamp() - oldest_undelivered_at)::float8"
                    " from events.backlog()").fetchone()
        except psycopg.Error as error:
            log.info("monitor: the outbox could not be read: %s", type(error).__name__)
            return None
        assert row is not None
        pending, failed, dead, oldest, age = row
        return {"pending": pending, "failed": failed, "dead": dead,
                "oldest_undelivered_at": oldest.isoformat(timespec="seconds") if oldest else None,
                "oldest_undelivered_seconds": age}

    def snapshot(self) -> dict[str, Any]:
        functions = self.gateway.figures.snapshot(self.window_seconds)
        api = _api(functions)
        latencies = self.gateway.figures.recent_latencies(self.window_seconds)
        api["recent"]["latency_p50_ms"] = percentile(latencies, 0.5)
        api["recent"]["latency_p95_ms"] = percentile(latencies, 0.95)
        jobs = []
        for job in self.scheduler.jobs() if self.scheduler else []:
            last = job["last"]
            jobs.append({**job, "next_run": job["next_run"].isoformat(timespec="seconds"),
                         "last": None if last is None else {
                             "at": last.at.isoformat(timespec="seconds"), "succeeded": last.succeeded,
                             "error": last.error,
                             "last_success": last.last_success.isoformat(timespec="seconds")
                             if last.last_success else None}})
        services = self.gateway.template.functions_by_service()
        return {"at": datetime.now(UTC).isoformat(timespec="seconds"), "window_seconds": self.window_seconds,
                "services": services, "functions": functions, "api": api, "events": self._backlog(), "jobs": jobs,
                "alarms": {name: {"state": state, "since": since.isoformat(timespec="seconds"), "reason": reason}
                           for name, (state, since, reason) in sorted(dict(self.states).items())},
                "alert_targets": sorted(self.targets)}

    # ---- rules ----
    def evaluate(self) -> list[alerts.Change]:
        """Evaluate every rule once; tell the changes worth telling; return every change of state."""
        with self._lock:
            snapshot = self.snapshot()
            now = datetime.now(UTC)
            changes = []
            for name, verdict in rules(snapshot).items():
                previous = self.states.get(name)
                if verdict.breaching is None:  # no data: the state stays (at first: INSUFFICIENT_DATA)
                    if previous is None:
                        self.states[name] = ("INSUFFICIENT_DATA", now, verdict.reason)
                    continue
                state: alerts.State = "ALARM" if verdict.breaching else "OK"
                if previous is None:
                    self.states[name] = (state, now, verdict.reason)
                    if state == "ALARM":
                        changes.append(alerts.Change(name, state, None, verdict.reason, now, WHERE))
                elif previous[0] != state:
                    self.states[name] = (state, now, verdict.reason)
                    changes.append(alerts.Change(name, state, previous[0], verdict.reason, now, WHERE))
                else:
                    self.states[name] = (state, previous[1], verdict.reason)
            told = [change for change in changes if change.worth_telling]
            if told:
                for change in told:
                    log.warning("alert: %s %s: %s", change.alarm, change.state, change.reason)
                self.told.extend(told)
                if self.targets:
                    self._tell(told, self.targets)
            return changes

    # ---- the thread ----
    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="local-monitor", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_seconds):
            try:
                self.evaluate()
            except Exception:
                log.exception("monitor: evaluating the rules failed; trying again")

    # ---- the page ----
    def answer(self, method: str, path: str) -> tuple[int, dict[str, str], bytes] | None:
        if path not in (PAGE_PATH, JSON_PATH) or method not in ("GET", "HEAD"):
            return None
        snapshot = self.snapshot()
        if path == JSON_PATH:
            return 200, {"Content-Type": "application/json", "Cache-Control": "no-store"}, json.dumps(
                snapshot, default=str).encode()
        return 200, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}, page(snapshot).encode()


# ---------------------------------------------------------------- the page

def _ms(value: float | None) -> str:
    return NONE if value is None else f"{value:,.1f}"


def _table(headings: list[str], rows: list[list[str]], empty: str, *, figures_from: int | None = None) -> str:
    """A table; the columns from ``figures_from`` on hold figures (right-aligned)."""
    if not rows:
        return f'<p class="empty">{html.escape(empty)}</p>'

    def cell(tag: str, index: int, content: str) -> str:
        aligned = ' class="n"' if figures_from is not None and index >= figures_from else ""
        return f"<{tag}{aligned}>{content}</{tag}>"

    head = "".join(cell("th", i, html.escape(h)) for i, h in enumerate(headings))
    body = "".join("<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _job_row(job: dict[str, Any]) -> list[str]:
    e, last = html.escape, job["last"]
    if last is None:
        return [e(job["function"]), e(job["schedule"]), "not yet", NONE, NONE, e(job["next_run"])]
    outcome = ('<span class="ok">succeeded</span>' if last["succeeded"]
               else f'<span class="bad">failed ({e(last["error"] or "")})</span>')
    return [e(job["function"]), e(job["schedule"]), e(last["at"]), outcome,
            e(last["last_success"]) if last["last_success"] else NONE, e(job["next_run"])]


def page(snapshot: dict[str, Any]) -> str:
    e = html.escape
    window = f"{snapshot['window_seconds']:g} s"
    styles = {"ALARM": "bad", "OK": "ok", "INSUFFICIENT_DATA": "empty"}
    alarm_rows = [[f'<span class="{styles[a["state"]]}">{e(a["state"])}</span>', e(name),
                   e(a["since"]), e(a["reason"])] for name, a in snapshot["alarms"].items()]
    api = snapshot["api"]
    api_rows = [["since start", *(str(api["answers"][k]) for k in ("2xx", "4xx", "5xx")), NONE, NONE],
                [f"last {window}", *(str(api["recent"]["answers"][k]) for k in ("2xx", "4xx", "5xx")),
                 _ms(api["recent"]["latency_p50_ms"]), _ms(api["recent"]["latency_p95_ms"])]]
    sections = []
    for service, function_ids in sorted(snapshot["services"].items()):
        rows = []
        for function_id in function_ids:
            f = snapshot["functions"].get(function_id)
            if f is None:
                rows.append([e(function_id), *["0"] * 3, *[NONE] * 8])
                continue
            r = f["recent"]
            failed = ' class="bad"' if r["errors"] else ""
            rows.append([e(function_id), str(f["invocations"]), str(f["errors"]), str(f["answers"]["5xx"]),
                         _ms(f["duration_ms"]["p50"]), _ms(f["duration_ms"]["p95"]), str(r["invocations"]),
                         f"<span{failed}>{r['errors']}</span>", str(r["answers"]["5xx"]),
                         _ms(r["duration_ms"]["p50"]), _ms(r["duration_ms"]["p95"]), str(f["cold_starts"])])
        sections.append(f"<h3>{e(service)}</h3>" + _table(
            ["function", "invocations", "errors", "5xx", "p50 ms", "p95 ms", f"invocations ({window})",
             f"errors ({window})", f"5xx ({window})", f"p50 ms ({window})", f"p95 ms ({window})", "cold starts"],
            rows, "no function", figures_from=1))
    events = snapshot["events"]
    events_html = ('<p class="bad">The outbox could not be read (is the database up?).</p>' if events is None else
                   _table(["pending", "failed", "dead", "oldest undelivered"],
                          [[str(events["pending"]), str(events["failed"]),
                            f'<span class="{"bad" if events["dead"] else "ok"}">{events["dead"]}</span>',
                            e(events["oldest_undelivered_at"]) if events["oldest_undelivered_at"] else NONE]], "",
                          figures_from=0))
    job_rows = [_job_row(job) for job in snapshot["jobs"]]
    targets = ", ".join(snapshot["alert_targets"]) or "none (set ALERT_WEBHOOKS)"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>Proker Tracker · monitoring</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #1f2937; }}
table {{ border-collapse: collapse; margin-bottom: 1rem; font-size: 14px; }}
th, td {{ border-bottom: 1px solid #e5e7eb; padding: 4px 10px; text-align: left; }}
.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
th {{ background: #f3f4f6; }}
.bad {{ color: #dc2626; font-weight: 600; }} .ok {{ color: #16a34a; }} .empty, .note {{ color: #6b7280; }}
</style></head><body>
<h1>Proker Tracker · monitoring</h1>
<p class="note">make dev, {e(snapshot["at"])}. Figures since the gateway started and over the last {window};
the page refreshes every 5 s. Alerts go to: {e(targets)}.</p>
<h2>Alarms</h2>
{_table(["state", "alarm", "since", "why"], alarm_rows, "No rule evaluated yet.")}
<h2>API</h2>
{_table(["", "2xx", "4xx", "5xx", "p50 ms", "p95 ms"], api_rows, "", figures_from=1)}
<h2>Events</h2>
{events_html}
<h2>Scheduled jobs</h2>
{_table(["job", "schedule", "last run", "outcome", "last success", "next run"], job_rows, "No scheduled job.")}
<h2>Functions by service</h2>
{"".join(sections)}
</body></html>
"""
