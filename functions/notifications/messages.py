"""What a notification says, in Indonesian (the default) and English: a title and a sentence or two per
kind of notification, the e-mail around them (plain text and HTML), and the neutral wording the
organization's chat gets (it speaks to everyone, so no "you").

Status values stay the words users know (docs/domain.md), shown as labels; dates are written out
("1 Desember 2026"); times in the recipient's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from shared import chat

Language = Literal["id", "en"]
LANGUAGES: tuple[Language, ...] = ("id", "en")
DEFAULT_LANGUAGE: Language = "id"
DEFAULT_TIME_ZONE = "Asia/Jakarta"


@dataclass(frozen=True)
class Facts:
    """What the texts of one event may mention; the consumer fills in what it knows."""

    organization: str = ""
    program: str = ""
    task: str = ""
    actor: str | None = None          # who did it (None: the system, or unknown)
    subject: str | None = None        # whom it was done to (the assignee, in the chat)
    from_status: str | None = None
    to_status: str | None = None
    note: str | None = None
    due_date: date | None = None
    days: int | None = None           # to the due date; negative when overdue
    comment: str | None = None
    role: str | None = None
    position_title: str | None = None
    expires_at: datetime | None = None
    report: str = ""
    report_kind: str | None = None


@dataclass(frozen=True)
class Message:
    title: str
    body: str


@dataclass(frozen=True)
class Email:
    subject: str
    text: str
    html: str


_MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
_STATUS = {
    "id": {"belum_dimulai": "Belum Dimulai", "dalam_progres": "Dalam Progres", "review": "Review",
           "selesai": "Selesai", "ditunda": "Ditunda", "dibatalkan": "Dibatalkan", "draft": "Draf",
           "diajukan": "Diajukan", "disetujui": "Disetujui", "revisi": "Revisi", "ditolak": "Ditolak"},
    "en": {"belum_dimulai": "Not started", "dalam_progres": "In progress", "review": "In review",
           "selesai": "Done", "ditunda": "On hold", "dibatalkan": "Cancelled", "draft": "Draft",
           "diajukan": "Submitted", "disetujui": "Approved", "revisi": "Needs revision", "ditolak": "Rejected"},
}
_ROLE = {
    "id": {"ketua": "Ketua", "wakil_ketua": "Wakil Ketua", "sekretaris": "Sekretaris", "bendahara": "Bendahara",
           "kepala_departemen": "Kepala Departemen", "wakil_kepala_departemen": "Wakil Kepala Departemen",
           "anggota": "Anggota", "pembina": "Pembina"},
    "en": {"ketua": "Chair", "wakil_ketua": "Vice Chair", "sekretaris": "Secretary", "bendahara": "Treasurer",
           "kepala_departemen": "Head of Department", "wakil_kepala_departemen": "Deputy Head of Department",
           "anggota": "Member", "pembina": "Advisor"},
}
_REPORT_KIND = {
    "id": {"progress": "progres", "lpj": "LPJ", "weekly": "mingguan", "organization": "organisasi"},
    "en": {"progress": "progress", "lpj": "accountability (LPJ)", "weekly": "weekly", "organization": "organization"},
}
_SOMEONE = {"id": "Seseorang", "en": "Someone"}


def language_of(value: str | None) -> Language:
    return "en" if value == "en" else "id"


def day(value: date | None, language: Language) -> str:
    if value is None:
        return ""
    return f"{value.day} {_MONTHS[language][value.month - 1]} {value.year}"


def moment(value: datetime | None, language: Language, time_zone: str = DEFAULT_TIME_ZONE) -> str:
    if value is None:
        return ""
    try:
        local = value.astimezone(ZoneInfo(time_zone))
    except (ValueError, KeyError):
        local = value.astimezone(ZoneInfo(DEFAULT_TIME_ZONE))
    when = day(local.date(), language)
    zone = local.tzname() or time_zone
    if language == "id":
        return f"{when} pukul {local:%H.%M} {zone}"
    return f"{when}, {local:%H:%M} {zone}"


def status(value: str | None, language: Language) -> str:
    return _STATUS[language].get(value or "", value or "")


def _when(days: int | None, language: Language) -> str:
    """"in 3 days", "tomorrow", "today" (for a reminder before or on the due date)."""
    n = days or 0
    if language == "id":
        return "hari ini" if n <= 0 else "besok" if n == 1 else f"dalam {n} hari"
    return "today" if n <= 0 else "tomorrow" if n == 1 else f"in {n} days"


def _late(days: int | None) -> int:
    return max(1, abs(days or 0))


def _note(note: str | None, language: Language) -> str:
    if not note:
        return ""
    return f" Catatan: {note}" if language == "id" else f" Note: {note}"


def _due(due: date | None, language: Language) -> str:
    if due is None:
        return ""
    return f" Tenggat: {day(due, language)}." if language == "id" else f" Due: {day(due, language)}."


def _role(facts: Facts, language: Language) -> str:
    role = _ROLE[language].get(facts.role or "", facts.role or "")
    return f"{role} ({facts.position_title})" if facts.position_title else role


def _report_kind(facts: Facts, language: Language) -> str:
    return _REPORT_KIND[language].get(facts.report_kind or "", facts.report_kind or "")


# One function per kind of message: readable as sentences, each in both languages.

def _task_assigned(f: Facts, lang: Language, actor: str, tz: str) -> Message:
    if lang == "en":
        return Message(f"New task: {f.task}",
                       f"{actor} assigned you the task “{f.task}” in the program {f.program}.{_due(f.due_date, lang)}")
    return Message(f"Tugas baru: {f.task}",
                   f"{actor} menugaskan Anda pada tugas “{f.task}” dalam program {f.program}.{_due(f.due_date, lang)}")


def _task_status_changed(f: Facts, lang: Language, actor: str, tz: str) -> Message:
    old, new = status(f.from_status, lang), status(f.to_status, lang)
    if lang == "en":
        return Message(f"Task status changed: {f.task}",
                       f"{actor} moved the task “{f.task}” in the program {f.program} from {old} to {new}."
                       f"{_note(f.note, lang)}")
    return Message(f"Status tugas berubah: {f.task}",
                   f"{actor} mengubah status tugas “{f.task}” dalam program {f.program} dari {old} menjadi {new}."
                   f"{_note(f.note, lang)}")


def _task_status_changed_system(f: Facts, lang: Language, actor: str, tz: str) -> Message:
    old, new = status(f.from_status, lang), status(f.to_status, lang)
    if lang == "en":
        return Message(f"Your task is now {new}: {f.task}",
                       f"Your task “{f.task}” in the program {f.program} went from {old} to {new} with its program."
                       f"{_note(f.note, lang)}")
    return Message(f"Tugas Anda kini {new}: {f.task}",
                   f"Tugas Anda “{f.task}” dalam program {f.program} berubah dari {old} menjadi {new} mengikuti "
                   f"programnya.{_note(f.note, lang)}")


def _task_due_soon(f: Facts, lang: Language, actor: str, tz: str) -> Message:
    when, due = _when(f.days, lang), day(f.due_date, lang)
    if lang == "en":
        return Message(f"Due {when}: {f.task}",
                       f"The task “{f.task}” in the program {f.program} is due {when} ({due}).")
    return Message(f"Tenggat {when}: {f.task}",
                   f"Tugas “{f.task}” dalam program {f.program} jatuh tempo {when} ({due}).")


def _task_overdue(f: Facts, lang: Language, actor: str, tz: str) -> Message:
    n, due = _late(f.days), day(f.due_date, lang)
    if lang == "en":
        return Message(f"Overdue by {n} day{'s' if n != 1 else ''}: {f.task}",
                       f"The task “{f.task}” in the program {f.program} was due on {due} and is not done yet.")
    return Message(f"Terlambat {n} hari: {f.task}",
                   f"Tugas “{f.task}” dalam program {f.program} melewati tenggatnya ({due}) dan belum selesai.")


def _task_due_escalated(f: Facts, lang: Language, actor: str, tz: str) -> Message:
    due = day(f.due_date, lang)
    if (f.days or 0) < 0:
        n = _late(f.days)
        if lang == "en":
            return Message(f"Escalation: a task of your department is {n} day{'s' if n != 1 else ''} overdue",
                           f"The task “{f.task}” in the program {f.program} was due on {due} and is still not done. "
                           "Its assignees have been reminded; as head of the department, please follow it up.")
        return Message(f"Eskalasi: tugas departemen Anda terlambat {n} hari",
                       f"Tugas “{f.task}” dalam program {f.program} melewati tenggatnya ({due}) dan belum selesai. "
                       "Penanggung jawabnya sudah diingatkan; sebagai kepala departemen, mohon ditindaklanjuti.")
    when = _when(f.days, lang)
    if lang == "en":
        return Message(f"Heads-up: a task of your department is due {when}",
                       f"The task “{f.task}” in the program {f.program} is due {when} ({due}).")
    return Message(f"Perhatian: tugas departemen Anda jatuh tempo {when}",
                   f"Tugas “{f.task}” dalam program {f.program} jatuh tempo {when} ({due}).")


def _comment_created(f: Facts, lang: Language, actor: str, tz: str) -> Message:
    if lang == "en":
        return Message(f"New comment on {f.task}", f"{actor} wrote on the task “{f.task}”: “{f.comment or ''}”")
    return Message(f"Komentar baru pada {f.task}", f"{actor} menulis pada tugas “{f.task}”: “{f.comment or ''}”")


def _program_status_changed(f: Facts, lang: Language, actor: str, tz: str) -> Message:
    old, new = status(f.from_status, lang), status(f.to_status, lang)
    if lang == "en":
        return Message(f"Program status changed: {f.program}",
                       f"{actor} moved the program {f.program} from {old} to {new}.{_note(f.note, lang)}")
    return Message(f"Status program berubah: {f.program}",
                   f"{actor} mengubah status program {f.program} dari {old} menjadi {new}.{_note(f.note, lang)}")


def _invitation_created(f: Facts, lang: Language, actor: str, tz: str) -> Message:
    expires = moment(f.expires_at, lang, tz)
    if lang == "en":
        return Message(f"Invitation to join {f.organization}",
                       f"{actor} invited you to join {f.organization} as {_role(f, lang)}. The invitation is valid "
                       f"until {expires}.")
    return Message(f"Undangan bergabung dengan {f.organization}",
                   f"{actor} mengundang Anda bergabung dengan {f.organization} sebagai {_role(f, lang)}. Undangan "
                   f"berlaku sampai {expires}.")


def _report_generated(f: Facts, lang: Language, actor: str, tz: str) -> Message:
    kind = _report_kind(f, lang)
    scope = f.program or f.organization
    if lang == "en":
        return Message(f"Report ready: {f.report}",
                       f"The {kind} report “{f.report}” for {scope} is ready. Open it to read or download it.")
    return Message(f"Laporan siap: {f.report}",
                   f"Laporan {kind} “{f.report}” untuk {scope} sudah dibuat. Buka untuk membaca atau mengunduhnya.")


def _lpj_submitted(f: Facts, lang: Language, actor: str, tz: str) -> Message:
    if lang == "en":
        return Message(f"LPJ to check: {f.program}",
                       f"{actor} submitted the accountability report (LPJ) of the program {f.program}. Please check "
                       "it, then mark it checked for the chair or send it back with notes.")
    return Message(f"LPJ perlu diperiksa: {f.program}",
                   f"{actor} mengajukan LPJ program {f.program}. Mohon diperiksa, lalu tandai sudah diperiksa untuk "
                   "ketua atau kembalikan dengan catatan.")


def _lpj_checked(f: Facts, lang: Language, actor: str, tz: str) -> Message:
    if lang == "en":
        return Message(f"LPJ to approve: {f.program}",
                       f"{actor} checked the accountability report (LPJ) of the program {f.program}. It awaits your "
                       "approval, or send it back for revision with notes.")
    return Message(f"LPJ menunggu persetujuan: {f.program}",
                   f"{actor} sudah memeriksa LPJ program {f.program}. LPJ menunggu persetujuan Anda, atau kembalikan "
                   "untuk revisi dengan catatan.")


def _lpj_approved(f: Facts, lang: Language, actor: str, tz: str) -> Message:
    if lang == "en":
        return Message(f"LPJ approved: {f.program}",
                       f"{actor} approved the accountability report (LPJ) of the program {f.program}. Its PDF is "
                       "final.")
    return Message(f"LPJ disetujui: {f.program}",
                   f"{actor} menyetujui LPJ program {f.program}. PDF-nya kini final.")


def _lpj_returned(f: Facts, lang: Language, actor: str, tz: str) -> Message:
    if lang == "en":
        return Message(f"LPJ sent back for revision: {f.program}",
                       f"{actor} sent the accountability report (LPJ) of the program {f.program} back for revision."
                       f"{_note(f.note, lang)}")
    return Message(f"LPJ perlu direvisi: {f.program}",
                   f"{actor} mengembalikan LPJ program {f.program} untuk direvisi.{_note(f.note, lang)}")


_PERSONAL = {
    "task.assigned": _task_assigned,
    "task.status_changed": _task_status_changed,
    "task.status_changed.system": _task_status_changed_system,
    "task.due_soon": _task_due_soon,
    "task.overdue": _task_overdue,
    "task.due.escalated": _task_due_escalated,
    "comment.created": _comment_created,
    "program.status_changed": _program_status_changed,
    "invitation.created": _invitation_created,
    "report.generated": _report_generated,
    "lpj.submitted": _lpj_submitted,
    "lpj.checked": _lpj_checked,
    "lpj.approved": _lpj_approved,
    "lpj.returned": _lpj_returned,
}
TEMPLATES: frozenset[str] = frozenset(_PERSONAL)


def render(template: str, language: Language, facts: Facts, time_zone: str = DEFAULT_TIME_ZONE) -> Message:
    """The notification ``template`` (a key of ``TEMPLATES``) for one recipient, in their language and
    time zone."""
    actor = facts.actor or _SOMEONE[language]
    return _PERSONAL[template](facts, language, actor, time_zone)


def render_chat(event_type: str, facts: Facts) -> Message:
    """What the organization's Discord or Slack channel reads of an event (Indonesian, to everyone)."""
    actor = facts.actor or _SOMEONE["id"]
    old, new = status(facts.from_status, "id"), status(facts.to_status, "id")
    texts = {
        "task.assigned": (f"Tugas baru: {facts.task}",
                          f"{actor} menugaskan {facts.subject or 'seorang anggota'} pada tugas “{facts.task}” "
                          f"({facts.program})."),
        "task.status_changed": (f"Status tugas: {facts.task}",
                                f"Tugas “{facts.task}” ({facts.program}): {old} → {new}.{_note(facts.note, 'id')}"),
        "task.due_soon": (f"Tenggat {_when(facts.days, 'id')}: {facts.task}",
                          f"Tugas “{facts.task}” ({facts.program}) jatuh tempo {_when(facts.days, 'id')} "
                          f"({day(facts.due_date, 'id')})."),
        "task.overdue": (f"Terlambat {_late(facts.days)} hari: {facts.task}",
                         f"Tugas “{facts.task}” ({facts.program}) melewati tenggatnya ({day(facts.due_date, 'id')}) "
                         "dan belum selesai."),
        "comment.created": (f"Komentar baru pada {facts.task}",
                            f"{actor} menulis pada tugas “{facts.task}” ({facts.program}): “{facts.comment or ''}”"),
        "program.status_changed": (f"Status program: {facts.program}",
                                   f"Program {facts.program}: {old} → {new}.{_note(facts.note, 'id')}"),
        "report.generated": (f"Laporan siap: {facts.report}",
                             f"Laporan {_report_kind(facts, 'id')} “{facts.report}” untuk "
                             f"{facts.program or facts.organization} sudah dibuat."),
    }
    title, body = texts[event_type]
    return Message(title, body)


CHAT_EVENT_TYPES: frozenset[str] = frozenset({
    "task.assigned", "task.status_changed", "task.due_soon", "task.overdue", "comment.created",
    "program.status_changed", "report.generated"})
"""Events the organization's chat hears of (an invitation concerns someone not in it yet)."""


# ---- e-mail ----

_EMAIL = {
    "id": {"hello": "Halo {name},", "hello_anonymous": "Halo,", "open": "Buka di Proker Tracker",
           "footer": "Anda menerima e-mail ini karena pengaturan notifikasi Anda di Proker Tracker. Ubah di "
                     "Pengaturan > Notifikasi.",
           "footer_anonymous": "Anda menerima e-mail ini karena alamat ini diundang di Proker Tracker. Abaikan bila "
                               "Anda tidak mengenal undangan ini."},
    "en": {"hello": "Hello {name},", "hello_anonymous": "Hello,", "open": "Open in Proker Tracker",
           "footer": "You receive this e-mail because of your notification settings in Proker Tracker. Change them "
                     "in Settings > Notifications.",
           "footer_anonymous": "You receive this e-mail because this address was invited on Proker Tracker. Ignore "
                               "it if you do not know this invitation."},
}


def email(message: Message, language: Language, *, name: str | None, organization: str, url: str | None,
          registered: bool = True) -> Email:
    """The e-mail of a notification: a subject naming the organization, and the same words as plain
    text and as simple HTML (everything user-written is escaped)."""
    words = _EMAIL[language]
    hello = words["hello"].format(name=name) if name else words["hello_anonymous"]
    footer = words["footer"] if registered else words["footer_anonymous"]
    subject = f"[{organization}] {message.title}" if organization else message.title
    text_parts = [hello, "", message.title, "", message.body]
    if url:
        text_parts += ["", f"{words['open']}: {url}"]
    text_parts += ["", "--", footer, ""]
    from html import escape as e  # html loads its entity table (html.entities): for e-mails only (issue 14)

    button = (f'<p><a href="{e(url)}" style="display:inline-block;padding:10px 16px;background:#2563eb;'
              f'color:#ffffff;text-decoration:none;border-radius:6px">{e(words["open"])}</a></p>' if url else "")
    body = (f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"><title>{e(subject)}</title></head>'
            '<body style="font-family:Arial,Helvetica,sans-serif;color:#1f2937;line-height:1.5;max-width:560px">'
            f"<p>{e(hello)}</p><h2 style=\"font-size:18px\">{e(message.title)}</h2><p>{e(message.body)}</p>"
            f'{button}<hr style="border:none;border-top:1px solid #e5e7eb">'
            f'<p style="font-size:12px;color:#6b7280">{e(footer)}</p></body></html>')
    return Email(subject=subject, text="\n".join(text_parts), html=body)


# ---- chat payloads ----


def discord_payload(message: Message, *, organization: str, url: str | None,
                    occurred_at: datetime) -> dict[str, object]:
    """A Discord webhook message with one embed, the organization in its footer."""
    return chat.discord_payload(message.title, message.body, footer=organization or chat.USERNAME,
                                occurred_at=occurred_at, url=url)


def slack_payload(message: Message, *, organization: str, url: str | None) -> dict[str, object]:
    """A Slack incoming-webhook message in blocks, the organization in its context line."""
    return chat.slack_payload(message.title, message.body, context=organization or chat.USERNAME, url=url)
