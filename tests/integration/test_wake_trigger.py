"""The Supabase wake-up trigger, applied by its command (issue 11: no step by hand in a deploy).

Supabase's Vault and pg_net are not in a plain PostgreSQL: a database of this test's own gets stand-ins
with their signatures (``vault.create_secret``/``update_secret``/``decrypted_secrets``, ``net.http_post``
recording what it would send). What the trigger would send is then checked by the dispatcher's own
verification (functions/events/wake.py): the right URL, a signature that matches, a fresh ``at``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from functions.events import wake
from infra.supabase.wake import apply
from shared.config import reset_settings
from tests.conftest import migrated_database

STAND_INS = """
create schema if not exists extensions;
create schema vault;
create table vault.secrets (id uuid primary key default gen_random_uuid(), name text unique, secret text not null);
create function vault.create_secret(new_secret text, new_name text default null) returns uuid
  language sql as $$ insert into vault.secrets (name, secret) values (new_name, new_secret) returning id $$;
create function vault.update_secret(secret_id uuid, new_secret text default null) returns void
  language sql as $$ update vault.secrets set secret = coalesce(new_secret, secret) where id = secret_id $$;
create view vault.decrypted_secrets as select id, name, secret as decrypted_secret from vault.secrets;
create schema net;
create table net.requests (id bigserial primary key, url text, body jsonb, headers jsonb, timeout_milliseconds int);
create function net.http_post(url text, body jsonb default '{}', params jsonb default '{}',
                              headers jsonb default '{"Content-Type": "application/json"}',
                              timeout_milliseconds int default 5000) returns bigint
  language sql as $$ insert into net.requests (url, body, headers, timeout_milliseconds)
                     values (url, body, headers, timeout_milliseconds) returning id $$;
"""
SECRET = "rahasia-bangunkan-dispatcher"


@pytest.fixture
def supabase_like(admin_database_url: str) -> Iterator[str]:
    """A database of this test's own, with the stand-ins: the trigger must not reach the others'."""
    with migrated_database(admin_database_url, "proker_wake") as url:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(STAND_INS)  # type: ignore[arg-type]
        yield url


def insert_event(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("insert into events.outbox (type, aggregate, aggregate_id, payload)"
                     " values ('task.assigned', 'task', gen_random_uuid(), '{}')")


def sent(url: str) -> list[dict[str, Any]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("select url, body::text, headers from net.requests order by id").fetchall()
    return [{"url": row[0], "body": row[1], "headers": row[2]} for row in rows]


@pytest.fixture
def wake_secret(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("EVENTS_WAKE_SECRET", SECRET)
    reset_settings()
    yield
    monkeypatch.undo()
    reset_settings()


def test_an_insert_into_the_outbox_calls_the_wake_route_signed_as_the_dispatcher_checks(supabase_like, wake_secret):
    apply(supabase_like, "https://api.proker.example/", SECRET)
    insert_event(supabase_like)
    [call] = sent(supabase_like)
    assert call["url"] == "https://api.proker.example/events/wake"
    assert call["headers"]["Content-Type"] == "application/json"
    body = call["body"].encode()  # pg_net sends the jsonb's text form, which is what was signed
    wake.verify(body, call["headers"]["X-Proker-Signature"])  # raises Forbidden when it would be refused
    assert json.loads(body)["table"] == "outbox"


def test_applying_again_updates_the_url_and_secret_in_place(supabase_like, wake_secret):
    apply(supabase_like, "https://old.proker.example", "an old secret")
    apply(supabase_like, "https://api.proker.example", SECRET)
    with psycopg.connect(supabase_like) as conn:
        assert conn.execute("select name from vault.secrets order by name").fetchall() == [
            ("events_wake_secret",), ("events_wake_url",)]
    insert_event(supabase_like)
    [call] = sent(supabase_like)
    assert call["url"] == "https://api.proker.example/events/wake"
    wake.verify(call["body"].encode(), call["headers"]["X-Proker-Signature"])


def test_one_statement_inserting_many_events_wakes_it_once(supabase_like, wake_secret):
    apply(supabase_like, "https://api.proker.example", SECRET)
    with psycopg.connect(supabase_like, autocommit=True) as conn:
        conn.execute("insert into events.outbox (type, aggregate, aggregate_id, payload)"
                     " select 'task.assigned', 'task', gen_random_uuid(), '{}' from generate_series(1, 5)")
    assert len(sent(supabase_like)) == 1


def test_an_api_url_that_is_not_https_is_refused(supabase_like):
    with pytest.raises(ValueError, match="https URL"):
        apply(supabase_like, "http://api.proker.example", SECRET)
