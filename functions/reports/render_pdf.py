"""A report as a PDF a board can hand in (fpdf2; docs/decisions/0008-pdf-library.md): a title page
(organization, report, program, period, date), numbered section headings, tables (tasks by status,
budget planned vs actual, ...), the sign-off page of an LPJ, and "Halaman n dari m" on every page.

The PDF core fonts (Helvetica) are used, so nothing is embedded and nothing is read from the system;
they cover Windows-1252 (Indonesian and Western European text, curly quotes, dashes, the euro sign).
A character outside it prints as "?"."""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from aws_lambda_powertools import Logger
from fpdf import FPDF
from fpdf.enums import TableCellFillMode, XPos, YPos

from functions.reports import labels
from functions.reports.language import _
from functions.reports.lpj_draft_models import LpjDraft
from functions.reports.models import Organization, Tasks
from functions.reports.organization_models import OrganizationReport
from functions.reports.parts import Person
from functions.reports.progress_models import ProgressReport

logger = Logger(child=True)

FONT = "helvetica"
ENCODING = "windows-1252"
INK = (33, 37, 41)
MUTED = (108, 117, 125)
ACCENT = (31, 78, 121)
HEADING_FILL = (222, 233, 244)
ZEBRA = (246, 248, 250)
PHOTO_PIXELS = 1000
"""A photo's longest side in the PDF: its box is half the page's width (about 84 mm), so 1000 pixels print at
300 dpi. A phone's 4000x3000 photo, 4 MiB as uploaded, goes in at about 0.2 MiB (docs/performance.md)."""
PHOTO_QUALITY = 85
LOGO_MM = 22
"""The logo's box in the letterhead, left of the organization's name: 22 mm square."""
LOGO_PIXELS = 300
"""A logo's longest side in the PDF: 300 dpi in its 22 mm box is about 260 pixels."""
LOGO_GAP = 4
"""Between the logo and the letterhead's text, in mm: the text is centred between the margins widened by the
logo's box and this on either side, so that a long name never runs over the logo."""
DECODED_PIXELS = 40_000_000
"""The most pixels a picture is decoded to for printing, about 160 MB in memory: a PNG is decoded whole, a JPEG at
down to an eighth of its sides (``draft``). A picture that would take more is not printed (a logo larger than
4000 pixels a side is refused when it is uploaded, ``logo.LOGO_SIDE``)."""


def _text(value: Any) -> str:
    """Printable with the core fonts: what Windows-1252 lacks becomes "?"."""
    if value is None:
        return "-"
    if isinstance(value, Decimal):
        return labels.rupiah(value)
    return str(value).encode(ENCODING, "replace").decode(ENCODING)


def _name(person: Person | None) -> str:
    return "-" if person is None else person.name or str(person.user_id)


class _Document(FPDF):
    def __init__(self, title: str, organization: Organization, logo: bytes | None = None) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.logo = logo
        self.letterhead = [_text(line) for line in _letterhead(organization)]
        self.core_fonts_encoding = ENCODING
        self.report_title = _text(title)
        self.organization = _text(organization.name)
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(auto=True, margin=20)
        self.alias_nb_pages()
        self.set_title(self.report_title)
        self.set_author(self.organization)
        self.set_creator("Proker Tracker")
        self.sections = 0

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{self.organization}  |  {self.report_title}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*MUTED)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(4)
        self.set_text_color(*INK)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 6, _("Halaman {page} dari {pages}").format(page=self.page_no(), pages="{nb}"), align="C")
        self.set_text_color(*INK)

    # ---- building blocks ----
    def title_page(self, kind: str, subject: str, lines: Sequence[tuple[str, str]], day: date) -> None:
        """``day``: the organization's day the report was computed (its time zone's, not UTC's)."""
        self.add_page()
        self.kop()
        self.set_y(max(self.get_y() + 25, 70))
        self.set_text_color(*ACCENT)
        self.set_font(FONT, "B", 22)
        self.multi_cell(0, 11, _text(kind).upper(), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(6)
        self.set_text_color(*INK)
        self.set_font(FONT, "B", 16)
        self.multi_cell(0, 9, _text(subject), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(14)
        self.set_draw_color(*ACCENT)
        self.line(self.w / 2 - 30, self.get_y(), self.w / 2 + 30, self.get_y())
        self.ln(10)
        self.set_font(FONT, "", 11)
        for label, value in lines:
            self.multi_cell(0, 7, f"{_text(label)}: {_text(value)}", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_y(-45)
        self.set_font(FONT, "", 9)
        self.set_text_color(*MUTED)
        self.multi_cell(0, 5, _("Disusun pada {day} oleh Proker Tracker").format(day=labels.day(day)) + "\n"
                              + _("Angka-angka dihitung dari data program kerja yang tercatat."), align="C",
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)
        self.add_page()

    def kop(self) -> None:
        """The letterhead (kop surat): the organization's name, its institution and faculty, its address, over a
        double rule."""
        self.set_text_color(*INK)
        top, margins = self.get_y(), (self.l_margin, self.r_margin)
        if self.logo:
            try:  # left of the name, as a kop surat has it; a picture that cannot be read leaves the kop without it
                self.image(io.BytesIO(_printable(self.logo, LOGO_PIXELS)), x=self.l_margin, y=top, h=LOGO_MM,
                           w=LOGO_MM, keep_aspect_ratio=True)
            except Exception:
                logger.warning("the organization's logo cannot be printed: the letterhead goes without it",
                               exc_info=True)
                self.logo = None
        if self.logo:  # the text centred clear of the logo, on both sides to stay centred on the page
            self.set_left_margin(margins[0] + LOGO_MM + LOGO_GAP)
            self.set_right_margin(margins[1] + LOGO_MM + LOGO_GAP)
            self.set_x(self.l_margin)
        self.set_font(FONT, "B", 15)
        self.multi_cell(0, 7, self.organization.upper(), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", 9.5)
        for line in self.letterhead:
            self.multi_cell(0, 5, line, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_left_margin(margins[0])
        self.set_right_margin(margins[1])
        self.set_y(max(self.get_y(), top + LOGO_MM) if self.logo else self.get_y())
        self.ln(2)
        self.set_draw_color(*INK)
        self.set_line_width(0.8)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_line_width(0.2)
        self.line(self.l_margin, self.get_y() + 1.2, self.w - self.r_margin, self.get_y() + 1.2)
        self.ln(3)

    def heading(self, text: str) -> None:
        self.sections += 1
        if self.get_y() > self.h - 60:
            self.add_page()
        self.ln(3)
        self.set_font(FONT, "B", 13)
        self.set_text_color(*ACCENT)
        self.cell(0, 8, f"{self.sections}. {_text(text)}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*ACCENT)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(3)
        self.set_text_color(*INK)

    def subheading(self, text: str) -> None:
        self.ln(2)
        self.set_font(FONT, "B", 10)
        self.cell(0, 6, _text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def paragraph(self, text: str | None, empty: str | None = None) -> None:
        """``text`` as written; without it, ``empty`` (by default "(belum diisi)": not written yet)."""
        empty = empty or _("(belum diisi)")
        self.set_font(FONT, "", 10)
        if not text:
            self.set_text_color(*MUTED)
        self.multi_cell(0, 5.5, _text(text or empty), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)
        self.ln(1)

    def pairs(self, rows: Iterable[tuple[str, Any]]) -> None:
        self.set_font(FONT, "", 9.5)
        with self.table(col_widths=(38, 62), first_row_as_headings=False, line_height=6,
                        borders_layout="HORIZONTAL_LINES", cell_fill_color=ZEBRA,
                        cell_fill_mode=TableCellFillMode.ROWS) as table:
            for label, value in rows:
                row = table.row()
                row.cell(_text(label))
                row.cell(_text(value))
        self.ln(3)

    def grid(self, header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float],
             align: Sequence[str] | None = None, empty: str | None = None) -> None:
        if not rows:
            empty = empty or _("Tidak ada.")
            self.paragraph(None, empty)
            return
        self.set_font(FONT, "", 8.5)
        with self.table(col_widths=tuple(widths), line_height=5.5, text_align=tuple(align or ["LEFT"] * len(header)),
                        headings_style=_heading_style(), cell_fill_color=ZEBRA,
                        cell_fill_mode=TableCellFillMode.ROWS, borders_layout="SINGLE_TOP_LINE") as table:
            heading = table.row()
            for title in header:
                heading.cell(_text(title))
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(_text(value))
        self.ln(3)

    def photos(self, title: str, photos: Sequence[tuple[str, bytes]]) -> None:
        """Under ``title`` (kept with the first row), two photos a row, each fitted into its box with its caption
        below; one that cannot be read is named."""
        width = (self.w - self.l_margin - self.r_margin - 6) / 2
        height, caption = width * 0.75, 10
        if self.get_y() + 10 + height + caption > self.page_break_trigger:
            self.add_page()
        self.subheading(title)
        for index in range(0, len(photos), 2):
            if self.get_y() + height + caption > self.page_break_trigger:
                self.add_page()
            top = self.get_y()
            for column, (title, data) in enumerate(photos[index:index + 2]):
                x = self.l_margin + column * (width + 6)
                try:
                    self.image(io.BytesIO(_printable(data)), x=x, y=top, w=width, h=height, keep_aspect_ratio=True)
                except Exception:
                    self.set_xy(x, top + height / 2)
                    self.set_font(FONT, "I", 9)
                    self.set_text_color(*MUTED)
                    self.cell(width, 6, _text(_("(gambar tidak dapat dibaca)")), align="C")
                    self.set_text_color(*INK)
                self.set_xy(x, top + height + 1)
                self.set_font(FONT, "", 8.5)
                self.multi_cell(width, 4.5, _text(title), align="C", max_line_height=4.5)
            self.set_y(top + height + caption + 2)

    def signatures(self, people: Sequence[tuple[str, str, str | None]], place_date: str) -> None:
        """Two a row: the role, room to sign, the name underlined and, where given, the number under it
        ("NIM. ...", a lecturer's "NIP. ...")."""
        self.set_font(FONT, "", 10)
        self.cell(0, 6, _text(place_date), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(4)
        width = (self.w - self.l_margin - self.r_margin) / 2
        for index in range(0, len(people), 2):
            pair = people[index:index + 2]
            if self.get_y() > self.h - 70:
                self.add_page()
            top = self.get_y()
            for column, (title, name, number) in enumerate(pair):
                x = self.l_margin + column * width
                if len(pair) == 1:
                    x = self.l_margin + width / 2
                self.set_xy(x, top)
                self.set_font(FONT, "", 10)
                self.cell(width, 6, _text(title), align="C")
                self.set_xy(x, top + 28)
                self.set_font(FONT, "BU", 10)
                self.cell(width, 6, _text(name), align="C")
                if number:
                    self.set_xy(x, top + 33)
                    self.set_font(FONT, "", 10)
                    self.cell(width, 6, _text(number), align="C")
            self.set_y(top + 44)


def printable(pictures: Mapping[UUID, bytes]) -> dict[UUID, bytes]:
    """Photos made printable once (``_printable``), for a report printed in each language: the second PDF takes
    them as they are. One that cannot be made printable is kept as it came, for the PDF to say so."""
    made: dict[UUID, bytes] = {}
    for key, data in pictures.items():
        try:
            made[key] = _printable(data)
        except Exception:
            made[key] = data
    return made


def _printable(data: bytes, pixels: int = PHOTO_PIXELS) -> bytes:
    """A photo as the PDF needs it: turned upright (its EXIF orientation, as a phone records it), at most
    PHOTO_PIXELS on its longest side, a JPEG on white; a small JPEG as it is. Pillow (fpdf2's own dependency)
    decodes a large JPEG at a fraction of its size (``draft``), which is most of why this is fast."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        if image.width * image.height > DECODED_PIXELS * (64 if image.format == "JPEG" else 1):
            raise ValueError(f"{image.width}x{image.height} pixels are more than a picture may have to be printed")
        if (image.format == "JPEG" and max(image.size) <= pixels
                and image.getexif().get(0x0112, 1) == 1 and image.mode in ("RGB", "L")):
            return data
        scale = pixels / max(image.size)
        image.draft("RGB", (math.ceil(image.width * scale), math.ceil(image.height * scale)))
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((pixels, pixels), Image.Resampling.BICUBIC)
        if upright.mode in ("RGBA", "LA", "P", "PA"):
            flat = Image.new("RGB", upright.size, "white")
            rgba = upright.convert("RGBA")
            flat.paste(rgba, mask=rgba.getchannel("A"))
            upright = flat
        out = io.BytesIO()
        upright.convert("RGB").save(out, "JPEG", quality=PHOTO_QUALITY)
        return out.getvalue()


def _letterhead(organization: Organization) -> list[str]:
    """The lines under the organization's name on its documents: institution, faculty and study programme; address."""
    parts = [part for part in (organization.study_program, organization.faculty, organization.institution) if part]
    return [line for line in (" - ".join(parts), organization.address) if line]


def _heading_style() -> Any:
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", color=INK, fill_color=HEADING_FILL)


def _output(document: _Document) -> bytes:
    return bytes(document.output())


def _tasks(document: _Document, tasks: Tasks) -> None:
    document.subheading(_("Tugas per status"))
    document.grid([_("Status"), _("Jumlah")], [(_(labels.TASK_STATUS[c.status]), c.tasks) for c in tasks.by_status],
                  (70, 30), ("LEFT", "RIGHT"))
    document.paragraph(_("Selesai {done} dari {total} tugas ({percent}); terlambat {late}. Tugas yang dibatalkan "
                         "tidak dihitung.").format(done=tasks.done, total=tasks.total,
                                                   percent=labels.percent(tasks.completion_percent), late=tasks.late))
    document.subheading(_("Tugas terlambat"))
    document.grid([_("Tugas", "one"), _("Tenggat"), _("Terlambat"), _("Prioritas"), _("Penanggung jawab")],
                  [(t.title, labels.day(t.due_date), _("{days} hari").format(days=t.days_overdue),
                    _(labels.PRIORITY.get(t.priority, t.priority)), ", ".join(_name(p) for p in t.assignees) or "-")
                   for t in tasks.overdue],
                  (52, 28, 20, 20, 50), empty=_("Tidak ada tugas yang terlambat."))


def _identity_lines(report: ProgressReport | LpjDraft) -> list[tuple[str, str]]:
    identity = report.identity
    return [(_("Periode kepengurusan"), identity.period.name),
            (_("Departemen"), identity.department.name if identity.department else "-"),
            (_("Penanggung jawab"), _name(identity.person_in_charge))]


def progress_pdf(report: ProgressReport, title: str, covers: str, logo: bytes | None = None) -> bytes:
    identity = report.identity
    document = _Document(title, identity.organization, logo)
    document.title_page(_(labels.KIND_TITLE["progress"]), identity.program.name,
                        [*_identity_lines(report), (_("Periode laporan"), covers)], report.today)
    timeline, progress, budget = report.timeline, report.progress, report.budget
    document.heading(_("Identitas program"))
    program_type = labels.PROGRAM_TYPE.get(identity.program.type)
    document.pairs([(_("Organisasi"), identity.organization.name), (_("Program"), identity.program.name),
                    (_("Kode"), identity.program.code), (_("Jenis"), _(program_type) if program_type else None),
                    (_("Status"), _(labels.PROGRAM_STATUS[identity.program.status])),
                    (_("Tempat"), identity.program.location), *_identity_lines(report)])
    document.heading(_("Jadwal dan kemajuan"))
    document.grid(["", _("Rencana"), _("Realisasi")],
                  [(_("Mulai"), labels.day(timeline.planned_start), labels.day(timeline.actual_start)),
                   (_("Selesai", "end"), labels.day(timeline.planned_end), labels.day(timeline.actual_end)),
                   (_("Progres"), labels.percent(progress.planned), labels.percent(progress.actual))],
                  (40, 65, 65))
    state = labels.schedule_state(timeline)
    remaining = ("" if timeline.days_to_deadline is None
                 else _("; {days} hari menuju tenggat").format(days=timeline.days_to_deadline))
    document.paragraph(_("Status jadwal: {state}{remaining}. Progres dihitung dari tugas (dibobot per milestone), "
                         "rencana progres dari bagian jadwal rencana yang telah berlalu.").format(
                             state=state, remaining=remaining))
    document.subheading(_("Milestone ({done} dari {due} yang jatuh tempo telah selesai)").format(
        done=report.milestones.done_of_due, due=report.milestones.due))
    document.grid([_("Milestone"), _("Tenggat"), _("Selesai", "done"), _("Keterangan")],
                  [(m.name, labels.day(m.due_date), labels.day(m.done_at.date()) if m.done_at else "-",
                    _("terlambat") if m.overdue else (_("selesai") if m.done else "-"))
                   for m in report.milestones.items],
                  (70, 35, 35, 30), empty=_("Program ini tidak memakai milestone."))
    document.heading(_("Tugas"))
    _tasks(document, report.tasks)
    document.heading(_("Anggaran"))
    document.grid([_("Jenis"), _("Kategori"), _("Rencana"), _("Realisasi")],
                  [(_(line.kind.capitalize()), line.category, line.planned, line.actual) for line in budget.lines],
                  (30, 70, 35, 35), ("LEFT", "LEFT", "RIGHT", "RIGHT"), empty=_("Belum ada item anggaran."))
    document.pairs([(_("Anggaran program"), budget.planned),
                    (_("Pemasukan (rencana / realisasi)"),
                     f"{labels.rupiah(budget.income_planned)} / {labels.rupiah(budget.income_actual)}"),
                    (_("Pengeluaran (rencana / realisasi)"),
                     f"{labels.rupiah(budget.expense_planned)} / {labels.rupiah(budget.expense_actual)}"),
                    (_("Realisasi anggaran"), labels.percent(budget.realization_percent)),
                    (_("Saldo (realisasi)"), budget.balance_actual)])
    document.heading(_("Orang yang terlibat"))
    people = report.people
    rows: list[tuple[Any, ...]] = []
    if people.person_in_charge:
        rows.append((_name(people.person_in_charge), _("Penanggung jawab (PJ)"), "-"))
    rows += [(_name(c), c.committee_role, "-") for c in people.committee]
    rows += [(_name(a), _("Pelaksana tugas"), f"{a.done}/{a.tasks}") for a in people.assignees]
    document.grid([_("Nama"), _("Peran"), _("Tugas selesai")], rows, (70, 70, 30))
    document.heading(_("Riwayat status"))
    document.grid([_("Waktu"), _("Perubahan"), _("Oleh"), _("Catatan")],
                  [(labels.day(h.changed_at.date()),
                    f"{_status(h.from_status)} -> {_status(h.to_status)}", _name(h.changed_by), h.note or "-")
                   for h in report.status_history], (30, 55, 40, 45))
    document.heading(_("Kendala, solusi dan langkah selanjutnya"))
    for label, text in ((_("Kendala"), report.obstacles), (_("Solusi"), report.solutions),
                        (_("Langkah selanjutnya"), report.next_steps)):
        document.subheading(label)
        document.paragraph(text)
    return _output(document)


def _status(status: str | None) -> str:
    """A program's status as the reports name it; ``-`` for none."""
    return _(labels.PROGRAM_STATUS[status]) if status else "-"


def lpj_pdf(report: LpjDraft, title: str, covers: str, pictures: Mapping[UUID, bytes] | None = None,
            logo: bytes | None = None) -> bytes:
    """``pictures``: the documentation photos by attachment id, printed after the list of attachments."""
    identity, finances, execution = report.identity, report.finances, report.execution
    document = _Document(title, identity.organization, logo)
    number = [(_("Nomor"), report.document_number)] if report.document_number else []
    document.title_page(_(labels.KIND_TITLE["lpj"]), identity.program.name,
                        [*number, *_identity_lines(report), (_("Pelaksanaan"), covers)], report.today)
    document.heading(_("Lembar pengesahan"))
    document.paragraph(_("Laporan pertanggungjawaban program \"{program}\" ini telah diperiksa dan disahkan "
                         "oleh:").format(program=identity.program.name))
    document.signatures([(labels.signatory_title(s.title, s.role),
                          _name(s.person) if s.person else "(........................)",
                          f"{labels.number_label(s.role)}. {s.student_number}" if s.student_number else None)
                         for s in report.sign_off],
                        f"{identity.organization.name}, {labels.day(report.today)}")
    document.add_page()
    document.heading(_("Kata pengantar"))
    document.paragraph(report.foreword)
    document.heading(_("Pendahuluan"))
    document.subheading(_("Latar belakang"))
    document.paragraph(report.background.background)
    document.subheading(_("Tujuan"))
    document.paragraph(report.background.objectives)
    document.subheading(_("Sasaran"))
    document.paragraph(report.background.target_group)
    document.heading(_("Pelaksanaan kegiatan"))
    document.pairs([(_("Rencana"), labels.span(execution.planned_start, execution.planned_end)),
                    (_("Realisasi"), labels.span(execution.actual_start, execution.actual_end)),
                    (_("Tempat"), execution.location),
                    (_("Target peserta"), _count(execution.participants_target)),
                    (_("Realisasi peserta"), _count(execution.participants_actual))])
    if execution.participants:
        document.subheading(_("Peserta"))
        document.grid([_("Kelompok"), _("Target"), _("Realisasi")],
                      [(group.group, _count(group.target, "-"), _count(group.actual, "-"))
                       for group in execution.participants], (100, 35, 35), ("LEFT", "RIGHT", "RIGHT"))
    document.subheading(_("Catatan pelaksanaan"))
    document.paragraph(execution.notes)
    document.subheading(_("Susunan panitia"))
    document.grid([_("Nama"), _("Jabatan dalam panitia")], [(_name(c), c.committee_role) for c in execution.committee],
                  (85, 85), empty=_("Belum ada panitia tercatat."))
    document.heading(_("Laporan keuangan"))
    money = ("LEFT", "RIGHT", "RIGHT", "RIGHT")
    document.subheading(_("Pemasukan per sumber"))
    document.grid([_("Sumber"), _("Rencana"), _("Realisasi"), _("Selisih")],
                  [(line.name, line.planned, line.actual, line.difference) for line in finances.income]
                  + [(_("Total"), finances.total_income_planned, finances.total_income_actual,
                      finances.total_income_actual - finances.total_income_planned)], (64, 35, 35, 36), money)
    document.subheading(_("Pengeluaran per pos"))
    document.grid([_("Pos"), _("Rencana"), _("Realisasi"), _("Selisih")],
                  [(line.name, line.planned, line.actual, line.difference) for line in finances.expenses]
                  + [(_("Total"), finances.total_expense_planned, finances.total_expense_actual,
                      finances.total_expense_actual - finances.total_expense_planned)], (64, 35, 35, 36), money)
    document.pairs([(_("Saldo (rencana)"), finances.balance_planned),
                    (_("Saldo (realisasi)"), finances.balance_actual),
                    (_("Anggaran program"), finances.budget_planned),
                    (_("Pos belum diverifikasi bendahara"), finances.unverified_lines)])
    document.heading(_("Evaluasi"))
    document.subheading(_("Indikator keberhasilan"))
    document.grid([_("Indikator"), _("Target"), _("Hasil"), _("Tercapai")],
                  [(i.indicator, i.target or "-", i.result or _("(belum diisi)"), _met(i.met))
                   for i in report.evaluation.indicators],
                  (60, 35, 50, 25), empty=_("Program ini belum mencatat indikator keberhasilan."))
    _tasks(document, report.tasks)
    for label, text in ((_("Kendala"), report.evaluation.obstacles), (_("Solusi"), report.evaluation.solutions),
                        (_("Rekomendasi"), report.evaluation.recommendations)):
        document.subheading(label)
        document.paragraph(text)
    document.heading(_("Penutup"))
    document.paragraph(report.closing)
    document.heading(_("Lampiran"))
    document.grid([_("Jenis"), _("Judul"), _("Berkas")],
                  [(_(labels.ATTACHMENT_KIND[a.kind]),
                    _("{title} (untuk {item})").format(title=a.title, item=a.budget_item) if a.budget_item else a.title,
                    _file(a.filename, a.size_bytes))
                   for a in report.attachments], (30, 80, 60), empty=_("Belum ada berkas yang dilampirkan."))
    pictures = pictures or {}
    shown = [(a.title, pictures[a.id]) for a in report.attachments if a.id is not None and a.id in pictures]
    if shown:
        document.photos(_("Dokumentasi kegiatan"), shown)
    return _output(document)


def _file(filename: str | None, size: int | None) -> str:
    if not filename:
        return _("(belum dilampirkan)")
    return f"{filename} ({labels.file_size(size)})" if size else filename


def _met(met: bool | None) -> str:
    """Whether a success indicator was met: ya, tidak, or ``-`` when not said."""
    return "-" if met is None else _("ya") if met else _("tidak")


def _count(value: int | None, empty: str | None = None) -> str:
    return (empty or _("(belum diisi)")) if value is None else labels.number(value)


def organization_pdf(report: OrganizationReport, kind: str, title: str, covers: str,
                     logo: bytes | None = None) -> bytes:
    totals = report.totals
    document = _Document(title, report.organization, logo)
    document.title_page(_(labels.KIND_TITLE[kind]), report.period.name,
                        [(_("Periode laporan"), covers),
                         (_("Pengurus inti"), ", ".join(_name(p) for p in report.officers) or "-")],
                        report.today)
    document.heading(_("Ringkasan"))
    document.pairs([(_("Program"), totals.programs), (_("Program terlambat"), totals.late),
                    (_("Rata-rata progres"), labels.percent(totals.progress)),
                    (_("Tugas selesai"), _("{done} dari {total}").format(done=totals.tasks.done,
                                                                          total=totals.tasks.total)),
                    (_("Tugas terlambat"), totals.tasks.late), (_("Anggaran direncanakan"), totals.budget_planned),
                    (_("Anggaran terealisasi"), totals.budget_realized),
                    (_("Realisasi anggaran"), labels.percent(totals.realization_percent))])
    document.subheading(_("Program per status"))
    document.grid([_("Status"), _("Jumlah")], [(_status(s.status), s.programs) for s in totals.by_status
                                               if s.programs], (70, 30), ("LEFT", "RIGHT"),
                  empty=_("Belum ada program."))
    document.subheading(_("Tugas per status"))
    document.grid([_("Status"), _("Jumlah")],
                  [(_(labels.TASK_STATUS[s.status]), s.tasks) for s in totals.tasks_by_status],
                  (70, 30), ("LEFT", "RIGHT"))
    document.heading(_("Program"))
    document.grid([_("Program"), _("Status"), _("Progres"), _("Rencana"), _("Tugas"), _("Anggaran"), _("Realisasi")],
                  [(p.name + (_(" (terlambat)") if p.late else ""), _status(p.status),
                    labels.percent(p.progress), labels.percent(p.planned_progress), f"{p.tasks.done}/{p.tasks.total}",
                    p.budget_planned, p.budget_realized) for p in report.programs],
                  (46, 22, 16, 16, 14, 28, 28), ("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
                  empty=_("Belum ada program pada periode ini."))
    document.heading(_("Penyelesaian per departemen"))
    document.grid([_("Departemen"), _("Program"), _("Selesai", "done"), _("Terlambat"), _("Progres"),
                   _("Tugas selesai"), _("Realisasi")],
                  [(d.department or _("(tanpa departemen)"), d.programs, d.programs_done, d.late,
                    labels.percent(d.progress), labels.percent(d.completion_percent), d.budget_realized)
                   for d in report.departments],
                  (44, 16, 16, 18, 18, 24, 34), ("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
                  empty=_("Belum ada program pada periode ini."))
    return _output(document)
