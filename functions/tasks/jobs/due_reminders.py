"""Scheduled job (daily, 07:00 Asia/Jakarta): due-date reminders for open tasks with assignees.

3 days before, 1 day before and on the due day a ``task.due_soon`` event; every day while overdue a
``task.overdue`` event, escalated to the heads of the program's department once more than two days
overdue. The rules, and "never the same reminder twice", are one SQL statement
(``task_service.send_due_reminders``, functions/tasks/migrations/0007_due_reminders.sql) that records
each reminder and writes its outbox event in one transaction; the notifications service delivers them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from shared.db import service_transaction
from shared.jobs import scheduled_job

JOB = "tasks-reminders"


def send_due_reminders() -> list[dict[str, Any]]:
    """Send today's reminders not sent yet; the reminders sent by this run."""
    with service_transaction(JOB) as tx:
        rows = list(tx.execute("select * from task_service.send_due_reminders()").fetchall())
        tx.commit()
    return rows


def run(event: Mapping[str, Any]) -> dict[str, Any]:
    sent = send_due_reminders()
    kinds = Counter(row["kind"] for row in sent)
    return {"reminders": len(sent), "due_soon": kinds["due_soon"], "overdue": kinds["overdue"],
            "escalated": sum(1 for row in sent if row["escalated"])}


handler = scheduled_job(JOB, run)
