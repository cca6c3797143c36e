"""Scheduled job (daily 03:00 Asia/Jakarta): uploads declared and never finished are forgotten.

An LPJ attachment or a letterhead logo is recorded before its file goes up (``attachments``, ``logo``); a browser
closed halfway leaves a record that never lists and, sometimes, a file that arrived but was never confirmed. After
a day (the upload form is valid 15 minutes) the record goes, then the file. Attachments of an LPJ under review or
approved are frozen with it and stay.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from functions.reports.repository import job_store
from shared.files import file_store
from shared.jobs import scheduled_job

JOB = "reports-forgotten-uploads"
AFTER = timedelta(days=1)


def run(event: Mapping[str, Any]) -> dict[str, Any]:
    with job_store(JOB) as store:
        keys = store.forget_unfinished_uploads(AFTER)
        store.commit()
    files = file_store()
    for key in keys:  # after the commit: a file left by a failure here is never listed or linked again
        files.delete(key)
    return {"forgotten": len(keys)}


handler = scheduled_job(JOB, run)
