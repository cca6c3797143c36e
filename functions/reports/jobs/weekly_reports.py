"""Scheduled job (Mondays 07:00 Asia/Jakarta): each organization's weekly report.

For every organization with an active period: its summary of the period (every program's status,
progress, lateness and budget; completion per department), rendered as PDF and CSV, stored (S3, or
locally .data/reports), recorded as a report of kind ``weekly`` covering the seven days before the
run, and announced by a ``report.generated`` outbox event (the notifications service tells the
board). Once per organization and week, however often the job runs. Each organization in a
transaction of its own: one that fails does not stop the others (the run fails at the end).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from functions.reports import service
from functions.reports.jobs import JobFailed, outcome
from functions.reports.repository import job_store
from shared.api import logger
from shared.files import file_store
from shared.jobs import scheduled_job

JOB = "reports-weekly"


def run(event: Mapping[str, Any]) -> dict[str, Any]:
    with job_store(JOB) as store:
        targets = store.active_periods()
    files = file_store()
    reports: list[dict[str, Any]] = []
    failed: list[str] = []
    for target in targets:
        try:
            with job_store(JOB) as store:
                stored = service.weekly_report(store, files, target["organization_id"], target["period_id"])
        except Exception:
            logger.exception("weekly report failed", extra={"organization_id": str(target["organization_id"])})
            failed.append(str(target["organization_id"]))
            continue
        reports.append(outcome(stored))
    if failed:
        raise JobFailed(f"{len(failed)} of {len(targets)} organizations' weekly reports failed: {failed}")
    return {"organizations": len(targets), "created": sum(r["created"] for r in reports), "reports": reports}


handler = scheduled_job(JOB, run)
