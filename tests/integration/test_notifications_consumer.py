"""The notifications consumer on real PostgreSQL: for each event type, the right people are told, in
their language (Indonesian by default, English by preference), on the channels they chose; nobody
twice for one event; e-mail through SES (moto).

Events come from the real triggers (the API changes things, the outbox holds the events) or, for the
types other services' jobs write (task.due_soon, task.overdue, report.generated), are made as those
jobs make them."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

import psycopg
import pytest

from functions.notifications import channels
from functions.notifications.consumers import notify
from functions.notifications.notifier import HANDLED_TYPES, KIND_OF
from shared.config import reset_settings
from tests.support.notifications import RecordingOutside, event, inbox, notify_all, outbox_events, set_settings
from tests.support.program_parts import add_to_committee
from tests.support.programs import make_program, make_world, register_people


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    tag = uuid.uuid4().hex[:6]
    people = register_people(api, tag)
    ids = make_world(database, people)
    ids["program"] = make_program(database, ids, people, "dalam_progres", name="Seminar Nasional",
                                  planned_start="2026-01-01", planned_end="2026-12-31")
    return {"people": people, "ids": ids, "tag": tag, "id": {who: p["id"] for who, p in people.items()},
            "token": {who: p["token"] for who, p in people.items()}}


@pytest.fixture
def outside() -> RecordingOutside:
    return RecordingOutside()


def notified(database: str, world: dict, who: str) -> list[dict]:
    return inbox(database, world["id"][who])


def recipients(database: str, world: dict, event_type: str) -> set[str]:
    names = {uid: who for who, uid in world["id"].items()}
    with psycopg.connect(database) as conn:
        rows = conn.execute("select recipient::text from notification_service.notifications where type = %s",
                            (event_type,)).fetchall()
    return {names[row[0]] for row in rows}


def new_task(api, world, title: str = "Sewa gedung", assignees: tuple[str, ...] = ("anggota",), by: str = "ketua",
             due: str | None = "2026-12-01") -> str:
    body: dict[str, Any] = {"title": title, "assignees": [world["id"][who] for who in assignees]}
    if due:
        body["due_date"] = due
    response = api.post(f"/programs/{world['ids']['program']}/tasks", token=world["token"][by], json=body)
    assert response.status == 201, response.json
    return response.json["id"]


def handle_outbox(database: str, world: dict, outside: Any, *types: str) -> list[Any]:
    return notify_all(outbox_events(database, world["ids"]["org"], types or None), outside)


# ---- who is told, per event type ----

def test_task_assigned_tells_the_assignee_in_indonesian(api, database, world, outside):
    task = new_task(api, world, assignees=("anggota", "pj"))
    handle_outbox(database, world, outside)
    [note] = notified(database, world, "anggota")
    assert (note["type"], note["title"], note["link"]) == ("task.assigned", "Tugas baru: Sewa gedung", f"/tasks/{task}")
    assert note["body"] == ("ketua menugaskan Anda pada tugas “Sewa gedung” dalam program Seminar Nasional. "
                            "Tenggat: 1 Desember 2026.")
    assert str(note["organization_id"]) == world["ids"]["org"] and note["read_at"] is None
    assert recipients(database, world, "task.assigned") == {"anggota", "pj"}
    # the default preferences e-mail an assignment
    assert sorted(mail["to"] for mail in outside.emails) == sorted([address(world, "anggota"), address(world, "pj")])


def address(world: dict, who: str) -> str:
    return f"{who}.{world['tag']}@proker.example"


def test_task_assigned_in_english_for_who_prefers_it(api, database, world, outside):
    set_settings(api, world["token"]["anggota"], language="en")
    new_task(api, world)
    handle_outbox(database, world, outside)
    [note] = notified(database, world, "anggota")
    assert note["title"] == "New task: Sewa gedung"
    assert note["body"] == ("ketua assigned you the task “Sewa gedung” in the program Seminar Nasional. "
                            "Due: 1 December 2026.")
    [mail] = outside.emails
    assert mail["subject"] == "[" + _org_name(database, world) + "] New task: Sewa gedung"
    assert mail["text"].startswith("Hello anggota,\n") and "Open in Proker Tracker: http://127.0.0.1:5173/tasks/" \
        in mail["text"]
    assert '<html lang="en">' in mail["html"] and "Hello anggota," in mail["html"]


def _org_name(database: str, world: dict) -> str:
    with psycopg.connect(database) as conn:
        return conn.execute("select name from organization_service.organizations where id = %s",
                            (world["ids"]["org"],)).fetchone()[0]


def test_assigning_oneself_tells_nobody(api, database, world, outside):
    new_task(api, world, assignees=("ketua",))
    handle_outbox(database, world, outside)
    assert recipients(database, world, "task.assigned") == set() and outside.emails == []


def test_task_status_changed_tells_the_pj_unless_the_pj_changed_it(api, database, world, outside):
    task = new_task(api, world)
    moved = api.post(f"/tasks/{task}/transitions", token=world["token"]["anggota"],
                     json={"to": "dalam_progres", "note": "Sudah DP"})
    assert moved.status == 200, moved.json
    handle_outbox(database, world, outside, "task.status_changed")
    [note] = notified(database, world, "pj")
    assert note["title"] == "Status tugas berubah: Sewa gedung"
    assert note["body"] == ("anggota mengubah status tugas “Sewa gedung” dalam program Seminar Nasional dari "
                            "Belum Dimulai menjadi Dalam Progres. Catatan: Sudah DP")
    assert recipients(database, world, "task.status_changed") == {"pj"}
    # the PJ's own change: nobody
    before = outbox_events(database, world["ids"]["org"], ["task.status_changed"])
    api.post(f"/tasks/{task}/transitions", token=world["token"]["pj"], json={"to": "review"})
    later = [e for e in outbox_events(database, world["ids"]["org"], ["task.status_changed"]) if e not in before]
    [outcome] = notify_all(later, outside)
    assert outcome.notified == [] and recipients(database, world, "task.status_changed") == {"pj"}


def test_a_status_change_nobody_made_tells_the_assignees(api, database, world, outside):
    task = new_task(api, world, assignees=("anggota", "sekretaris"))
    changed = event("task.status_changed", world["ids"]["org"], {
        "task_id": task, "program_id": world["ids"]["program"], "organization_id": world["ids"]["org"],
        "title": "Sewa gedung", "from": "dalam_progres", "to": "ditunda", "note": "Program ditunda",
        "changed_by": None, "assignees": [world["id"]["anggota"], world["id"]["sekretaris"]],
        "person_in_charge": world["id"]["pj"]})
    set_settings(api, world["token"]["sekretaris"], language="en")
    notify_all([changed], outside)
    assert recipients(database, world, "task.status_changed") == {"anggota", "sekretaris"}
    [anggota] = notified(database, world, "anggota")
    assert anggota["body"] == ("Tugas Anda “Sewa gedung” dalam program Seminar Nasional berubah dari Dalam Progres "
                               "menjadi Ditunda mengikuti programnya. Catatan: Program ditunda")
    [sekretaris] = notified(database, world, "sekretaris")
    assert sekretaris["title"] == "Your task is now On hold: Sewa gedung"


def due_event(world: dict, kind: str, days: int, escalate: bool = False, task: str | None = None) -> Any:
    return event(kind, world["ids"]["org"], {
        "task_id": task or str(uuid.uuid4()), "program_id": world["ids"]["program"],
        "organization_id": world["ids"]["org"], "title": "Sewa gedung", "due_date": "2026-12-01", "days": days,
        "assignees": [world["id"]["anggota"]], "escalate": escalate, "department_id": world["ids"]["dept"]})


@pytest.mark.parametrize(("days", "title_id", "title_en"), [
    (3, "Tenggat dalam 3 hari: Sewa gedung", "Due in 3 days: Sewa gedung"),
    (1, "Tenggat besok: Sewa gedung", "Due tomorrow: Sewa gedung"),
    (0, "Tenggat hari ini: Sewa gedung", "Due today: Sewa gedung"),
])
def test_due_soon_reminds_the_assignees(api, database, world, outside, days, title_id, title_en):
    notify_all([due_event(world, "task.due_soon", days)], outside)
    [note] = notified(database, world, "anggota")
    assert note["title"] == title_id and "(1 Desember 2026)" in note["body"]
    assert recipients(database, world, "task.due_soon") == {"anggota"}
    set_settings(api, world["token"]["anggota"], language="en")
    notify_all([due_event(world, "task.due_soon", days)], outside)
    assert notified(database, world, "anggota")[1]["title"] == title_en


def test_overdue_with_escalation_tells_the_heads_of_the_programs_department(api, database, world, outside):
    notify_all([due_event(world, "task.overdue", -3, escalate=True)], outside)
    assert recipients(database, world, "task.overdue") == {"anggota", "kepala_departemen", "wakil_kepala_departemen"}
    [assignee] = notified(database, world, "anggota")
    assert assignee["title"] == "Terlambat 3 hari: Sewa gedung"
    assert assignee["body"] == ("Tugas “Sewa gedung” dalam program Seminar Nasional melewati tenggatnya "
                                "(1 Desember 2026) dan belum selesai.")
    [head] = notified(database, world, "kepala_departemen")
    assert head["title"] == "Eskalasi: tugas departemen Anda terlambat 3 hari"
    # without escalation, the assignees only
    notify_all([due_event(world, "task.overdue", -1)], outside)
    assert len(notified(database, world, "kepala_departemen")) == 1
    assert [n["title"] for n in notified(database, world, "anggota")][-1] == "Terlambat 1 hari: Sewa gedung"


def test_escalation_goes_to_the_heads_the_reminder_job_named(api, database, world, outside):
    overdue = due_event(world, "task.overdue", -4, escalate=True)
    overdue.payload["department_heads"] = [world["id"]["kepala_lain"]]
    notify_all([overdue], outside)
    assert recipients(database, world, "task.overdue") == {"anggota", "kepala_lain"}


def test_the_reminder_jobs_events_reach_the_assignees_and_escalate(api, database, world, outside):
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from shared.db import service_transaction
    from tests.support.tasks import make_task

    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    soon = make_task(database, world["ids"]["program"], world["id"]["ketua"], title="Cetak spanduk",
                     due_date=today + timedelta(days=3), assignees=[world["id"]["anggota"]])
    late = make_task(database, world["ids"]["program"], world["id"]["ketua"], title="Sewa sound",
                     due_date=today - timedelta(days=4), assignees=[world["id"]["pj"]])
    with service_transaction("jobs") as tx:
        tx.execute("select * from task_service.send_due_reminders()")
        tx.commit()
    notify_all(outbox_events(database, world["ids"]["org"], ["task.due_soon", "task.overdue"]), outside)
    [reminded] = notified(database, world, "anggota")
    assert (reminded["title"], reminded["link"]) == ("Tenggat dalam 3 hari: Cetak spanduk", f"/tasks/{soon}")
    [overdue] = notified(database, world, "pj")
    assert (overdue["title"], overdue["link"]) == ("Terlambat 4 hari: Sewa sound", f"/tasks/{late}")
    assert recipients(database, world, "task.overdue") == {"pj", "kepala_departemen", "wakil_kepala_departemen"}


def test_a_comment_tells_the_assignees_but_its_author(api, database, world, outside):
    task = new_task(api, world, assignees=("anggota", "pj"))
    posted = api.post(f"/tasks/{task}/comments", token=world["token"]["anggota"], json={"body": "Sudah DP 50%"})
    assert posted.status == 201
    handle_outbox(database, world, outside, "comment.created")
    assert recipients(database, world, "comment.created") == {"pj"}
    [note] = [n for n in notified(database, world, "pj") if n["type"] == "comment.created"]
    assert (note["title"], note["body"]) == ("Komentar baru pada Sewa gedung",
                                             "anggota menulis pada tugas “Sewa gedung”: “Sudah DP 50%”")


def test_program_status_changed_tells_its_committee_and_pj_but_who_changed_it(api, database, world, outside):
    ids = world["ids"]
    for who in ("anggota", "sekretaris", "ketua"):
        add_to_committee(database, ids, ids["program"], world["id"][who])
    moved = api.post(f"/programs/{ids['program']}/transitions", token=world["token"]["ketua"],
                     json={"to": "ditunda", "note": "Menunggu dana"})
    assert moved.status == 200, moved.json
    set_settings(api, world["token"]["pj"], language="en")
    handle_outbox(database, world, outside, "program.status_changed")
    assert recipients(database, world, "program.status_changed") == {"anggota", "sekretaris", "pj"}
    [anggota] = notified(database, world, "anggota")
    assert (anggota["title"], anggota["body"], anggota["link"]) == (
        "Status program berubah: Seminar Nasional",
        "ketua mengubah status program Seminar Nasional dari Dalam Progres menjadi Ditunda. Catatan: Menunggu dana",
        f"/programs/{ids['program']}")
    [pj] = notified(database, world, "pj")
    assert pj["body"] == "ketua moved the program Seminar Nasional from In progress to On hold. Note: Menunggu dana"


def test_an_invitation_tells_a_registered_invitee_in_the_app_and_an_address_by_mail(api, database, world, outside):
    org = world["ids"]["org"]
    registered = api.post("/auth/register", json={"email": "calon@proker.example", "password": "Kabinet Sinergi 2025!",
                                                  "name": "Calon Anggota"}).json
    for address in ("calon@proker.example", "belum.daftar@proker.example"):
        invited = api.post(f"/orgs/{org}/invitations", token=world["token"]["ketua"],
                           json={"role": "anggota", "email": address, "position_title": "Staf Riset"})
        assert invited.status == 201, invited.json
    code = api.post(f"/orgs/{org}/invitations", token=world["token"]["ketua"], json={"role": "anggota"})
    assert code.status == 201  # a code invitation: no event, nobody to tell
    events = outbox_events(database, org, ["invitation.created"])
    assert [e.payload["email"] for e in events] == ["calon@proker.example", "belum.daftar@proker.example"]
    assert events[0].payload["invited_by"] == world["id"]["ketua"] and events[0].payload["role"] == "anggota"
    notify_all(events, outside)
    [note] = inbox(database, registered["user"]["id"])
    assert (note["type"], note["title"], note["link"]) == (
        "invitation.created", f"Undangan bergabung dengan {_org_name(database, world)}", "/invitations")
    assert note["body"].startswith(f"ketua mengundang Anda bergabung dengan {_org_name(database, world)} sebagai "
                                   "Anggota (Staf Riset). Undangan berlaku sampai ")
    assert note["body"].endswith(" WIB.")
    assert [mail["to"] for mail in outside.emails] == ["calon@proker.example", "belum.daftar@proker.example"]
    stranger = outside.emails[1]
    assert stranger["text"].startswith("Halo,\n") and "alamat ini diundang" in stranger["text"]


def test_a_generated_report_tells_the_board_of_the_active_period(api, database, world, outside):
    ready = event("report.generated", world["ids"]["org"], {
        "report_id": str(uuid.uuid4()), "organization_id": world["ids"]["org"], "program_id": world["ids"]["program"],
        "kind": "progress", "title": "Laporan Progres Minggu 48", "link": "https://files.example/r/1.pdf"},
        aggregate="report")
    set_settings(api, world["token"]["bendahara"], language="en")
    notify_all([ready], outside)
    assert recipients(database, world, "report.generated") == {"ketua", "wakil_ketua", "sekretaris", "bendahara"}
    [ketua] = notified(database, world, "ketua")
    assert (ketua["title"], ketua["link"]) == ("Laporan siap: Laporan Progres Minggu 48", "https://files.example/r/1.pdf")
    assert ketua["body"] == ("Laporan progres “Laporan Progres Minggu 48” untuk Seminar Nasional sudah dibuat. "
                             "Buka untuk membaca atau mengunduhnya.")
    [bendahara] = notified(database, world, "bendahara")
    assert bendahara["title"] == "Report ready: Laporan Progres Minggu 48"


# ---- channels chosen by preferences ----

def test_channels_follow_each_recipients_preferences(api, database, world, outside):
    set_settings(api, world["token"]["anggota"], task_assigned={"in_app": False, "email": True})
    set_settings(api, world["token"]["pj"], task_assigned={"in_app": True, "email": False})
    new_task(api, world, assignees=("anggota", "pj"))
    handle_outbox(database, world, outside)
    assert recipients(database, world, "task.assigned") == {"pj"}
    assert [mail["to"] for mail in outside.emails] == [address(world, "anggota")]


def test_a_user_without_a_profile_is_not_told_yet_and_waited_for(database, world, outside):
    """(test_notifications_retry.py: the event then comes again until they can be told, or is dead.)"""
    ghost = str(uuid.uuid4())
    [outcome] = notify_all([event("task.assigned", world["ids"]["org"], {
        "task_id": str(uuid.uuid4()), "program_id": world["ids"]["program"], "title": "X", "user_id": ghost,
        "actor": world["id"]["ketua"]})], outside)
    assert inbox(database, ghost) == [] and outside.emails == []
    assert outcome.waiting == [uuid.UUID(ghost)]


# ---- idempotency ----

def test_the_same_event_twice_makes_one_notification_and_one_mail(api, database, world, outside):
    new_task(api, world)
    assigned = outbox_events(database, world["ids"]["org"], ["task.assigned"])
    first, second = notify_all(assigned + assigned, outside)
    assert len(notified(database, world, "anggota")) == 1
    assert len(outside.emails) == 1
    assert first.notified == [uuid.UUID(world["id"]["anggota"])] and second.skipped == first.notified


def sqs_event(*events: Any) -> dict[str, Any]:
    """What the queue hands the consumer function: EventBridge events, one per record."""
    records = []
    for item in events:
        detail = {"id": str(item.id), "type": item.type, "aggregate": item.aggregate,
                  "aggregate_id": str(item.aggregate_id),
                  "organization_id": str(item.organization_id) if item.organization_id else None,
                  "occurred_at": item.occurred_at.isoformat(), "payload": item.payload}
        body = {"version": "0", "id": str(uuid.uuid4()), "detail-type": item.type, "source": f"proker.{item.aggregate}",
                "detail": detail}
        records.append({"messageId": str(uuid.uuid4()), "receiptHandle": "r", "body": json.dumps(body),
                        "attributes": {}, "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
                        "eventSourceARN": "arn:aws:sqs:ap-southeast-1:123456789012:notify",
                        "awsRegion": "ap-southeast-1"})
    return {"Records": records}


def test_the_consumer_function_handles_a_redelivery_once(api, database, world):
    new_task(api, world)
    assigned = outbox_events(database, world["ids"]["org"], ["task.assigned"])
    assert notify.handler(sqs_event(*assigned), None) == {"batchItemFailures": []}
    assert notify.handler(sqs_event(*assigned, *assigned), None) == {"batchItemFailures": []}
    assert len(notified(database, world, "anggota")) == 1
    with psycopg.connect(database) as conn:
        receipts = conn.execute("select count(*) from events.receipts where consumer = 'notifications'").fetchone()
    assert receipts == (1,)


def test_the_consumer_handles_every_type_its_rule_routes(database, world):
    """Types the consumer does not tell anyone of (program.created, ...) still pass (webhooks may want them)."""
    events = [event(kind, world["ids"]["org"], {"program_id": world["ids"]["program"], "title": "X"})
              for kind in HANDLED_TYPES]
    assert notify.handler(sqs_event(*events), None) == {"batchItemFailures": []}


def test_through_the_local_dispatcher_an_assignment_reaches_the_inbox(api, database, world):
    """As under `make dev`: outbox -> dispatcher -> the rules of template.yaml -> this consumer."""
    from infra.local.events import LocalDispatcher

    dispatcher = LocalDispatcher(database)
    try:
        task = new_task(api, world)
        dispatcher.sweep()
    finally:
        dispatcher.stop()
    [note] = notified(database, world, "anggota")
    assert (note["type"], note["link"]) == ("task.assigned", f"/tasks/{task}")


def test_every_kind_of_notification_is_a_preference_of_the_users_service(database):
    from functions.users.models import DEFAULT_NOTIFICATIONS

    with psycopg.connect(database) as conn:
        defaults = conn.execute("select user_service.notification_defaults()").fetchone()[0]
    assert defaults == DEFAULT_NOTIFICATIONS  # SQL and Python say the same
    assert set(KIND_OF.values()) <= set(DEFAULT_NOTIFICATIONS)


def test_the_contract_functions_answer_services_only_where_they_should(database, world):
    from tests.support.programs import as_user

    with as_user(database, world["id"]["anggota"]) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("select * from user_service.notification_recipients(%s::uuid[], '{}')", ([world["id"]["pj"]],))
    with as_user(database, world["id"]["anggota"]) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("select * from organization_service.notification_channels(%s)", (world["ids"]["org"],))
    with as_user(database, world["id"]["outsider"]) as conn:  # not a member: nobody
        assert conn.execute("select * from organization_service.members_in_roles(%s, array['ketua'])",
                            (world["ids"]["org"],)).fetchall() == []
        assert conn.execute("select * from program_service.committee_of(%s)", (world["ids"]["program"],)
                            ).fetchall() == []
    with as_user(database, world["id"]["anggota"]) as conn:  # a member: the ketua
        assert conn.execute("select m::text from organization_service.members_in_roles(%s, array['ketua']) m",
                            (world["ids"]["org"],)).fetchall() == [(world["id"]["ketua"],)]


# ---- e-mail through SES (moto) ----

@pytest.fixture
def ses(monkeypatch):
    from moto import mock_aws

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-southeast-1")
    monkeypatch.setenv("NOTIFICATION_EMAIL_SENDER", "noreply@proker.example")
    monkeypatch.setenv("APP_BASE_URL", "https://app.proker.example")
    reset_settings()
    channels.reset()
    with mock_aws():
        import boto3

        boto3.client("ses", region_name="ap-southeast-1").verify_email_identity(EmailAddress="noreply@proker.example")
        yield
    channels.reset()
    monkeypatch.undo()
    reset_settings()


def sent_messages() -> list[Any]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    return list(ses_backends[DEFAULT_ACCOUNT_ID]["ap-southeast-1"].sent_messages)


def test_email_goes_through_ses_from_the_configured_sender(api, database, world, ses):
    set_settings(api, world["token"]["pj"], language="en")
    task = new_task(api, world, title="Sewa <gedung> & sound", assignees=("anggota", "pj"))
    notify_all(outbox_events(database, world["ids"]["org"], ["task.assigned"]))  # the live channels: SES
    messages = sorted(sent_messages(), key=lambda m: m.destinations["ToAddresses"][0])
    assert [m.destinations["ToAddresses"][0].split(".")[0] for m in messages] == ["anggota", "pj"]
    anggota, pj = messages
    assert anggota.source == "noreply@proker.example"
    org = _org_name(database, world)
    assert anggota.subject == f"[{org}] Tugas baru: Sewa <gedung> & sound"
    assert pj.subject == f"[{org}] New task: Sewa <gedung> & sound"
    # moto keeps the HTML part: user-written text is escaped, the link is absolute
    assert "Sewa &lt;gedung&gt; &amp; sound" in anggota.body and "<gedung>" not in anggota.body
    assert f'href="https://app.proker.example/tasks/{task}"' in anggota.body
    assert '<html lang="id">' in anggota.body and "Halo anggota," in anggota.body
    assert '<html lang="en">' in pj.body and "Hello pj," in pj.body


def test_ses_refusing_an_email_does_not_fail_the_event(api, database, world, ses, monkeypatch):
    monkeypatch.setenv("NOTIFICATION_EMAIL_SENDER", "unverified@elsewhere.example")  # SES refuses the sender
    reset_settings()
    new_task(api, world)
    [outcome] = notify_all(outbox_events(database, world["ids"]["org"], ["task.assigned"]))
    assert outcome.emailed == [] and outcome.notified == [uuid.UUID(world["id"]["anggota"])]
    assert sent_messages() == []


def test_without_a_sender_no_email_is_sent(api, database, world, monkeypatch):
    monkeypatch.delenv("NOTIFICATION_EMAIL_SENDER", raising=False)
    reset_settings()
    channels.reset()
    new_task(api, world)
    [outcome] = notify_all(outbox_events(database, world["ids"]["org"], ["task.assigned"]))
    assert outcome.notified == [uuid.UUID(world["id"]["anggota"])] and outcome.emailed == []
