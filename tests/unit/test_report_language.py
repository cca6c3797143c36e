"""The reports' English (issue 12): every text the renderers print through ``_`` has its English, and nothing in the
catalog is left that no renderer prints; numbers, money and dates are written as each language writes them."""

from __future__ import annotations

import ast
from datetime import date
from decimal import Decimal
from pathlib import Path

from functions.reports import labels
from functions.reports.english import ENGLISH
from functions.reports.language import _, speaking

RENDERERS = [Path("functions/reports") / name for name in ("render_pdf.py", "render_csv.py", "labels.py")]
WRITTEN_BY_CONTENT = {"Ketua Pelaksana", "Sekretaris", "Kepala Departemen", "Ketua", "Pembina", "Pemasukan",
                      "Pengeluaran"}
"""Texts the renderers print from a report's content: signatories' positions (``lpj_content``) and the budget's
kinds, capitalized."""


def printed_texts() -> set[str]:
    found: set[str] = set()
    for path in RENDERERS:
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
                    and isinstance(node.args[0], ast.Constant)):  # not _(labels.X[...]): those are below
                text, *context = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
                found.add(f"{context[0]}|{text}" if context else text)
    for names in (labels.PROGRAM_STATUS, labels.TASK_STATUS, labels.PRIORITY, labels.PROGRAM_TYPE,
                  labels.ATTACHMENT_KIND, labels.KIND_TITLE):
        found |= {name for name in names.values() if name != "-"}
    return found | WRITTEN_BY_CONTENT


def test_every_printed_text_has_its_english_and_the_catalog_nothing_else():
    printed = printed_texts()
    assert len(printed) > 150
    assert sorted(printed - ENGLISH.keys()) == []
    assert sorted(ENGLISH.keys() - printed) == []


def test_a_texts_placeholders_are_the_same_in_english():
    for indonesian, english in ENGLISH.items():
        assert sorted(part.split("}")[0] for part in indonesian.split("{")[1:]) == \
            sorted(part.split("}")[0] for part in english.split("{")[1:]), indonesian


def test_numbers_money_and_dates_as_each_language_writes_them():
    amount, day = Decimal("1250000.50"), date(2026, 12, 1)
    assert (labels.rupiah(amount), labels.percent(12.5), labels.day(day), labels.file_size(2_400_000)) == (
        "Rp 1.250.000,50", "12,5%", "1 Desember 2026", "2,4 MB")
    assert labels.span(day, date(2027, 1, 4)) == "1 Desember 2026 s.d. 4 Januari 2027"
    with speaking("en"):
        assert (labels.rupiah(amount), labels.percent(12.5), labels.day(day), labels.file_size(2_400_000)) == (
            "Rp 1,250,000.50", "12.5%", "1 December 2026", "2.4 MB")
        assert labels.span(day, date(2027, 1, 4)) == "1 December 2026 to 4 January 2027"
        assert labels.rupiah(Decimal("-1000")) == "-Rp 1,000"
        assert _("Selesai") == "Completed" and _("Selesai", "end") == "End" and _("not in the catalog") == \
            "not in the catalog"
        assert labels.title_in_language("Laporan Pertanggungjawaban: Seminar") == \
            "Accountability Report (LPJ): Seminar"
        assert labels.signatory_title("Kepala Departemen Riset", "kepala_departemen") == "Head of Department Riset"
    assert _("Selesai") == "Selesai" and labels.title_in_language("Laporan Pertanggungjawaban: Seminar") == \
        "Laporan Pertanggungjawaban: Seminar"
