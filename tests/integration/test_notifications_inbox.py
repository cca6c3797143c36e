"""The in-app inbox: each user reads, marks and counts their own notifications only (the service and
RLS), lists page newest first with an unread filter, bad input is problem+json naming the field, and
the table joins Supabase's Realtime publication where there is one."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from tests.support.notifications import add_notification
from tests.support.programs import as_user

UNKNOWN_ID = "5b0c5e3a-7d1f-4c2e-9a8b-3f6d2c1e0a94"  # an id nothing has: the same in every test worker


@pytest.fixture
def alice(register) -> dict:
    return register(name="Alice")


@pytest.fixture
def bob(register) -> dict:
    return register(name="Bob")


def ids(page: dict) -> list[str]:
    return [item["id"] for item in page["items"]]


def test_a_user_lists_only_their_own_notifications_newest_first(api, database, alice, bob):
    start = datetime(2026, 11, 1, 8, tzinfo=UTC)
    mine = [add_notification(database, alice["user"]["id"], f"N{n}", created_at=start + timedelta(minutes=n))
            for n in range(3)]
    theirs = add_notification(database, bob["user"]["id"], "Bob's")
    listed = api.get("/notifications", token=alice["access_token"])
    assert listed.status == 200
    assert ids(listed.json) == list(reversed(mine)) and listed.json["next_cursor"] is None
    first = listed.json["items"][0]
    assert set(first) == {"id", "type", "title", "body", "link", "organization_id", "created_at", "read_at"}
    assert (first["title"], first["type"], first["link"], first["read_at"]) == ("N2", "task.assigned", "/tasks/x", None)
    assert ids(api.get("/notifications", token=bob["access_token"]).json) == [theirs]


def test_the_unread_filter_and_the_count(api, database, alice, bob):
    unread = [add_notification(database, alice["user"]["id"], f"U{n}") for n in range(2)]
    read = add_notification(database, alice["user"]["id"], "R", read=True)
    add_notification(database, bob["user"]["id"], "Bob's")
    token = alice["access_token"]
    assert sorted(ids(api.get("/notifications?unread=true", token=token).json)) == sorted(unread)
    assert ids(api.get("/notifications?unread=false", token=token).json) == [read]
    assert len(api.get("/notifications", token=token).json["items"]) == 3
    count = api.get("/notifications/unread-count", token=token)
    assert count.status == 200 and count.json == {"unread": 2}
    assert api.get("/notifications/unread-count", token=bob["access_token"]).json == {"unread": 1}


def test_marking_one_read_keeps_the_first_time_and_only_the_recipient_may(api, database, alice, bob):
    note = add_notification(database, alice["user"]["id"])
    assert api.post(f"/notifications/{note}/read", token=bob["access_token"]).status == 404  # not his: not there
    first = api.post(f"/notifications/{note}/read", token=alice["access_token"])
    assert first.status == 200 and first.json["id"] == note and first.json["read_at"] is not None
    again = api.post(f"/notifications/{note}/read", token=alice["access_token"])
    assert again.status == 200 and again.json["read_at"] == first.json["read_at"]
    assert api.get("/notifications/unread-count", token=alice["access_token"]).json == {"unread": 0}
    unknown = api.post(f"/notifications/{uuid.uuid4()}/read", token=alice["access_token"])
    assert unknown.status == 404 and unknown.header("content-type") == "application/problem+json"


def test_read_all_marks_only_mine(api, database, alice, bob):
    for n in range(3):
        add_notification(database, alice["user"]["id"], f"A{n}")
    add_notification(database, alice["user"]["id"], "already", read=True)
    add_notification(database, bob["user"]["id"], "Bob's")
    marked = api.post("/notifications/read-all", token=alice["access_token"])
    assert marked.status == 200 and marked.json == {"marked": 3}
    assert api.get("/notifications/unread-count", token=alice["access_token"]).json == {"unread": 0}
    assert api.get("/notifications?unread=true", token=alice["access_token"]).json["items"] == []
    assert api.post("/notifications/read-all", token=alice["access_token"]).json == {"marked": 0}
    assert api.get("/notifications/unread-count", token=bob["access_token"]).json == {"unread": 1}


def test_pages_follow_the_cursor_without_gaps_or_repeats(api, database, alice):
    same_time = datetime(2026, 11, 2, 9, tzinfo=UTC)  # ties on created_at are ordered by id
    made = [add_notification(database, alice["user"]["id"], f"N{n}", created_at=same_time if n % 2 else
                             same_time - timedelta(hours=n)) for n in range(7)]
    seen, cursor, pages = [], None, 0
    while True:
        query = "/notifications?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = api.get(query, token=alice["access_token"])
        assert page.status == 200
        seen += page.json["items"]
        pages += 1
        cursor = page.json["next_cursor"]
        if cursor is None:
            break
    assert pages == 3 and sorted(item["id"] for item in seen) == sorted(made) and len(seen) == 7
    keys = [(item["created_at"], item["id"]) for item in seen]
    assert keys == sorted(keys, reverse=True)
    unread_pages = api.get("/notifications?unread=true&limit=5", token=alice["access_token"]).json
    assert len(unread_pages["items"]) == 5 and unread_pages["next_cursor"]


def test_listing_is_a_constant_number_of_statements_whatever_the_page(api, database, alice, monkeypatch):
    from shared import db

    for n in range(30):
        add_notification(database, alice["user"]["id"], f"N{n}")
    executed: list[str] = []
    original = db.Transaction.execute

    def counting(self, query, params=None):
        executed.append(str(query))
        return original(self, query, params)

    monkeypatch.setattr(db.Transaction, "execute", counting)
    counts = []
    for limit in (1, 30):
        executed.clear()
        page = api.get(f"/notifications?limit={limit}", token=alice["access_token"])
        assert page.status == 200 and len(page.json["items"]) == limit
        counts.append(len(executed))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(("method", "path", "status", "field"), [
    ("GET", "/notifications?limit=0", 422, "query.limit"),
    ("GET", "/notifications?limit=101", 422, "query.limit"),
    ("GET", "/notifications?unread=maybe", 422, "query.unread"),
    ("GET", "/notifications?cursor=not-a-cursor", 422, "query.cursor"),
    ("POST", "/notifications/not-a-uuid/read", 422, "path.notification_id"),
])
def test_bad_input_is_a_problem_naming_the_field(api, alice, method, path, status, field):
    response = api.request(method, path, token=alice["access_token"])
    assert response.status == status, response.json
    assert response.header("content-type") == "application/problem+json"
    assert field in [error["field"] for error in response.json["errors"]]


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/notifications"), ("GET", "/notifications/unread-count"), ("POST", "/notifications/read-all"),
    ("POST", f"/notifications/{UNKNOWN_ID}/read")])
def test_without_a_token_it_is_401(api, method, path):
    response = api.request(method, path)
    assert response.status == 401 and response.header("content-type") == "application/problem+json"


def test_health_is_public(api):
    response = api.get("/notifications/health")
    assert response.status == 200 and response.json == {"status": "ok", "service": "notifications", "database": "ok"}


# ---- the second wall: RLS, in SQL alone ----

def test_rls_lets_a_user_read_and_mark_only_their_own(database, alice, bob):
    mine = add_notification(database, alice["user"]["id"])
    theirs = add_notification(database, bob["user"]["id"])
    with as_user(database, alice["user"]["id"]) as conn:
        assert [str(r[0]) for r in conn.execute("select id from notification_service.notifications")] == [mine]
        assert conn.execute("update notification_service.notifications set read_at = now() where id = %s",
                            (theirs,)).rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # only read_at may change
            conn.execute("update notification_service.notifications set title = 'x' where id = %s", (mine,))
    with as_user(database, alice["user"]["id"]) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("insert into notification_service.notifications (recipient, type, title, body, event_id)"
                     " values (%s, 'task.assigned', 'forged', '', gen_random_uuid())", (bob["user"]["id"],))
    with as_user(database, alice["user"]["id"]) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("update notification_service.notifications set recipient = %s where id = %s",
                     (bob["user"]["id"], mine))
    with as_user(database, alice["user"]["id"]) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("delete from notification_service.notifications where id = %s", (mine,))


def test_an_event_makes_one_notification_per_recipient_and_type(database, alice):
    event_id = uuid.uuid4()
    with psycopg.connect(database, autocommit=True) as conn:
        for _ in range(2):
            conn.execute("insert into notification_service.notifications (recipient, type, title, body, event_id)"
                         " values (%s, 'task.assigned', 'T', 'B', %s) on conflict do nothing",
                         (alice["user"]["id"], event_id))
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute("insert into notification_service.notifications (recipient, type, title, body, event_id)"
                         " values (%s, 'task.assigned', 'T', 'B', %s)", (alice["user"]["id"], event_id))
        count = conn.execute("select count(*) from notification_service.notifications where event_id = %s",
                             (event_id,)).fetchone()
    assert count == (1,)


# ---- Supabase Realtime ----

def _published(url: str) -> list[tuple[str, str]]:
    with psycopg.connect(url) as conn:
        return conn.execute("select schemaname, tablename from pg_publication_tables"
                            " where pubname = 'supabase_realtime'").fetchall()


def test_without_the_realtime_publication_nothing_is_published(database):
    with psycopg.connect(database) as conn:
        assert conn.execute("select count(*) from pg_publication where pubname = 'supabase_realtime'"
                            ).fetchone() == (0,)


@pytest.mark.slow
def test_where_supabase_realtime_exists_the_inbox_joins_it(admin_database_url):
    """A fresh database with the publication Supabase creates (empty), then every migration."""
    from infra.local.postgres import drop_database, ensure_database
    from infra.migrate import migrate

    name = f"proker_realtime_{uuid.uuid4().hex[:10]}"
    ensure_database(admin_database_url, name)
    url = psycopg.conninfo.make_conninfo(admin_database_url, dbname=name)
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("create publication supabase_realtime")
        migrate(url)
        assert _published(url) == [("notification_service", "notifications")]
    finally:
        drop_database(admin_database_url, name)


def test_payloads_are_json_with_offsets(api, database, alice):
    add_notification(database, alice["user"]["id"])
    item = api.get("/notifications", token=alice["access_token"]).json["items"][0]
    assert datetime.fromisoformat(item["created_at"]).utcoffset() is not None
    json.dumps(item)
