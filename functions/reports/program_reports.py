"""Use cases of a program's progress report, computed now. Its LPJ draft is ``program_lpj``; storing either
with its PDF and CSV is ``program_files`` (so the functions that only read import none of the storing, nor the
other kind's models). Who may do what: ``service``'s docstring."""

from __future__ import annotations

from uuid import UUID

from functions.reports import progress_content
from functions.reports.program_content import program_row
from functions.reports.progress_models import ProgressReport
from functions.reports.repository import ReportStore


def program_report(store: ReportStore, program_id: UUID) -> ProgressReport:
    return progress_content.progress_report(*program_row(store, program_id))
