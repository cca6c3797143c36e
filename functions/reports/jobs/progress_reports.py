"""Scheduled job (Mondays 07:30 Asia/Jakarta): a weekly progress report for every running program.

For every program in progress (dalam_progres) of an organization's active period: its progress report
rendered as PDF and CSV, stored, recorded as a report of kind ``progress`` covering the seven days
before the run, and announced by a ``report.generated`` outbox event. Once per program and week,
however often the job runs; each program in a transaction of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from functions.reports import program_files
from functions.reports.jobs import JobFailed, outcome
from functions.reports.repository import job_store
from shared.api import logger
from shared.files import file_store
from shared.jobs import scheduled_job

JOB = "reports-progress"


def run(event: Mapping[str, Any]) -> dict[str, Any]:
    with job_store(JOB) as store:
        programs = [program for target in store.active_periods()
                    for program in program_files.running_programs(store, target["organization_id"],
                                                                    target["period_id"])]
    files = file_store()
    reports: list[dict[str, Any]] = []
    failed: list[str] = []
    for program_id in programs:
        try:
            with job_store(JOB) as store:
                stored = program_files.weekly_progress_report(store, files, program_id)
        except Exception:
            logger.exception("progress report failed", extra={"program_id": str(program_id)})
            failed.append(str(program_id))
            continue
        reports.append(outcome(stored))
    if failed:
        raise JobFailed(f"{len(failed)} of {len(programs)} programs' progress reports failed: {failed}")
    return {"programs": len(programs), "created": sum(r["created"] for r in reports), "reports": reports}


handler = scheduled_job(JOB, run)
