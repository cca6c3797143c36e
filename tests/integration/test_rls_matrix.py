"""The second wall alone: every table, operation and caller, as SQL with the caller's own claims and no
service in front, against the rights docs/security.md documents.

The world is `make demo`'s organization (loaded once for the module through the API's own functions), plus
a second organization whose ketua is the outsider, a former member (a staff member deactivated after the
demo's work was done), a caller whose claims carry no ``sub`` and the ``anon`` role. Each table has one row
of the demo's seminar (or of one member, ``staf3.ristek``, for personal rows) that every caller tries to
read, copy (insert), update (a no-op ``set c = c`` on a column the service writes) and delete, each in a
savepoint rolled back. The observed matrix must equal ``RIGHTS`` exactly: a right that appears is a leak,
a right that disappears is a broken feature, and a table nobody listed fails the test until it is listed.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import sql

from infra.demo import DEMO_PASSWORD, load
from tests.conftest import STRONG_PASSWORD

DOMAIN = "hima-informatika.example"
SUBJECT = "staf3.ristek"  # whose personal rows (profile, inbox, sessions, assignments) are the targets
FORMER = "staf2.miba"  # on the seminar's committee and assigned a task, then deactivated
CALLERS = {  # matrix column -> demo handle (None: made by the fixture)
    "ketua": "ketua", "wakil": "wakil.ketua", "sekretaris": "sekretaris", "bendahara": "bendahara",
    "pembina": "pembina", "kadep": "kadep.ristek", "pj": "wakadep.ristek", "panitia": "staf1.ristek",
    "anggota": "staf3.miba", "subject": SUBJECT, "former": FORMER, "outsider": None, "nosub": None, "anon": None,
}
OPERATIONS = ("select", "insert", "update", "delete")

# Where each table's target row is: a where clause over the world's names (formatted with WORLD's values).
TARGETS = {
    "organization_service.organizations": "id = {org}",
    "organization_service.periods": "organization_id = {org} and status = 'aktif'",
    "organization_service.departments": "id = {department}",
    "organization_service.handover_notes": "department_id = {department}",
    "organization_service.calendar_ranges": "organization_id = {org}",
    "organization_service.memberships": "user_id = {subject}",
    "organization_service.invitations": "organization_id = {org}",
    "organization_service.invitation_responses": "invitation_id in (select id from organization_service.invitations"
                                                 " where organization_id = {org})",
    "program_service.programs": "id = {program}",
    "program_service.activity": "program_id = {program}",
    "program_service.budget_items": "program_id = {program}",
    "program_service.committee_members": "program_id = {program} and user_id = {panitia}",
    "program_service.milestones": "program_id = {program}",
    "program_service.program_status_history": "program_id = {program}",
    "task_service.tasks": "id = {task}",
    "task_service.task_assignees": "task_id = {task} and user_id = {subject}",
    "task_service.task_comments": "task_id in (select id from task_service.tasks where program_id = {program})",
    "task_service.task_status_history": "task_id = {task}",
    "task_service.program_holds": "program_id in (select id from program_service.programs"
                                  " where organization_id = {org})",
    "task_service.reminders_sent": "task_id = {task}",
    "task_service.calendar_feeds": "user_id = {subject}",
    "report_service.reports": "organization_id = {org}",
    "report_service.lpj_sections": "program_id = {program}",
    "report_service.lpj_review_steps": "program_id = {program}",
    "report_service.lpj_attachments": "program_id = {program}",
    "report_service.letterhead_logos": "organization_id = {org}",
    "notification_service.notifications": "recipient = {subject}",
    "notification_service.webhooks": "organization_id = {org}",
    "notification_service.webhook_deliveries": "organization_id = {org}",
    "user_service.profiles": "user_id = {subject}",
    "user_service.settings": "user_id = {subject}",
    "user_service.private_details": "user_id = {subject}",
    "auth_service.users": "id = {subject}",
    "auth_service.sessions": "user_id = {subject}",
    "auth_service.refresh_tokens": "session_id in (select id from auth_service.sessions where user_id = {subject})",
    "auth_service.login_failures": "email = {subject_email}",
    "events.outbox": "organization_id = {org}",
    "events.receipts": "true",
    "organization_service.chat_channels": "organization_id = {org}",
    "notification_service.told": "true",
    "auth_service.email_requests": "user_id = {subject}",
    "auth_service.one_time_tokens": "user_id = {subject}",
    "auth_service.external_accounts": "true",
    "idempotency.requests": "user_id = {subject}",
}

# What a copy changes so that it is a row the caller could sensibly ask for (a new program starts as a
# draft, a new budget line unverified, a comment is the caller's own): otherwise every insert would fail
# for reasons that are not rights. "{caller}" is the caller's own id; other names are WORLD's.
COPY_AS: dict[str, dict[str, Any]] = {
    "organization_service.organizations": {"created_by": "{caller}"},
    "program_service.programs": {"status": "draft", "actual_start": None, "actual_end": None, "code": None,
                                 "created_by": "{caller}", "version": 1},
    "program_service.budget_items": {"verified_by": None, "verified_at": None, "actual_amount": None,
                                     "created_by": "{caller}", "version": 1},
    "program_service.milestones": {"done_at": None, "version": 1},
    "program_service.committee_members": {"user_id": "{anggota}"},
    "task_service.tasks": {"status": "belum_dimulai", "completed_at": None, "created_by": "{caller}"},
    "task_service.task_assignees": {"user_id": "{anggota}", "assigned_by": "{caller}"},
    "task_service.task_comments": {"author_id": "{caller}"},
    "report_service.reports": {"created_by": "{caller}"},
    "organization_service.invitations": {"created_by": "{caller}", "uses": 0},
    "organization_service.memberships": {"user_id": "{anggota_elsewhere}"},
    "user_service.profiles": {"user_id": "{caller}"},
    "user_service.settings": {"user_id": "{caller}"},
    "user_service.private_details": {"user_id": "{caller}"},
    "notification_service.notifications": {"recipient": "{caller}"},
    "notification_service.webhooks": {"created_by": "{caller}"},
    "organization_service.calendar_ranges": {"created_by": "{caller}"},
    "idempotency.requests": {"user_id": "{caller}", "key_hash": "c" * 64},
    "task_service.calendar_feeds": {"user_id": "{caller}", "token_hash": "\\x" + "ab" * 32},
    "report_service.letterhead_logos": {"file_key": "logos/rls/copy.png", "created_by": "{caller}"},
}

EVERYONE = frozenset(CALLERS)
SIGNED_IN = EVERYONE - {"nosub", "anon"}  # a caller with a `sub`: anyone with an account
MEMBERS = SIGNED_IN - {"former", "outsider"}  # the organization's active members
OWNER = frozenset({"subject"})  # the person the row is about, alone
TOP = frozenset({"ketua", "wakil"})  # ketua and wakil ketua
PROGRAM_EDITORS = TOP | {"kadep", "pj"}  # docs/domain.md: create / edit programs
TASK_MANAGERS = PROGRAM_EDITORS | {"sekretaris"}  # docs/domain.md: manage tasks
NOBODY: frozenset[str] = frozenset()


def rights(select: frozenset[str] = NOBODY, insert: frozenset[str] = NOBODY, update: frozenset[str] = NOBODY,
           delete: frozenset[str] = NOBODY) -> dict[str, frozenset[str]]:
    return {"select": select, "insert": insert, "update": update, "delete": delete}


# The rights of docs/domain.md's table, row by row, as the database grants them on the target row (the
# seminar, a program of RISTEK; "pj" is its PJ and RISTEK's deputy head, so a head of its department too).
# Nobody deletes what is history (programs are cancelled, not deleted; status histories, activity,
# reports), and what only a service writes (events, receipts, holds, reminders, told, auth's own
# tables, profiles and notifications) no user writes. The former member and the outsider appear
# only where a row is their own or where anyone with an account may (found an organization).
RIGHTS: dict[str, dict[str, frozenset[str]]] = {
    # organization, period, departments: ketua / wakil; members: also the sekretaris
    "organization_service.organizations": rights(select=MEMBERS, insert=SIGNED_IN, update=TOP),
    "organization_service.periods": rights(select=MEMBERS, insert=TOP, update=TOP),
    "organization_service.departments": rights(select=MEMBERS, insert=TOP, update=TOP),
    # a department's note to the next board: its heads, the sekretaris and the board write it; one row a
    # department, which exists here, so nobody inserts another
    "organization_service.handover_notes": rights(select=MEMBERS, update=TOP | {"sekretaris", "kadep", "pj"}),
    # the academic calendar's ranges: the board and the sekretaris enter and remove them (no edits: remove, add)
    "organization_service.calendar_ranges": rights(select=MEMBERS, insert=TOP | {"sekretaris"},
                                                   delete=TOP | {"sekretaris"}),
    "organization_service.memberships": rights(select=MEMBERS, insert=TOP, update=TOP | {"sekretaris"}),
    "organization_service.invitations": rights(select=TOP | {"sekretaris"}, insert=TOP | {"sekretaris"},
                                               update=TOP | {"sekretaris"}),
    "organization_service.invitation_responses": rights(select=TOP | {"sekretaris"}),
    # the board's secrets: one row per organization, which exists here, so nobody inserts another
    "organization_service.chat_channels": rights(select=TOP, update=TOP),
    # programs and their parts: create / edit programs
    "program_service.programs": rights(select=MEMBERS, insert=PROGRAM_EDITORS, update=PROGRAM_EDITORS),
    "program_service.committee_members": rights(select=MEMBERS, insert=PROGRAM_EDITORS, update=PROGRAM_EDITORS,
                                                delete=PROGRAM_EDITORS),
    "program_service.milestones": rights(select=MEMBERS, insert=PROGRAM_EDITORS, update=PROGRAM_EDITORS,
                                         delete=PROGRAM_EDITORS),
    "program_service.program_status_history": rights(select=MEMBERS),
    "program_service.activity": rights(select=MEMBERS),
    # budget items: the board and the pembina view, the bendahara verifies, the department and the PJ enter
    "program_service.budget_items": rights(select=TOP | {"sekretaris", "bendahara", "pembina", "kadep", "pj"},
                                           insert=frozenset({"kadep", "pj"}),
                                           update=frozenset({"bendahara", "kadep", "pj"}),
                                           delete=frozenset({"kadep", "pj"})),
    # tasks: the managers all of it, an assignee the status of their own; every member comments
    "task_service.tasks": rights(select=MEMBERS, insert=TASK_MANAGERS, update=TASK_MANAGERS | OWNER,
                                 delete=TASK_MANAGERS),
    "task_service.task_assignees": rights(select=MEMBERS, insert=TASK_MANAGERS, delete=TASK_MANAGERS),
    "task_service.task_comments": rights(select=MEMBERS, insert=MEMBERS),
    "task_service.task_status_history": rights(select=MEMBERS),
    "task_service.program_holds": rights(),
    "task_service.reminders_sent": rights(),
    # one's own calendar feed (its hash is not even readable to its owner; a calendar app, as anon, only asks
    # task_service.calendar_feed_owner whose hash it is)
    "task_service.calendar_feeds": rights(select=OWNER, insert=SIGNED_IN - OWNER, update=OWNER, delete=OWNER),
    # reports: every member reads; only the reports service writes
    "report_service.reports": rights(select=MEMBERS),
    # an LPJ's written sections: who may store the program's reports writes them (PJ, heads of its department,
    # sekretaris, board); one row a program, which exists here, so nobody inserts another
    "report_service.lpj_sections": rights(select=MEMBERS, update=TOP | {"sekretaris", "kadep", "pj"}),
    # its review's steps: every member reads the history; only the reports service records a step (as the user
    # decided, docs/decisions/0018-lpj-review.md)
    "report_service.lpj_review_steps": rights(select=MEMBERS),
    # its attachments: who may write the LPJ adds, confirms and removes them while it is a draft (as here)
    "report_service.lpj_attachments": rights(select=MEMBERS, insert=TOP | {"sekretaris", "kadep", "pj"},
                                             update=TOP | {"sekretaris", "kadep", "pj"},
                                             delete=TOP | {"sekretaris", "kadep", "pj"}),
    # the letterhead's logo: the ketua and wakil ketua change it, every member sees it
    "report_service.letterhead_logos": rights(select=MEMBERS, insert=TOP, update=TOP, delete=TOP),
    # notifications: one's own inbox; webhooks are the board's
    "notification_service.notifications": rights(select=OWNER, update=OWNER),
    "notification_service.told": rights(),
    "notification_service.webhooks": rights(select=TOP, insert=TOP, delete=TOP),
    "notification_service.webhook_deliveries": rights(select=TOP),
    # people: members read each other's profile; the rest is one's own (the subject has settings and private
    # details already, so only the others can insert theirs)
    "user_service.profiles": rights(select=MEMBERS, update=OWNER),
    "user_service.settings": rights(select=OWNER, insert=SIGNED_IN - OWNER, update=OWNER),
    "user_service.private_details": rights(select=OWNER, insert=SIGNED_IN - OWNER, update=OWNER),
    # accounts: one's own name and sessions; the rest is the auth service's
    "auth_service.users": rights(select=OWNER, update=OWNER),
    "auth_service.sessions": rights(select=OWNER),
    "auth_service.refresh_tokens": rights(),
    "auth_service.login_failures": rights(),
    "auth_service.email_requests": rights(),
    "auth_service.one_time_tokens": rights(),
    "auth_service.external_accounts": rights(),
    # the plumbing: events are the services'; an idempotency record its caller's
    "events.outbox": rights(),
    "events.receipts": rights(),
    "idempotency.requests": rights(select=OWNER, insert=SIGNED_IN, update=OWNER, delete=OWNER),
}


# ------------------------------------------------------------------------------------------- the world


def _empty_tables(database_url: str) -> None:
    tables = service_tables(database_url)
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("truncate {} cascade").format(sql.SQL(", ").join(map(_name, tables))))


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status == status, response.json
    return response.json


@pytest.fixture(scope="module")
def world(api_session: Any, database_url: str) -> Iterator[dict[str, Any]]:
    _empty_tables(database_url)
    api = api_session
    loaded = load(api, database_url)
    org = loaded["organization"]["id"]
    users = {}
    with psycopg.connect(database_url, autocommit=True) as conn:
        for handle in {h for h in CALLERS.values() if h}:
            users[handle] = str(conn.execute("select id from auth_service.users where email = %s",
                                             (f"{handle}@{DOMAIN}",)).fetchone()[0])
    ketua = _ok(api.post("/auth/login", json={"email": f"ketua@{DOMAIN}", "password": DEMO_PASSWORD}))["access_token"]
    _ok(api.post(f"/orgs/{org}/invitations", token=ketua, json={"email": "calon@kampus.example", "role": "anggota"}),
        201)
    outsider = _ok(api.post("/auth/register", json={"email": "ketua@ukm-lain.example", "password": STRONG_PASSWORD,
                                                     "name": "Ketua UKM Lain"}), 201)
    _ok(api.post("/orgs", token=outsider["access_token"], json={
        "name": "UKM Lain", "type": "ukm",
        "period": {"name": "2025/2026", "starts_on": "2025-09-01", "ends_on": "2026-08-31"}}), 201)
    with psycopg.connect(database_url, autocommit=True) as conn:
        program = str(conn.execute("select id from program_service.programs where code = 'SEMNAS-AI'").fetchone()[0])
        task = str(conn.execute(
            "select t.id from task_service.tasks t join task_service.task_assignees a on a.task_id = t.id"
            " where t.program_id = %s and a.user_id = %s order by t.created_at limit 1",
            (program, users[SUBJECT])).fetchone()[0])
        department = str(conn.execute("select department_id from program_service.programs where id = %s",
                                      (program,)).fetchone()[0])
        invitation = conn.execute("select id from organization_service.invitations where organization_id = %s",
                                  (org,)).fetchone()[0]
        # rows no request of the demo writes: a response to the invitation, a reminder, a webhook and its
        # delivery, a failed login
        conn.execute("insert into organization_service.invitation_responses (invitation_id, user_id, response)"
                     " values (%s, %s, 'declined')", (invitation, outsider["user"]["id"]))
        conn.execute("insert into task_service.reminders_sent (task_id, kind, for_date, days_to_due)"
                     " values (%s, 'due_soon', current_date, 1)", (task,))
        conn.execute("insert into notification_service.webhooks (organization_id, url, secret, event_types,"
                     " created_by) values (%s, 'https://hooks.example.org/proker', repeat('r', 32),"
                     " '{program.status_changed}', %s)", (org, users["ketua"]))
        conn.execute("insert into notification_service.webhook_deliveries (webhook_id, organization_id, event_id,"
                     " event_type, attempt, status_code, duration_ms) select id, organization_id, gen_random_uuid(),"
                     " 'program.status_changed', 1, 200, 12 from notification_service.webhooks")
        conn.execute("insert into auth_service.login_failures (email, ip_address) values (%s, '10.0.0.9')",
                     (f"{SUBJECT}@{DOMAIN}",))
        conn.execute("insert into user_service.settings (user_id) values (%s) on conflict do nothing",
                     (users[SUBJECT],))
        conn.execute("insert into task_service.calendar_feeds (user_id, token_hash) values (%s, sha256('feed'))",
                     (users[SUBJECT],))
        conn.execute("insert into organization_service.handover_notes (department_id, organization_id, period_id,"
                     " worked, updated_by) select id, organization_id, period_id, 'Kajian rutin', %s"
                     " from organization_service.departments where id = %s", (users["ketua"], department))
        conn.execute("insert into organization_service.calendar_ranges (organization_id, name, kind, starts_on,"
                     " ends_on, created_by) values (%s, 'UTS Ganjil', 'ujian', '2025-10-20', '2025-10-31', %s)",
                     (org, users["ketua"]))
        conn.execute("insert into report_service.lpj_sections (program_id, organization_id, period_id, updated_by,"
                     " foreword) select id, organization_id, period_id, person_in_charge, 'Puji syukur'"
                     " from program_service.programs where id = %s", (program,))
        conn.execute("insert into report_service.lpj_review_steps (program_id, organization_id, period_id, action,"
                     " from_status, to_status, changed_by) select program_id, organization_id, period_id, 'submit',"
                     " 'draft', 'diajukan', updated_by from report_service.lpj_sections where program_id = %s",
                     (program,))
        conn.execute("insert into report_service.lpj_attachments (program_id, organization_id, period_id, kind, title,"
                     " filename, content_type, size_bytes, file_key, created_by) select id, organization_id,"
                     " period_id, 'dokumentasi', 'Pembukaan', 'pembukaan.jpg', 'image/jpeg', 1000,"
                     " 'attachments/rls/pembukaan.jpg', person_in_charge from program_service.programs where id = %s",
                     (program,))
        conn.execute("insert into report_service.letterhead_logos (organization_id, content_type, size_bytes, file_key,"
                     " created_by) values (%s, 'image/png', 1000, 'logos/rls/logo.png', %s)", (org, users[SUBJECT]))
        conn.execute("insert into user_service.private_details (user_id, phone) values (%s, '081234567890')"
                     " on conflict do nothing", (users[SUBJECT],))
        conn.execute("insert into organization_service.chat_channels (organization_id, discord_webhook_url)"
                     " values (%s, 'https://discord.com/api/webhooks/1/rahasia')", (org,))
        conn.execute("insert into notification_service.told (event_id, target) values (gen_random_uuid(), 'chat')")
        conn.execute("insert into auth_service.email_requests (user_id, purpose) values (%s, 'password_reset')",
                     (users[SUBJECT],))
        conn.execute("insert into auth_service.one_time_tokens (token_hash, user_id, purpose, email, expires_at)"
                     " values (sha256(gen_random_uuid()::text::bytea), %s, 'password_reset', %s,"
                     " now() + interval '1 hour')", (users[SUBJECT], f"{SUBJECT}@{DOMAIN}"))
        conn.execute("insert into auth_service.external_accounts (id, email) values (gen_random_uuid(),"
                     " 'lewat.supabase@kampus.example')")
        conn.execute("insert into idempotency.requests (user_id, operation, key_hash, fingerprint, attempt, status,"
                     " response, expires_at) values (%s, 'POST /programs', repeat('a', 64), repeat('b', 64),"
                     " gen_random_uuid(), 'done', '{\"statusCode\": 201}', now() + interval '1 day')",
                     (users[SUBJECT],))
        conn.execute("update organization_service.memberships set active = false, left_at = now() where user_id = %s",
                     (users[FORMER],))
    yield {
        "org": org, "program": program, "task": task, "department": department,
        "users": {column: users.get(handle) if handle else None for column, handle in CALLERS.items()}
        | {"outsider": outsider["user"]["id"]},
        "subject": users[SUBJECT], "panitia": users[CALLERS["panitia"]], "subject_email": f"{SUBJECT}@{DOMAIN}",
        "anggota": users[CALLERS["anggota"]], "anggota_elsewhere": outsider["user"]["id"],
    }
    _empty_tables(database_url)


# ------------------------------------------------------------------------------------------- the probes


def _where(table: str, world: dict[str, Any]) -> sql.Composable:
    values = {name: sql.Literal(world[name]) for name in ("org", "program", "task", "department", "subject",
                                                          "panitia", "subject_email")}
    return sql.SQL(TARGETS[table]).format(**values)


def _name(table: str) -> sql.Composable:
    return sql.Identifier(*table.split("."))


def _columns(conn: psycopg.Connection, table: str, privilege: str, grantee: str) -> list[str]:
    schema, name = table.split(".")
    return [r[0] for r in conn.execute(
        "select column_name from information_schema.columns c where table_schema = %s and table_name = %s"
        " and has_column_privilege(%s, format('%%I.%%I', table_schema, table_name), column_name, %s)"
        " and c.is_generated = 'NEVER' and c.identity_generation is distinct from 'ALWAYS'"
        " order by ordinal_position", (schema, name, grantee, privilege))]


def _copy(conn: psycopg.Connection, table: str, where: sql.Composable) -> dict[str, Any]:
    """The target row, as the superuser sees it, with what must be unique made new (COPY_AS then sets what
    it names)."""
    row = conn.execute(sql.SQL("select to_jsonb(t) from {} t where {} limit 1").format(_name(table), where)).fetchone()
    assert row, f"the world has no row in {table}"
    copy = dict(row[0])
    schema, name = table.split(".")
    unique_sets = conn.execute(
        "select array_agg(a.attname::text) from pg_index i join pg_class c on c.oid = i.indrelid"
        " join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid"
        " and a.attnum = any(i.indkey) where i.indisunique and i.indexprs is null and n.nspname = %s"
        " and c.relname = %s"
        " group by i.indexrelid, i.indisprimary order by i.indisprimary desc", (schema, name)).fetchall()
    foreign = {r[0] for r in conn.execute(
        "select a.attname::text from pg_constraint k join pg_class c on c.oid = k.conrelid"
        " join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid"
        " and a.attnum = any(k.conkey) where k.contype = 'f' and n.nspname = %s and c.relname = %s",
        (schema, name))}
    renewed: set[str] = set()
    for (columns,) in unique_sets:  # the primary key first; a set with a column made new is new already
        if renewed.isdisjoint(columns):
            column = ([c for c in columns if c not in foreign] or columns)[-1]
            _renew(copy, column)
            renewed.add(column)
    return copy


def _renew(row: dict[str, Any], column: str) -> None:
    value = row[column]
    if value is None:  # conflicts with nothing
        return
    if isinstance(value, str):
        try:
            uuid.UUID(value)
            row[column] = str(uuid.uuid4())
        except ValueError:
            row[column] = value + "-copy" if len(value) < 20 else value[:-5] + "-copy"
    elif isinstance(value, int):
        row[column] = value + 1000
    else:
        row[column] = str(uuid.uuid4())


def _value(value: Any, caller: str, world: dict[str, Any]) -> Any:
    if not isinstance(value, str) or not value.startswith("{"):
        return value
    name = value.strip("{}")
    return world["users"].get(caller) if name == "caller" else world[name]


def _session(conn: psycopg.Connection, caller: str, world: dict[str, Any]) -> None:
    if caller == "anon":
        conn.execute("select set_config('role', 'anon', true), set_config('request.jwt.claims', %s, true)",
                     (json.dumps({"role": "anon"}),))
        return
    claims: dict[str, Any] = {"role": "authenticated", "aud": "authenticated"}
    if caller != "nosub":
        claims["sub"] = world["users"][caller]
    conn.execute("select set_config('role', 'authenticated', true), set_config('request.jwt.claims', %s, true)",
                 (json.dumps(claims),))


def _allowed(conn: psycopg.Connection, statement: sql.Composable, params: Any = None) -> bool:
    try:
        with conn.transaction(force_rollback=True):
            return conn.execute(statement, params).rowcount > 0
    except psycopg.Error:
        return False


def observe(database_url: str, table: str, world: dict[str, Any]) -> dict[str, frozenset[str]]:
    where = _where(table, world)
    with psycopg.connect(database_url) as admin:
        copy = _copy(admin, table, where)
        insertable = {role: _columns(admin, table, "INSERT", role) for role in ("authenticated", "anon")}
        writable = _columns(admin, table, "INSERT", "postgres")  # all but the generated columns
        updatable = {role: _columns(admin, table, "UPDATE", role) for role in ("authenticated", "anon")}
        first_column = next(iter(copy))
        admin.rollback()
    seen: dict[str, set[str]] = {op: set() for op in OPERATIONS}
    with psycopg.connect(database_url) as conn:
        for caller in CALLERS:
            role = "anon" if caller == "anon" else "authenticated"
            _session(conn, caller, world)
            if _allowed(conn, sql.SQL("select 1 from {} where {}").format(_name(table), where)):
                seen["select"].add(caller)
            mine = {**copy, **{column: _value(value, caller, world)
                               for column, value in COPY_AS.get(table, {}).items()}}
            columns = [c for c in insertable[role] if c in mine] or [c for c in writable if c in mine]
            insert = sql.SQL("insert into {} ({}) select {} from jsonb_populate_record(null::{}, %s)").format(
                _name(table), sql.SQL(", ").join(map(sql.Identifier, columns)),
                sql.SQL(", ").join(map(sql.Identifier, columns)), _name(table))
            if _allowed(conn, insert, (json.dumps(mine),)):
                seen["insert"].add(caller)
            column = sql.Identifier((updatable[role] or [first_column])[-1])
            if _allowed(conn, sql.SQL("update {} set {} = {} where {}").format(_name(table), column, column, where)):
                seen["update"].add(caller)
            if _allowed(conn, sql.SQL("delete from {} where {}").format(_name(table), where)):
                seen["delete"].add(caller)
            conn.rollback()
    return {op: frozenset(callers) for op, callers in seen.items()}


def service_tables(database_url: str) -> list[str]:
    with psycopg.connect(database_url) as conn:
        return [r[0] for r in conn.execute(
            "select schemaname || '.' || tablename from pg_tables"
            " where schemaname like '%\\_service' or schemaname in ('events', 'idempotency') order by 1")]


def test_every_table_is_in_the_matrix(world, database_url):
    assert sorted(service_tables(database_url)) == sorted(RIGHTS), "list the new table's rights in RIGHTS"


@pytest.mark.parametrize("table", sorted(TARGETS))
def test_the_rights_on_each_table_are_exactly_the_documented_ones(world, database_url, table):
    observed = observe(database_url, table, world)
    expected = RIGHTS.get(table)
    if expected != observed:
        shown = {op: sorted(callers) for op, callers in observed.items()}
        pytest.fail(f"{table}: observed {json.dumps(shown)}")
