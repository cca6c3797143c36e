"""How reports say things to people, in Indonesian (DESIGN.md §7): statuses, dates, rupiah, titles."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from functions.reports.progress_models import Timeline

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")
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
    """``1 Desember 2026``; ``-`` for no date."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}" if value else "-"


def span(start: date | None, end: date | None) -> str:
    if not start and not end:
        return "-"
    return f"{day(start)} s.d. {day(end)}"


def rupiah(amount: Decimal) -> str:
    """``Rp 1.250.000,50`` (Indonesian grouping); cents only when there are any."""
    sign = "-" if amount < 0 else ""
    whole, _, cents = f"{abs(amount):.2f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}Rp {grouped}" + (f",{cents}" if cents != "00" else "")


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
    """``820 KB``, ``2,4 MB`` (decimal comma, as Indonesian writes it)."""
    if size < 1000 * 1000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1000 / 1000:.1f} MB".replace(".", ",")


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%".replace(".", ",")


def slug(text: str) -> str:
    """A file name part: ``Seminar Nasional AI!`` -> ``seminar-nasional-ai``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "laporan"


def schedule_state(timeline: Timeline) -> str:
    """How the program keeps its schedule, in words: behind (``late``), or started or ended later than
    planned, else on schedule. A program that started 14 days late is not "sesuai jadwal"."""
    if timeline.late:
        return "terlambat"
    delays = [f"dimulai {timeline.start_delay_days} hari lebih lambat dari rencana"
              if timeline.start_delay_days and timeline.start_delay_days > 0 else "",
              f"selesai {timeline.end_delay_days} hari lebih lambat dari rencana"
              if timeline.end_delay_days and timeline.end_delay_days > 0 else ""]
    return ", ".join(delay for delay in delays if delay) or "sesuai jadwal"


def number_label(role: str) -> str:
    """What a signatory's number is called under their name: a student's NIM; the pembina, a lecturer, signs with
    their NIP."""
    return "NIP" if role == "pembina" else "NIM"
