"""The scheduled jobs of ``template.yaml``, on this machine: list them, or run one now.

    python -m infra.jobs list                                  # id, schedule, time zone, next run, handler
    python -m infra.jobs run ReportsWeeklyReportsFunction      # run it now (make job NAME=...)
    python -m infra.jobs run TasksSendDueRemindersFunction --event '{"job": "manual"}'

``run`` uses the database ``make dev`` uses (``DATABASE_URL``, else the embedded PostgreSQL in
``.data/``), applies pending migrations first, calls the function's handler in-process with the
schedule's ``Input`` (or ``--event``) and prints what it returns: the weekly report jobs print the
links to their PDF and CSV files, which the local gateway of a running ``make dev`` serves. Like
``make dev`` it takes that gateway to be on ``PORT`` (3000), so the links name it; calls from one
service to another stay in this process (``infra.local.client.services_in_process``).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import sys
from datetime import UTC, datetime

from infra.local.scheduler import Schedule, invoke, schedules
from infra.local.template import Template


def _table(found: list[Schedule]) -> str:
    now = datetime.now(UTC)
    rows = [("function", "schedule", "time zone", "next run", "handler")]
    rows += [(s.function_id, s.expression + ("" if s.enabled else " (disabled)"), s.time_zone,
              s.next_run(now).strftime("%a %Y-%m-%d %H:%M %Z"), s.handler) for s in found]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
                     for row in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.jobs", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="the schedules of template.yaml and their next runs")
    run = commands.add_parser("run", help="run a scheduled function now")
    run.add_argument("function_id", help="its logical id in template.yaml, e.g. ReportsWeeklyReportsFunction")
    run.add_argument("--event", help="the event to pass (JSON); default: the schedule's Input")
    args = parser.parse_args(argv)

    found = schedules(Template.load())
    if args.command == "list":
        print(_table(found))
        return 0
    chosen = next((s for s in found if s.function_id == args.function_id), None)
    if chosen is None:
        print(f"no scheduled function {args.function_id!r} in template.yaml; these are:\n"
              + "\n".join(f"  {s.function_id}" for s in found), file=sys.stderr)
        return 2
    if args.event:
        chosen = dataclasses.replace(chosen, input=json.loads(args.event))
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")

    from infra.local.client import services_in_process, use_local_port
    from infra.local.postgres import local_database
    from infra.migrate import migrate

    use_local_port()  # before anything reads the settings
    with contextlib.redirect_stdout(sys.stderr), local_database() as url:  # stdout: the result only
        migrate(url)
        with services_in_process():
            result = invoke(chosen)
    print(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
