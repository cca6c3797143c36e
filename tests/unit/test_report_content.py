"""What reports derive and how they say it (functions/reports/parts.py, program_content.py, labels.py): no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from functions.reports import labels
from functions.reports.lpj_content import indicator_lines
from functions.reports.parts import planned_progress


def test_rupiah_is_written_the_indonesian_way():
    assert labels.rupiah(Decimal("1250000.50")) == "Rp 1.250.000,50"
    assert labels.rupiah(Decimal("15000000.00")) == "Rp 15.000.000"
    assert labels.rupiah(Decimal("-499999.5")) == "-Rp 499.999,50"
    assert labels.rupiah(Decimal("0")) == "Rp 0"


def test_dates_and_percentages():
    assert labels.day(date(2026, 12, 1)) == "1 Desember 2026" and labels.day(None) == "-"
    assert labels.span(date(2026, 1, 5), date(2026, 2, 1)) == "5 Januari 2026 s.d. 1 Februari 2026"
    assert labels.percent(51.0) == "51,0%" and labels.percent(None) == "-"
    assert labels.slug("Seminar Nasional AI: Überblick!") == "seminar-nasional-ai-uberblick"


def test_planned_progress_is_the_share_of_the_planned_timeline_elapsed():
    start, end = date(2026, 1, 1), date(2026, 1, 11)
    assert [planned_progress(start, end, date(2026, 1, day)) for day in (1, 2, 6, 11, 20)] == [
        0.0, 10.0, 50.0, 100.0, 100.0]
    assert planned_progress(start, end, date(2025, 12, 1)) == 0.0
    assert planned_progress(None, end, date(2026, 1, 5)) is None
    assert planned_progress(start, start, date(2026, 1, 1)) == 0.0  # a one-day plan, on its day


def test_success_indicators_become_one_entry_per_line():
    text = "- 200 peserta hadir\n* Kepuasan > 80%\n\n1. Liputan media\n2) Dana cukup\n• Tepat waktu"
    assert [i.indicator for i in indicator_lines(text)] == [
        "200 peserta hadir", "Kepuasan > 80%", "Liputan media", "Dana cukup", "Tepat waktu"]
    assert indicator_lines(None) == []
