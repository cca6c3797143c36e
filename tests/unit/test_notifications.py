"""The notification service's parts that need no database: the texts in both languages, the e-mail
and chat payloads, the retry loop and its budget, the notifier's choice of recipients with a fake
store (and who it tells again when an event comes back); and template.yaml's routing of the consumer.
Which URLs may be called: test_notification_targets.py."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest

from functions.notifications import messages, notifier
from functions.notifications.channels import Attempt, Budget, post_with_retries, sign, signed_headers
from functions.notifications.messages import Facts
from functions.notifications.targets import Target
from infra.local.template import Template

FACTS = Facts(organization="HIMA Informatika", program="Seminar Nasional", task="Sewa gedung", actor="Budi",
              subject="Sari", from_status="dalam_progres", to_status="selesai", note="Beres",
              due_date=date(2026, 12, 1), days=3, comment="Sudah DP", role="kepala_departemen",
              position_title="Kepala Riset", expires_at=datetime(2026, 12, 8, 7, 30, tzinfo=UTC),
              report="Laporan Progres", report_kind="lpj")


@pytest.mark.parametrize("template", sorted(messages.TEMPLATES))
@pytest.mark.parametrize("language", messages.LANGUAGES)
def test_every_template_renders_in_both_languages(template, language):
    message = messages.render(template, language, FACTS)
    assert message.title and message.body and "{" not in message.title + message.body
    other = messages.render(template, "en" if language == "id" else "id", FACTS)
    assert (message.title, message.body) != (other.title, other.body)


def test_the_wording_of_a_few(monkeypatch):
    assert messages.render("task.status_changed", "id", FACTS).body == (
        "Budi mengubah status tugas “Sewa gedung” dalam program Seminar Nasional dari Dalam Progres menjadi Selesai. "
        "Catatan: Beres")
    assert messages.render("task.status_changed", "en", FACTS).body == (
        "Budi moved the task “Sewa gedung” in the program Seminar Nasional from In progress to Done. Note: Beres")
    invitation = messages.render("invitation.created", "id", FACTS, "Asia/Makassar")
    assert invitation.body == ("Budi mengundang Anda bergabung dengan HIMA Informatika sebagai Kepala Departemen "
                               "(Kepala Riset). Undangan berlaku sampai 8 Desember 2026 pukul 15.30 WITA.")
    assert messages.render("invitation.created", "en", FACTS).body.endswith("until 8 December 2026, 14:30 WIB.")
    assert messages.render("report.generated", "en", FACTS).body.startswith(
        "The accountability (LPJ) report “Laporan Progres” for Seminar Nasional is ready.")
    nobody = Facts(task="X", program="P")
    assert messages.render("task.assigned", "id", nobody).body.startswith("Seseorang menugaskan Anda")
    assert messages.render("task.assigned", "en", nobody).body == "Someone assigned you the task “X” in the program P."
    one_day = Facts(task="X", program="P", days=-1, due_date=date(2026, 1, 2))
    assert messages.render("task.overdue", "en", one_day).title == "Overdue by 1 day: X"


def test_the_chat_speaks_to_everyone():
    for event_type in messages.CHAT_EVENT_TYPES:
        text = messages.render_chat(event_type, FACTS)
        assert "Anda" not in text.title + text.body and text.title
    assert messages.render_chat("task.assigned", FACTS).body == \
        "Budi menugaskan Sari pada tugas “Sewa gedung” (Seminar Nasional)."


def test_emails_escape_what_users_wrote():
    evil = messages.Message("<b>Tugas</b> & co", "Klik <script>alert(1)</script>")
    mail = messages.email(evil, "id", name="<Budi>", organization="HIMA", url="https://app.example/tasks/1?a=1&b=2")
    assert mail.subject == "[HIMA] <b>Tugas</b> & co"  # a subject is plain text
    assert "<script>" not in mail.html and "&lt;script&gt;" in mail.html and "&lt;Budi&gt;" in mail.html
    assert 'href="https://app.example/tasks/1?a=1&amp;b=2"' in mail.html
    assert mail.text.splitlines()[:5] == ["Halo <Budi>,", "", "<b>Tugas</b> & co", "", "Klik <script>alert(1)</script>"]
    assert "Buka di Proker Tracker: https://app.example/tasks/1?a=1&b=2" in mail.text
    assert "Pengaturan > Notifikasi" in mail.text
    english = messages.email(evil, "en", name=None, organization="", url=None, registered=False)
    assert english.subject == "<b>Tugas</b> & co" and english.text.startswith("Hello,\n")
    assert "href" not in english.html and "invited" in english.text


def test_chat_payloads_keep_to_the_platforms_limits():
    long = messages.Message("T" * 300, "B" * 5000)
    discord = messages.discord_payload(long, organization="HIMA", url=None, occurred_at=datetime.now(UTC))
    embed = discord["embeds"][0]  # type: ignore[index]
    assert len(embed["title"]) == 256 and len(embed["description"]) == 4096 and "url" not in embed
    slack = messages.slack_payload(messages.Message("T" * 300, "a < b & c"), organization="HIMA", url=None)
    blocks = slack["blocks"]  # type: ignore[index]
    assert len(blocks[0]["text"]["text"]) == 150 and blocks[1]["text"]["text"] == "a &lt; b &amp; c"


def test_the_signature_is_hmac_sha256_of_the_timestamp_and_the_raw_body():
    body = b'{"id":"1"}'
    assert sign("rahasia", "1790000000", body) == "sha256=" + hmac.new(
        b"rahasia", b'1790000000.{"id":"1"}', hashlib.sha256).hexdigest()
    headers = signed_headers("rahasia", body, event_type="task.assigned", event_id="e1", now=1_790_000_000.7)
    assert headers["X-Proker-Timestamp"] == "1790000000"
    assert headers["X-Proker-Signature"] == sign("rahasia", "1790000000", body)
    assert sign("rahasia", "1790000001", body) != headers["X-Proker-Signature"]  # a changed timestamp fails
    assert (headers["X-Proker-Event"], headers["X-Proker-Delivery"]) == ("task.assigned", "e1")


@dataclass
class ScriptedOutside:
    statuses: list[Any]
    calls: list[float] = field(default_factory=list)

    def send_email(self, to: str, subject: str, text: str, html: str) -> bool:
        return True

    def post(self, target: Target, body: bytes, headers: Any, timeout: float) -> int:
        self.calls.append(timeout)
        status = self.statuses.pop(0)
        if isinstance(status, Exception):
            raise status
        return int(status)


@pytest.fixture
def public_targets(monkeypatch):
    monkeypatch.setattr("functions.notifications.channels.resolve", lambda url, allow_private: Target(url))


def test_retries_double_their_pause_and_stop_at_success(public_targets):
    outside, pauses, attempts = ScriptedOutside([TimeoutError("slow"), 502, 200]), [], []
    assert post_with_retries(outside, "https://h.example.org", b"{}", {}, budget=Budget(60),
                             on_attempt=attempts.append, sleep=pauses.append)
    assert pauses == [0.5, 1.0] and [a.status_code for a in attempts] == [None, 502, 200]
    assert attempts[0].error == "TimeoutError: slow" and attempts[2].error is None


@pytest.mark.parametrize(("statuses", "tries"), [([400], 1), ([404], 1), ([429, 200], 2), ([500, 500, 500], 3)])
def test_what_is_retried(public_targets, statuses, tries):
    outside = ScriptedOutside(list(statuses))
    post_with_retries(outside, "https://h.example.org", b"{}", {}, budget=Budget(60), sleep=lambda s: None)
    assert len(outside.calls) == tries


def test_the_budget_caps_timeouts_and_stops_new_attempts(public_targets):
    now = [0.0]
    budget = Budget(2.0, clock=lambda: now[0])
    outside, attempts = ScriptedOutside([500, 500, 500]), []

    def sleep(seconds: float) -> None:
        now[0] += seconds

    now[0] = 1.75  # most of the budget already spent
    assert not post_with_retries(outside, "https://h.example.org", b"{}", {}, budget=budget,
                                 on_attempt=attempts.append, sleep=sleep)
    assert outside.calls == [0.25]  # the timeout is what is left, not 5 s
    assert len(attempts) == 1  # the 0.5 s pause would reach the budget's end: no second try
    spent = Budget(0)
    post_with_retries(outside, "https://h.example.org", b"{}", {}, budget=spent, on_attempt=attempts.append)
    assert attempts[-1] == Attempt(1, None, "not sent: the event's send budget is spent", 0, refused=True)


# ---- the notifier with a fake store ----

@dataclass
class FakeStore:
    heads: list[uuid.UUID] = field(default_factory=list)
    committee_members: list[uuid.UUID] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    added: list[dict[str, Any]] = field(default_factory=list)
    asked_roles: list[tuple[Any, ...]] = field(default_factory=list)
    chat: dict[str, str | None] = field(default_factory=dict)
    told_of: dict[uuid.UUID, set[str]] = field(default_factory=dict)

    def organization(self, org_id):
        return {"name": "HIMA", "short_name": None, "time_zone": "Asia/Jakarta", "discord_webhook_url": None,
                "slack_webhook_url": None, **self.chat}

    def program(self, program_id):
        return {"name": "Seminar", "period_id": "period", "department_id": "dept", "person_in_charge": None}

    def committee(self, program_id):
        return self.committee_members

    def members_in_roles(self, org_id, roles, period_id, department_id):
        self.asked_roles.append((tuple(roles), period_id, department_id))
        return self.heads

    def recipients(self, user_ids, emails):
        return [p for p in self.people if p["user_id"] in user_ids or p["email"] in emails]

    def add_notification(self, fields):
        if any(a["recipient"] == fields["recipient"] and a["type"] == fields["type"] for a in self.added):
            return False
        self.added.append(fields)
        return True

    def webhooks_for(self, org_id, event_type):
        return []

    def record_delivery(self, fields):
        raise AssertionError("no webhooks here")

    def told(self, event_id):
        return set(self.told_of.get(event_id, set()))

    def record_told(self, event_id, targets):
        self.told_of.setdefault(event_id, set()).update(targets)

    def forget_told(self, event_id):
        self.told_of.pop(event_id, None)


def person(user: uuid.UUID, **channels: bool) -> dict[str, Any]:
    prefs = {kind: {"in_app": True, "email": False, "chat": False, **channels}
             for kind in set(notifier.KIND_OF.values())}
    return {"user_id": user, "email": f"{user.hex[:6]}@x.example", "display_name": user.hex[:6], "language": "id",
            "time_zone": "Asia/Jakarta", "notifications": prefs}


@dataclass
class FakeEvent:
    type: str
    payload: dict[str, Any]
    organization_id: uuid.UUID | None = field(default_factory=uuid.uuid4)
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    occurred_at: datetime = field(default_factory=lambda: datetime.now(UTC))


def test_escalation_asks_for_the_heads_of_the_department_in_the_programs_period():
    assignee, head, both, department = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    store = FakeStore(heads=[head, both], people=[person(assignee), person(head), person(both)])
    overdue = FakeEvent("task.overdue", {"program_id": str(uuid.uuid4()), "title": "T", "due_date": "2026-12-01",
                                         "days": -3, "assignees": [str(assignee), str(both)], "escalate": True,
                                         "department_id": str(department)})
    outcome = notifier.notify(store, ScriptedOutside([]), overdue)
    assert store.asked_roles == [(("kepala_departemen", "wakil_kepala_departemen"), "period", department)]
    assert sorted(outcome.notified) == sorted([assignee, both, head])
    titles = {a["recipient"]: a["title"] for a in store.added}
    assert titles[both].startswith("Terlambat") and titles[head].startswith("Eskalasi")


def test_program_changes_skip_who_made_them_and_tell_each_person_once():
    pj, member, changer = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    store = FakeStore(committee_members=[member, changer, pj], people=[person(pj), person(member), person(changer)])
    changed = FakeEvent("program.status_changed", {"program_id": str(uuid.uuid4()), "name": "Seminar", "from": "draft",
                                                   "to": "diajukan", "changed_by": str(changer),
                                                   "person_in_charge": str(pj)})
    outcome = notifier.notify(store, ScriptedOutside([]), changed)
    assert sorted(outcome.notified) == sorted([member, pj])


def test_someone_without_a_profile_waits_and_the_others_are_told_once_whatever_their_channels(monkeypatch):
    import socket

    from tests.support.notifications import RecordingOutside

    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(2, 1, 6, "", ("162.159.135.232", 443))])
    told, mailed_only, ghost = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    store = FakeStore(people=[person(told, email=True, chat=True), person(mailed_only, in_app=False, email=True)],
                      chat={"discord_webhook_url": "https://discord.com/api/webhooks/1/abc"})
    comment = FakeEvent("comment.created", {"task_id": str(uuid.uuid4()), "title": "T", "body": "Halo",
                                            "assignees": [str(told), str(mailed_only), str(ghost)]})
    outside = RecordingOutside()
    first = notifier.notify(store, outside, comment)
    assert first.waiting == [ghost] and sorted(first.emailed) == sorted(p["email"] for p in store.people)
    assert first.chats == ["discord"]
    assert store.told_of[comment.id] == {f"user:{told}", f"user:{mailed_only}", "chat"}

    again = notifier.notify(store, outside, comment)  # still no profile: nobody hears of it twice
    assert again.waiting == [ghost] and again.emailed == [] and sorted(again.skipped) == sorted([told, mailed_only])
    assert len(outside.emails) == 2 and len(outside.posts) == 1

    store.people.append(person(ghost))
    last = notifier.notify(store, outside, comment)
    assert (last.waiting, last.notified, last.emailed) == ([], [ghost], [])
    assert comment.id not in store.told_of  # owed to nobody now: forgotten
    assert sorted(a["recipient"] for a in store.added) == sorted([told, ghost])
    assert len(outside.emails) == 2 and len(outside.posts) == 1


@pytest.mark.parametrize(("discord", "posted"), [
    ("https://discord.com/api/webhooks/1/abc", True),
    ("https://hooks.example.org/api/webhooks/1/abc", False),  # stored, somehow: still not posted to
    ("https://[64:ff9b::a9fe:a9fe]/api/webhooks/1/abc", False),
])
def test_chat_is_posted_to_discord_itself_only(discord, posted, monkeypatch):
    import socket

    from tests.support.notifications import RecordingOutside

    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(2, 1, 6, "", ("162.159.135.232", 443))])
    member = uuid.uuid4()
    store = FakeStore(people=[person(member, chat=True)], chat={"discord_webhook_url": discord})
    outside = RecordingOutside()
    outcome = notifier.notify(store, outside, FakeEvent("task.assigned", {"task_id": str(uuid.uuid4()), "title": "T",
                                                                          "user_id": str(member)}))
    assert outcome.notified == [member]
    assert [post["url"] for post in outside.posts] == ([discord] if posted else [])
    assert outcome.chats == (["discord"] if posted else [])


def test_the_consumer_rule_routes_exactly_what_the_notifier_handles():
    template = Template.load()
    rule = template.resources["NotificationsNotifyRule"]["Properties"]
    assert rule["EventPattern"] == {"detail-type": list(notifier.HANDLED_TYPES)}
    function = template.functions()["NotificationsNotifyFunction"]["Properties"]
    assert template.handler_of("NotificationsNotifyFunction") == "functions.notifications.consumers.notify.handler"
    statements = [s for policy in function["Policies"] if "Statement" in policy for s in policy["Statement"]]
    assert statements == [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": {
        "Fn::Sub": "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${NotificationEmailIdentity}"}}]
    endpoints = {f for f in template.functions()  # (the alert function reads only its webhooks' secret)
                 if f.startswith("Notifications") and f not in ("NotificationsNotifyFunction",
                                                                "NotificationsAlertFunction")}
    for function_id in endpoints:  # the endpoints read the database, nothing else
        assert template.functions()[function_id]["Properties"]["Policies"] == [
            {"AWSSecretsManagerGetSecretValuePolicy": {"SecretArn": {"Ref": "DatabaseSecretArn"}}}], function_id
