"""How reports say things to people, in Indonesian or, for a reader who reads English, in English (``language``;
docs/decisions/0025-reports-in-english.md): statuses, dates, rupiah, titles. The dictionaries hold the Indonesian;
``_`` gives it in the language being rendered."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from functions.reports.language import _, current

if TYPE_CHECKING:
    from functions.reports.progress_models import Timeline

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December")
PROGRAM_STATUS = {"draft": "Draf", "diajukan": "Diajukan", "revisi": "Revisi", "disetujui": "Disetujui",
                  "dalam_progres": "Dalam progres", "ditunda": "Ditunda", "selesai": "Selesai",
                  "dibatalkan": "Dibatalkan", "ditolak": "Ditolak"}
TASK_STATUS = {"belum_dimulai": "Belum dimulai", "dalam_progres": "Dalam progres", "review": "Review",
               "selesai": "Selesai", "ditunda": "Ditunda", "dibatalkan": "Dibatalkan"}
PRIORITY = {"rendah": "Rendah", "sedang": "Sedang", "tinggi": "Tinggi", "kritis": "Kritis"}
PROGRAM_TYPE = {"event": "Acara", "rutin": "Rutin", "berkelanjutan": "Berkelanjutan"}
ROLE = {"ketua": "Ketua", "wakil_ketua": "Wakil Ketua", "sekretaris": "Sekretaris", "bendahara": "Bendahara",
        "pembina": "Pembina", "kepala_departemen": "Kepala Departemen", "ketua_pelaksana": "Ketua Pelaksana"}
ATTACHMENT_KIND = {"dokumentasi": "Dokumentasi", "kuitansi": "Kuitansi", "daftar_hadir": "Daftar hadir",
                   "proposal": "Proposal", "lainnya": "Lainnya", None: "-"}
KIND_TITLE = {"progress": "Laporan Kemajuan Program", "lpj": "Laporan Pertanggungjawaban",
              "weekly": "Laporan Mingguan Program Kerja", "summary": "Laporan Program Kerja"}


def day(value: date | None) -> str:
    """``1 Desember 2026`` (``1 December 2026``); ``-`` for no date."""
    months = ENGLISH_MONTHS if current() == "en" else MONTHS
    return f"{value.day} {months[value.month - 1]} {value.year}" if value else "-"


def span(start: date | None, end: date | None) -> str:
    if not start and not end:
        return "-"
    return f"{day(start)} {_('s.d.')} {day(end)}"


def number(value: float | Decimal, places: int = 0) -> str:
    """Grouped and with decimals as the language writes them: ``1.250.000,50`` (``1,250,000.50``)."""
    text = f"{value:,.{places}f}"
    return text if current() == "en" else text.translate(str.maketrans(",.", ".,"))


def rupiah(amount: Decimal) -> str:
    """``Rp 1.250.000,50`` (Indonesian grouping; English's ``Rp 1,250,000.50``); cents only when there are any."""
    sign = "-" if amount < 0 else ""
    cents = abs(amount) % 1 != 0
    return f"{sign}Rp {number(abs(amount), 2 if cents else 0)}"


ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
DEFAULT_NUMBER_FORMAT = "{nomor}/LPJ/{singkatan}/{bulan}/{tahun}"


def document_number(number_format: str | None, sequence: int, short_name: str | None, program_code: str | None,
                    on: date) -> str:
    """A document's number in its organization's format: ``{nomor}`` the sequence of the year (``007``),
    ``{singkatan}`` the organization's short name, ``{kode}`` the program's code, ``{bulan}`` the month in Roman
    numerals, ``{tahun}`` the year. An empty part leaves no doubled separator behind (``007/LPJ/XII/2026``)."""
    text = number_format or DEFAULT_NUMBER_FORMAT
    for placeholder, value in (("{nomor}", f"{sequence:03d}"), ("{singkatan}", short_name or ""),
                               ("{kode}", program_code or ""), ("{bulan}", ROMAN_MONTHS[on.month - 1]),
                               ("{tahun}", str(on.year))):
        text = text.replace(placeholder, value)
    return re.sub(r"([/.-])(?:\1)+", r"\1", text).strip("/.- ")


def file_size(size: int) -> str:
    """``820 KB``, ``2,4 MB`` (decimal comma, as Indonesian writes it; ``2.4 MB`` in English)."""
    if size < 1000 * 1000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{number(size / 1000 / 1000, 1)} MB"


def percent(value: float | None) -> str:
    return "-" if value is None else f"{number(value, 1)}%"


def slug(text: str) -> str:
    """A file name part: ``Seminar Nasional AI!`` -> ``seminar-nasional-ai``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "laporan"


def schedule_state(timeline: Timeline) -> str:
    """How the program keeps its schedule, in words: behind (``late``), or started or ended later than
    planned, else on schedule. A program that started 14 days late is not "sesuai jadwal"."""
    if timeline.late:
        return _("terlambat")
    delays = [_("dimulai {days} hari lebih lambat dari rencana").format(days=timeline.start_delay_days)
              if timeline.start_delay_days and timeline.start_delay_days > 0 else "",
              _("selesai {days} hari lebih lambat dari rencana").format(days=timeline.end_delay_days)
              if timeline.end_delay_days and timeline.end_delay_days > 0 else ""]
    return ", ".join(delay for delay in delays if delay) or _("sesuai jadwal")


def title_in_language(title: str) -> str:
    """A stored report's title (``Laporan Pertanggungjawaban: Seminar``) with its kind in the language being
    rendered (``Accountability Report: Seminar``); what follows the kind is a name, as written."""
    for kind_title in KIND_TITLE.values():
        if title.startswith(kind_title):
            return _(kind_title) + title[len(kind_title):]
    return title


def signatory_title(title: str, role: str) -> str:
    """A signatory's position in the language being rendered: the fixed ones whole; a head's "Kepala Departemen"
    followed by their department's name as written."""
    head = "Kepala Departemen"
    if role == "kepala_departemen" and title.startswith(head):
        return _(head) + title[len(head):]
    return _(title)


def number_label(role: str) -> str:
    """What a signatory's number is called under their name: a student's NIM; the pembina, a lecturer, signs with
    their NIP."""
    return "NIP" if role == "pembina" else "NIM"
