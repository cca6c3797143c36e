"""A report as CSV (stdlib ``csv``): the sections of the report one after the other, each a title row,
a header row and its rows, with an empty row between sections. UTF-8 with a byte order mark, so that
spreadsheet programs read the text right (Indonesian, or English for a reader of English: ``language``);
amounts as plain decimals (``1250000.50``) and dates as ISO 8601, so that they stay numbers and dates in a
spreadsheet, in either language."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from functions.reports import labels
from functions.reports.language import _
from functions.reports.lpj_draft_models import LpjDraft
from functions.reports.models import Tasks
from functions.reports.organization_models import OrganizationReport
from functions.reports.parts import Person
from functions.reports.progress_models import ProgressReport


class _Sheet:
    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\r\n")
        self.sections = 0

    def section(self, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        if self.sections:
            self.writer.writerow([])
        self.sections += 1
        self.writer.writerow([title])
        self.writer.writerow(header)
        for row in rows:
            self.writer.writerow(["" if value is None else value for value in row])

    def pairs(self, title: str, rows: Iterable[tuple[str, Any]]) -> None:
        self.section(title, [_("Keterangan"), _("Nilai")], rows)

    def bytes(self) -> bytes:
        return ("\ufeff" + self.buffer.getvalue()).encode("utf-8")


def _name(person: Person | None) -> str:
    return "" if person is None else person.name or str(person.user_id)


def _tasks(sheet: _Sheet, tasks: Tasks) -> None:
    sheet.section(_("Tugas per status"), [_("Status"), _("Jumlah")],
                  [(_(labels.TASK_STATUS[c.status]), c.tasks) for c in tasks.by_status])
    sheet.section(_("Tugas terlambat"),
                  [_("Tugas", "one"), _("Tenggat"), _("Terlambat (hari)"), _("Prioritas"), _("Status"),
                   _("Penanggung jawab")],
                  [(t.title, t.due_date, t.days_overdue, _(labels.PRIORITY.get(t.priority, t.priority)),
                    _(labels.TASK_STATUS[t.status]), "; ".join(_name(p) for p in t.assignees)) for t in tasks.overdue])


def _yes(value: bool | None) -> str:
    return "" if value is None else _("ya") if value else _("tidak")


def _status(status: str | None) -> str:
    return _(labels.PROGRAM_STATUS[status]) if status else ""


def _identity(report: ProgressReport | LpjDraft) -> list[tuple[str, Any]]:
    identity = report.identity
    return [(_("Organisasi"), identity.organization.name), (_("Periode"), identity.period.name),
            (_("Departemen"), identity.department.name if identity.department else ""),
            (_("Program"), identity.program.name), (_("Kode"), identity.program.code),
            (_("Status"), _status(identity.program.status)),
            (_("Penanggung jawab (PJ)"), _name(identity.person_in_charge)),
            (_("Tanggal laporan"), report.today)]


def progress_csv(report: ProgressReport) -> bytes:
    sheet = _Sheet()
    timeline, budget = report.timeline, report.budget
    sheet.pairs(_(labels.KIND_TITLE["progress"]), [
        *_identity(report),
        (_("Rencana mulai"), timeline.planned_start), (_("Rencana selesai"), timeline.planned_end),
        (_("Realisasi mulai"), timeline.actual_start), (_("Realisasi selesai"), timeline.actual_end),
        (_("Sisa hari ke tenggat"), timeline.days_to_deadline), (_("Terlambat"), _yes(timeline.late)),
        (_("Status jadwal"), labels.schedule_state(timeline)),
        (_("Progres (%)"), report.progress.actual), (_("Rencana progres (%)"), report.progress.planned),
        (_("Milestone selesai / jatuh tempo"), f"{report.milestones.done_of_due}/{report.milestones.due}"),
        (_("Tugas selesai / total"), f"{report.tasks.done}/{report.tasks.total}"),
        (_("Tugas terlambat"), report.tasks.late),
        (_("Anggaran direncanakan"), budget.planned), (_("Pengeluaran realisasi"), budget.expense_actual),
        (_("Realisasi anggaran (%)"), budget.realization_percent)])
    sheet.section(_("Milestone"), [_("Milestone"), _("Tenggat"), _("Selesai", "done"), _("Terlambat")],
                  [(m.name, m.due_date, m.done_at.date() if m.done_at else None, _yes(m.overdue))
                   for m in report.milestones.items])
    _tasks(sheet, report.tasks)
    sheet.section(_("Anggaran"),
                  [_("Jenis"), _("Kategori"), _("Rencana"), _("Realisasi"), _("Item"), _("Terverifikasi")],
                  [(line.kind, line.category, line.planned, line.actual, line.items, line.verified_items)
                   for line in budget.lines])
    sheet.section(_("Orang yang terlibat"), [_("Nama"), _("Peran"), _("Tugas"), _("Selesai", "done")],
                  [(_name(report.people.person_in_charge), _("Penanggung jawab (PJ)"), None, None)]
                  * (report.people.person_in_charge is not None)
                  + [(_name(c), c.committee_role, None, None) for c in report.people.committee]
                  + [(_name(a), _("Pelaksana tugas"), a.tasks, a.done) for a in report.people.assignees])
    sheet.section(_("Riwayat status"), [_("Waktu"), _("Dari"), _("Menjadi"), _("Oleh"), _("Catatan")],
                  [(h.changed_at.isoformat(timespec="seconds"), _status(h.from_status), _status(h.to_status),
                    _name(h.changed_by), h.note)
                   for h in report.status_history])
    sheet.pairs(_("Catatan"), [(_("Kendala"), report.obstacles), (_("Solusi"), report.solutions),
                               (_("Langkah selanjutnya"), report.next_steps)])
    return sheet.bytes()


def lpj_csv(report: LpjDraft) -> bytes:
    sheet = _Sheet()
    finances, execution = report.finances, report.execution
    sheet.pairs(_(labels.KIND_TITLE["lpj"]), [
        *_identity(report), (_("Latar belakang"), report.background.background),
        (_("Tujuan"), report.background.objectives), (_("Sasaran"), report.background.target_group),
        (_("Pelaksanaan"), labels.span(execution.actual_start or execution.planned_start,
                                       execution.actual_end or execution.planned_end)),
        (_("Tempat"), execution.location), (_("Target peserta"), execution.participants_target),
        (_("Realisasi peserta"), execution.participants_actual), (_("Catatan pelaksanaan"), execution.notes),
        (_("Kata pengantar"), report.foreword), (_("Penutup"), report.closing)])
    sheet.section(_("Pengesahan"), [_("Jabatan"), _("Nama"), _("NIM / NIP")],
                  [(labels.signatory_title(s.title, s.role), _name(s.person), s.student_number or "")
                   for s in report.sign_off])
    sheet.section(_("Peserta"), [_("Kelompok"), _("Target"), _("Realisasi")],
                  [(group.group, group.target, group.actual) for group in execution.participants])
    sheet.section(_("Panitia"), [_("Nama"), _("Peran")], [(_name(c), c.committee_role) for c in execution.committee])
    sheet.section(_("Pemasukan per sumber"), [_("Sumber"), _("Rencana"), _("Realisasi"), _("Selisih")],
                  [(line.name, line.planned, line.actual, line.difference) for line in finances.income])
    sheet.section(_("Pengeluaran per pos"), [_("Pos"), _("Rencana"), _("Realisasi"), _("Selisih")],
                  [(line.name, line.planned, line.actual, line.difference) for line in finances.expenses])
    sheet.pairs(_("Ringkasan keuangan"), [
        (_("Total pemasukan (rencana)"), finances.total_income_planned),
        (_("Total pemasukan (realisasi)"), finances.total_income_actual),
        (_("Total pengeluaran (rencana)"), finances.total_expense_planned),
        (_("Total pengeluaran (realisasi)"), finances.total_expense_actual),
        (_("Saldo (rencana)"), finances.balance_planned), (_("Saldo (realisasi)"), finances.balance_actual),
        (_("Anggaran program"), finances.budget_planned)])
    sheet.section(_("Evaluasi: indikator keberhasilan"), [_("Indikator"), _("Target"), _("Hasil"), _("Tercapai")],
                  [(i.indicator, i.target, i.result, _yes(i.met)) for i in report.evaluation.indicators])
    sheet.pairs(_("Evaluasi"), [(_("Kendala"), report.evaluation.obstacles),
                                (_("Solusi"), report.evaluation.solutions),
                                (_("Rekomendasi"), report.evaluation.recommendations)])
    _tasks(sheet, report.tasks)
    sheet.section(_("Lampiran"), [_("Jenis"), _("Judul"), _("Berkas"), _("Ukuran (byte)"), _("Pos anggaran")],
                  [(_(labels.ATTACHMENT_KIND[a.kind]), a.title, a.filename, a.size_bytes, a.budget_item or "")
                   for a in report.attachments])
    return sheet.bytes()


def organization_csv(report: OrganizationReport, title: str | None = None) -> bytes:
    sheet = _Sheet()
    totals = report.totals
    sheet.pairs(title or _(labels.KIND_TITLE["summary"]), [
        (_("Organisasi"), report.organization.name), (_("Periode"), report.period.name),
        (_("Tanggal laporan"), report.today), (_("Program"), totals.programs),
        (_("Program terlambat"), totals.late), (_("Rata-rata progres (%)"), totals.progress),
        (_("Tugas selesai / total"), f"{totals.tasks.done}/{totals.tasks.total}"),
        (_("Tugas terlambat"), totals.tasks.late),
        (_("Anggaran direncanakan"), totals.budget_planned), (_("Anggaran terealisasi"), totals.budget_realized),
        (_("Realisasi anggaran (%)"), totals.realization_percent)])
    sheet.section(_("Program"), [_("Kode"), _("Program"), _("Departemen"), _("Status"), _("PJ"), _("Rencana mulai"),
                                 _("Rencana selesai"), _("Progres (%)"), _("Rencana progres (%)"), _("Terlambat"),
                                 _("Tugas"), _("Tugas selesai"), _("Tugas terlambat"), _("Anggaran"),
                                 _("Realisasi"), _("Realisasi (%)")],
                  [(p.code, p.name, p.department, _status(p.status), _name(p.person_in_charge),
                    p.planned_start, p.planned_end, p.progress, p.planned_progress, _yes(p.late),
                    p.tasks.total, p.tasks.done, p.tasks.late, p.budget_planned, p.budget_realized,
                    p.realization_percent) for p in report.programs])
    sheet.section(_("Departemen"), [_("Departemen"), _("Program"), _("Program selesai"), _("Terlambat"),
                                    _("Rata-rata progres (%)"), _("Penyelesaian tugas (%)"), _("Tugas"),
                                    _("Tugas selesai"), _("Anggaran"), _("Realisasi")],
                  [(d.department or _("(tanpa departemen)"), d.programs, d.programs_done, d.late, d.progress,
                    d.completion_percent, d.tasks.total, d.tasks.done, d.budget_planned, d.budget_realized)
                   for d in report.departments])
    sheet.section(_("Program per status"), [_("Status"), _("Jumlah")],
                  [(_status(s.status), s.programs) for s in totals.by_status])
    sheet.section(_("Tugas per status"), [_("Status"), _("Jumlah")],
                  [(_(labels.TASK_STATUS[s.status]), s.tasks) for s in totals.tasks_by_status])
    return sheet.bytes()
