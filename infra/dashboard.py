"""The CloudWatch dashboard of template.yaml, written from the template's own functions.

One dashboard for the stack: its alarms; the API's answers and latency; the outbox's backlog and the
consumers' dead-letter queues; the scheduled jobs; then a row per service with each of its functions'
invocations, errors and p50/p95 duration. Every function appears by its logical id (``${Id}`` is its
name), so a function added to the template appears here when this is run again:

    python -m infra.dashboard     # rewrites the Dashboard resource of template.yaml (make dashboard)

``tests/test_template.py`` fails when the dashboard in the template is not what this writes.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from infra.local.scheduler import schedules
from infra.local.template import TEMPLATE, Template
from infra.template import SERVICES

BEGIN = "  # >>> the dashboard, written by `python -m infra.dashboard` (do not edit by hand)\n"
END = "  # <<< the dashboard\n"
PERIOD = 300
WIDTH, HEIGHT = 6, 6


def _metric_widget(title: str, metrics: list[list[Any]], x: int, y: int, *, width: int = WIDTH,
                   stat: str = "Sum", right_label: str | None = None) -> dict[str, Any]:
    properties: dict[str, Any] = {"title": title, "region": "${AWS::Region}", "view": "timeSeries",
                                  "stacked": False, "period": PERIOD, "stat": stat, "metrics": metrics}
    if right_label:
        properties["yAxis"] = {"right": {"label": right_label, "showUnits": False}}
    return {"type": "metric", "x": x, "y": y, "width": width, "height": HEIGHT, "properties": properties}


def _short(function_id: str, service: str) -> str:
    """ProgramsCreateProgramFunction -> CreateProgram (the service's row says the rest)."""
    name = function_id.removesuffix("Function")
    prefix = {"orgs": "Orgs"}.get(service, service.capitalize())
    return name.removeprefix(prefix) or name


def functions_by_service(template: Template) -> dict[str, list[str]]:
    """The services in the dashboard's order, then any other."""
    found = template.functions_by_service()
    return {**{service: found.get(service, []) for service in SERVICES}, **found}


def widgets(template: Template) -> list[dict[str, Any]]:
    alarms = [name for name, resource in template.resources.items() if resource["Type"] == "AWS::CloudWatch::Alarm"]
    found: list[dict[str, Any]] = [
        {"type": "text", "x": 0, "y": 0, "width": 24, "height": 1,
         "properties": {"markdown": "# Proker Tracker: ${AWS::StackName} (docs/operations.md)"}},
        {"type": "alarm", "x": 0, "y": 1, "width": 24, "height": 3,
         "properties": {"title": "Alarms (posted to Discord and Slack)",
                        "alarms": [f"${{{name}.Arn}}" for name in alarms]}},
        _metric_widget("API: answers", [
            ["AWS/ApiGateway", "Count", "ApiId", "${HttpApi}", {"label": "all"}],
            ["AWS/ApiGateway", "4xx", "ApiId", "${HttpApi}", {"label": "4xx"}],
            ["AWS/ApiGateway", "5xx", "ApiId", "${HttpApi}", {"label": "5xx"}]], 0, 4),
        _metric_widget("API: latency (ms)", [
            ["AWS/ApiGateway", "Latency", "ApiId", "${HttpApi}", {"stat": "p50", "label": "p50"}],
            ["AWS/ApiGateway", "Latency", "ApiId", "${HttpApi}", {"stat": "p95", "label": "p95"}]], 6, 4, stat="p50"),
        _metric_widget("Events: the outbox", [
            ["ProkerTracker", "OutboxPending", "service", "events", {"label": "pending"}],
            ["ProkerTracker", "OutboxFailed", "service", "events", {"label": "failed"}],
            ["ProkerTracker", "OutboxDead", "service", "events", {"label": "dead"}],
            ["ProkerTracker", "OutboxOldestUndeliveredSeconds", "service", "events",
             {"label": "oldest undelivered (s)", "yAxis": "right"}]], 12, 4, stat="Maximum", right_label="seconds"),
        _metric_widget("Events: dead-letter queues", [
            ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", f"${{{queue}.QueueName}}",
             {"label": queue.removesuffix("DeadLetterQueue")}]
            for queue in sorted(name for name, resource in template.resources.items()
                                if resource["Type"] == "AWS::SQS::Queue" and name.endswith("DeadLetterQueue"))],
            18, 4, stat="Maximum"),
    ]
    jobs = list(dict.fromkeys(schedule.function_id for schedule in schedules(template)))
    found.append(_metric_widget("Scheduled jobs: runs", [
        ["AWS/Lambda", "Invocations", "FunctionName", f"${{{function_id}}}", {"label": _short(function_id, "")}]
        for function_id in jobs], 0, 10, width=12))
    found.append(_metric_widget("Scheduled jobs: errors", [
        ["AWS/Lambda", "Errors", "FunctionName", f"${{{function_id}}}", {"label": _short(function_id, "")}]
        for function_id in jobs], 12, 10, width=12))
    y = 16
    for service, function_ids in functions_by_service(template).items():
        if not function_ids:
            continue

        def lines(metric: str, stat: str | None = None, ids: list[str] = function_ids,
                  service: str = service) -> list[list[Any]]:
            options = {"stat": stat} if stat else {}
            return [["AWS/Lambda", metric, "FunctionName", f"${{{function_id}}}",
                     {**options, "label": _short(function_id, service)}] for function_id in ids]

        found += [
            _metric_widget(f"{service}: invocations", lines("Invocations"), 0, y),
            _metric_widget(f"{service}: errors", lines("Errors"), 6, y),
            _metric_widget(f"{service}: duration p50 (ms)", lines("Duration", "p50"), 12, y, stat="p50"),
            _metric_widget(f"{service}: duration p95 (ms)", lines("Duration", "p95"), 18, y, stat="p95"),
        ]
        y += HEIGHT
    return found


def resource_text(template: Template) -> str:
    """The Dashboard resource as it stands in template.yaml, one widget per line."""
    body = ",\n".join("            " + json.dumps(widget, separators=(",", ":")) for widget in widgets(template))
    return (BEGIN
            + "  Dashboard:\n"
            + "    Type: AWS::CloudWatch::Dashboard\n"
            + "    Properties:\n"
            + '      DashboardName: !Sub "${AWS::StackName}"\n'
            + "      DashboardBody: !Sub |\n"
            + '        {"widgets": [\n'
            + body + "\n"
            + "        ]}\n"
            + END)


def current(text: str) -> str | None:
    found = re.search(re.escape(BEGIN) + r".*?" + re.escape(END), text, re.S)
    return found.group(0) if found else None


def main() -> int:
    text = TEMPLATE.read_text()
    block = current(text)
    if block is None:
        print(f"{TEMPLATE}: no dashboard block ({BEGIN.strip()!r} ... {END.strip()!r})", file=sys.stderr)
        return 1
    fresh = resource_text(Template.load())
    Path(TEMPLATE).write_text(text.replace(block, fresh))
    print("template.yaml: dashboard " + ("unchanged" if block == fresh else "rewritten"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
