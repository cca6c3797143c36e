"""A report as CSV (stdlib ``csv``): the sections of the report one after the other, each a title row,
a header row and its rows, with an empty row between sections. UTF-8 with a byte order mark, so that
spreadsheet programs read the Indonesian text right; amounts as plain decimals (``1250000.50``) and
dates as ISO 8601, so that they stay numbers and dates in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from functions.reports import labels
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
        self.section(title, ["Keterangan", "Nilai"], rows)

    def bytes(self) -> bytes:
        return ("\ufeff" + self.buffer.getvalue()).encode("utf-8")


def _name(person: Person | None) -> str:
    return "" if person is None else person.name or str(person.user_id)


def _tasks(sheet: _Sheet, tasks: Tasks) -> None:
    sheet.section("Tugas per status", ["Status", "Jumlah"],
                  [(labels.TASK_STATUS[c.status], c.tasks) for c in tasks.by_status])
    sheet.section("Tugas terlambat",
                  ["Tugas", "Tenggat", "Terlambat (hari)", "Prioritas", "Status", "Penanggung jawab"],
                  [(t.title, t.due_date, t.days_overdue, labels.PRIORITY.get(t.priority, t.priority),
                    labels.TASK_STATUS[t.status], "; ".join(_name(p) for p in t.assignees)) for t in tasks.overdue])


def _identity(report: ProgressReport | LpjDraft) -> list[tuple[str, Any]]:
    identity = report.identity
    return [("Organisasi", identity.organization.name), ("Periode", identity.period.name),
            ("Departemen", identity.department.name if identity.department else ""),
            ("Program", identity.program.name), ("Kode", identity.program.code),
            ("Status", labels.PROGRAM_STATUS[identity.program.status]),
            ("Penanggung jawab (PJ)", _name(identity.person_in_charge)),
            ("Tanggal laporan", report.today)]


def progress_csv(report: ProgressReport) -> bytes:
    sheet = _Sheet()
    timeline, budget = report.timeline, report.budget
    sheet.pairs(labels.KIND_TITLE["progress"], [
        *_identity(report),
        ("Rencana mulai", timeline.planned_start), ("Rencana selesai", timeline.planned_end),
        ("Realisasi mulai", timeline.actual_start), ("Realisasi selesai", timeline.actual_end),
        ("Sisa hari ke tenggat", timeline.days_to_deadline), ("Terlambat", "ya" if timeline.late else "tidak"),
        ("Status jadwal", labels.schedule_state(timeline)),
        ("Progres (%)", report.progress.actual), ("Rencana progres (%)", report.progress.planned),
        ("Milestone selesai / jatuh tempo", f"{report.milestones.done_of_due}/{report.milestones.due}"),
        ("Tugas selesai / total", f"{report.tasks.done}/{report.tasks.total}"), ("Tugas terlambat", report.tasks.late),
        ("Anggaran direncanakan", budget.planned), ("Pengeluaran realisasi", budget.expense_actual),
        ("Realisasi anggaran (%)", budget.realization_percent)])
    sheet.section("Milestone", ["Milestone", "Tenggat", "Selesai", "Terlambat"],
                  [(m.name, m.due_date, m.done_at.date() if m.done_at else None, "ya" if m.overdue else "tidak")
                   for m in report.milestones.items])
    _tasks(sheet, report.tasks)
    sheet.section("Anggaran", ["Jenis", "Kategori", "Rencana", "Realisasi", "Item", "Terverifikasi"],
                  [(line.kind, line.category, line.planned, line.actual, line.items, line.verified_items)
                   for line in budget.lines])
    sheet.section("Orang yang terlibat", ["Nama", "Peran", "Tugas", "Selesai"],
                  [(_name(report.people.person_in_charge), "Penanggung jawab (PJ)", None, None)]
                  * (report.people.person_in_charge is not None)
                  + [(_name(c), c.committee_role, None, None) for c in report.people.committee]
                  + [(_name(a), "Pelaksana tugas", a.tasks, a.done) for a in report.people.assignees])
    sheet.section("Riwayat status", ["Waktu", "Dari", "Menjadi", "Oleh", "Catatan"],
                  [(h.changed_at.isoformat(timespec="seconds"), labels.PROGRAM_STATUS.get(h.from_status or "", ""),
                    labels.PROGRAM_STATUS[h.to_status], _name(h.changed_by), h.note)
                   for h in report.status_history])
    sheet.pairs("Catatan", [("Kendala", report.obstacles), ("Solusi", report.solutions),
                            ("Langkah selanjutnya", report.next_steps)])
    return sheet.bytes()


def lpj_csv(report: LpjDraft) -> bytes:
    sheet = _Sheet()
    finances, execution = report.finances, report.execution
    sheet.pairs(labels.KIND_TITLE["lpj"], [
        *_identity(report), ("Latar belakang", report.background.background),
        ("Tujuan", report.background.objectives), ("Sasaran", report.background.target_group),
        ("Pelaksanaan", labels.span(execution.actual_start or execution.planned_start,
                                    execution.actual_end or execution.planned_end)),
        ("Tempat", execution.location), ("Target peserta", execution.participants_target),
        ("Realisasi peserta", execution.participants_actual), ("Catatan pelaksanaan", execution.notes),
        ("Kata pengantar", report.foreword), ("Penutup", report.closing)])
    sheet.section("Pengesahan", ["Jabatan", "Nama", "NIM / NIP"],
                  [(s.title, _name(s.person), s.student_number or "") for s in report.sign_off])
    sheet.section("Peserta", ["Kelompok", "Target", "Realisasi"],
                  [(group.group, group.target, group.actual) for group in execution.participants])
    sheet.section("Panitia", ["Nama", "Peran"], [(_name(c), c.committee_role) for c in execution.committee])
    sheet.section("Pemasukan per sumber", ["Sumber", "Rencana", "Realisasi", "Selisih"],
                  [(line.name, line.planned, line.actual, line.difference) for line in finances.income])
    sheet.section("Pengeluaran per pos", ["Pos", "Rencana", "Realisasi", "Selisih"],
                  [(line.name, line.planned, line.actual, line.difference) for line in finances.expenses])
    sheet.pairs("Ringkasan keuangan", [
        ("Total pemasukan (rencana)", finances.total_income_planned),
        ("Total pemasukan (realisasi)", finances.total_income_actual),
        ("Total pengeluaran (rencana)", finances.total_expense_planned),
        ("Total pengeluaran (realisasi)", finances.total_expense_actual),
        ("Saldo (rencana)", finances.balance_planned), ("Saldo (realisasi)", finances.balance_actual),
        ("Anggaran program", finances.budget_planned)])
    sheet.section("Evaluasi: indikator keberhasilan", ["Indikator", "Target", "Hasil", "Tercapai"],
                  [(i.indicator, i.target, i.result, {True: "ya", False: "tidak", None: ""}[i.met])
                   for i in report.evaluation.indicators])
    sheet.pairs("Evaluasi", [("Kendala", report.evaluation.obstacles), ("Solusi", report.evaluation.solutions),
                             ("Rekomendasi", report.evaluation.recommendations)])
    _tasks(sheet, report.tasks)
    sheet.section("Lampiran", ["Jenis", "Judul", "Berkas", "Ukuran (byte)", "Pos anggaran"],
                  [(labels.ATTACHMENT_KIND[a.kind], a.title, a.filename, a.size_bytes, a.budget_item or "")
                   for a in report.attachments])
    return sheet.bytes()


def organization_csv(report: OrganizationReport, title: str | None = None) -> bytes:
    sheet = _Sheet()
    totals = report.totals
    sheet.pairs(title or labels.KIND_TITLE["summary"], [
        ("Organisasi", report.organization.name), ("Periode", report.period.name), ("Tanggal laporan", report.today),
        ("Program", totals.programs), ("Program terlambat", totals.late), ("Rata-rata progres (%)", totals.progress),
        ("Tugas selesai / total", f"{totals.tasks.done}/{totals.tasks.total}"), ("Tugas terlambat", totals.tasks.late),
        ("Anggaran direncanakan", totals.budget_planned), ("Anggaran terealisasi", totals.budget_realized),
        ("Realisasi anggaran (%)", totals.realization_percent)])
    sheet.section("Program", ["Kode", "Program", "Departemen", "Status", "PJ", "Rencana mulai", "Rencana selesai",
                              "Progres (%)", "Rencana progres (%)", "Terlambat", "Tugas", "Tugas selesai",
                              "Tugas terlambat", "Anggaran", "Realisasi", "Realisasi (%)"],
                  [(p.code, p.name, p.department, labels.PROGRAM_STATUS[p.status], _name(p.person_in_charge),
                    p.planned_start, p.planned_end, p.progress, p.planned_progress, "ya" if p.late else "tidak",
                    p.tasks.total, p.tasks.done, p.tasks.late, p.budget_planned, p.budget_realized,
                    p.realization_percent) for p in report.programs])
    sheet.section("Departemen", ["Departemen", "Program", "Program selesai", "Terlambat", "Rata-rata progres (%)",
                                 "Penyelesaian tugas (%)", "Tugas", "Tugas selesai", "Anggaran", "Realisasi"],
                  [(d.department or "(tanpa departemen)", d.programs, d.programs_done, d.late, d.progress,
                    d.completion_percent, d.tasks.total, d.tasks.done, d.budget_planned, d.budget_realized)
                   for d in report.departments])
    sheet.section("Program per status", ["Status", "Jumlah"],
                  [(labels.PROGRAM_STATUS[s.status], s.programs) for s in totals.by_status])
    sheet.section("Tugas per status", ["Status", "Jumlah"],
                  [(labels.TASK_STATUS[s.status], s.tasks) for s in totals.tasks_by_status])
    return sheet.bytes()
