"""The reports service's scheduled jobs, one module each (template.yaml), and what they have in common: how a
run tells of a report it stored, and how it fails. Here rather than in one of them, so that neither imports
the other's use cases (an organization's reports, a program's) at its start (issue 14)."""

from __future__ import annotations

from typing import Any

from functions.reports.stored import Stored


class JobFailed(RuntimeError):
    pass


def outcome(stored: Stored) -> dict[str, Any]:
    """What a run says of one report: enough to open its files from a terminal."""
    report = stored.report
    return {"report_id": str(report.id), "organization_id": str(report.organization_id), "title": report.title,
            "created": stored.created, "covers": f"{report.covers_from}..{report.covers_to}",
            **{f"{link.format}_url": link.url for link in report.files}}
