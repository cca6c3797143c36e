"""``Idempotency-Key`` on the creating routes (shared/idempotency.py): a retried POST creates one thing and
gets the first answer again; the key is the caller's and the operation's; another request with it is 422,
while the first still runs 409; records expire after 24 hours and the events sweep prunes them."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import psycopg
import pytest

from infra.local.template import Template
from infra.openapi import build_document, handler_module
from tests.conftest import STRONG_PASSWORD
from tests.support.api import InProcessApi
from tests.support.orgs import Org, build_org
from tests.support.programs import as_user

KEY = "Idempotency-Key"


@pytest.fixture
def org(api, register, database) -> Org:
    return build_org(api, register, database, name=f"HIMA {uuid.uuid4().hex[:6]}")


def program(org: Org, name: str = "Seminar Nasional AI") -> dict[str, Any]:
    return {"organization_id": org.id, "period_id": org.period_id, "name": name, "type": "event"}


def programs_named(database: str, name: str) -> list[str]:
    with psycopg.connect(database) as conn:
        return [str(row[0]) for row in conn.execute("select id from program_service.programs where name = %s",
                                                     (name,)).fetchall()]


def records(database: str) -> list[dict[str, Any]]:
    with psycopg.connect(database, row_factory=psycopg.rows.dict_row) as conn:
        return conn.execute("select user_id::text, operation, status, expires_at - created_at as kept"
                            " from idempotency.requests order by created_at").fetchall()


def test_a_retried_create_makes_one_program_and_gets_the_same_answer(api, org, database):
    key = str(uuid.uuid4())
    first = api.post("/programs", token=org.tokens["ketua"], json=program(org), headers={KEY: key})
    retried = api.post("/programs", token=org.tokens["ketua"], json=program(org), headers={KEY: key})
    assert first.status == retried.status == 201, (first.json, retried.json)
    assert retried.body == first.body and retried.header("etag") == first.header("etag") == '"1"'
    assert retried.header("content-type") == first.header("content-type") == "application/json"
    assert (first.header("idempotent-replayed"), retried.header("idempotent-replayed")) == (None, "true")
    assert programs_named(database, "Seminar Nasional AI") == [first.json["id"]]
    [record] = records(database)
    assert (record["user_id"], record["operation"], record["status"]) == (org.user_ids["ketua"], "POST /programs",
                                                                          "done")
    assert record["kept"].total_seconds() == 24 * 3600


def test_without_a_key_a_retry_is_a_second_program(api, org, database):
    for _ in range(2):
        assert api.post("/programs", token=org.tokens["ketua"], json=program(org)).status == 201
    assert len(programs_named(database, "Seminar Nasional AI")) == 2
    assert records(database) == []


def test_the_same_key_with_another_body_is_422_naming_the_header(api, org, database):
    key = str(uuid.uuid4())
    assert api.post("/programs", token=org.tokens["ketua"], json=program(org), headers={KEY: key}).status == 201
    other = api.post("/programs", token=org.tokens["ketua"], json=program(org, "Bakti Sosial"), headers={KEY: key})
    assert other.status == 422
    assert other.header("content-type") == "application/problem+json"
    assert "another request" in other.json["detail"]
    assert other.json["errors"] == [{"field": "header.idempotency-key", "code": "idempotency_key_reused",
                                     "message": other.json["detail"]}]
    assert programs_named(database, "Bakti Sosial") == []
    # the same body on another path is another request too
    department = api.post(f"/orgs/{org.id}/departments", token=org.tokens["ketua"], headers={KEY: key},
                          json={"name": "Departemen Humas", "code": "HUMAS"})
    assert department.status == 201, "a key is the operation's: the same key on another route is another request"


def test_another_user_with_the_same_key_is_another_request_and_cannot_see_the_first(api, org, database):
    key = "retry-1"
    mine = api.post("/programs", token=org.tokens["ketua"], json=program(org), headers={KEY: key})
    theirs = api.post("/programs", token=org.tokens["wakil_ketua"], json=program(org), headers={KEY: key})
    assert mine.status == theirs.status == 201
    assert mine.json["id"] != theirs.json["id"] and theirs.header("idempotent-replayed") is None
    assert theirs.json["created_by"] == org.user_ids["wakil_ketua"]
    again = api.post("/programs", token=org.tokens["wakil_ketua"], json=program(org), headers={KEY: key})
    assert again.json["id"] == theirs.json["id"] and again.header("idempotent-replayed") == "true"
    assert len(programs_named(database, "Seminar Nasional AI")) == 2
    # RLS alone: a user reads and changes only their own records
    with as_user(database, org.user_ids["wakil_ketua"]) as conn:
        seen = conn.execute("select user_id::text from idempotency.requests").fetchall()
        assert seen == [(org.user_ids["wakil_ketua"],)]
        assert conn.execute("update idempotency.requests set status = 'done' where user_id = %s",
                            (org.user_ids["ketua"],)).rowcount == 0
        assert conn.execute("delete from idempotency.requests where user_id = %s",
                            (org.user_ids["ketua"],)).rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("insert into idempotency.requests (user_id, operation, key_hash, fingerprint, attempt,"
                         " status, locked_until, expires_at) values (%s, 'POST /programs', repeat('a', 64),"
                         " repeat('b', 64), gen_random_uuid(), 'running', now(), now())", (org.user_ids["ketua"],))


def test_a_request_still_running_is_409_with_retry_after_then_the_first_answer(api, org, database):
    key = str(uuid.uuid4())
    first: dict[str, Any] = {}
    with psycopg.connect(database) as blocker:
        blocker.execute("lock table program_service.programs in access exclusive mode")  # the first one waits here
        running = threading.Thread(target=lambda: first.update(response=api.post(
            "/programs", token=org.tokens["ketua"], json=program(org), headers={KEY: key})))
        running.start()
        deadline = time.monotonic() + 5
        while not records(database) and time.monotonic() < deadline:
            time.sleep(0.02)
        # a second execution environment of the function, as Lambda starts for a concurrent request
        busy = InProcessApi().post("/programs", token=org.tokens["ketua"], json=program(org), headers={KEY: key})
        blocker.rollback()
    running.join(timeout=10)
    assert busy.status == 409, busy.json
    assert busy.header("retry-after") == "1" and busy.header("content-type") == "application/problem+json"
    assert "still running" in busy.json["detail"]
    assert first["response"].status == 201
    replay = api.post("/programs", token=org.tokens["ketua"], json=program(org), headers={KEY: key})
    assert replay.status == 201 and replay.body == first["response"].body
    assert programs_named(database, "Seminar Nasional AI") == [first["response"].json["id"]]


def age(database: str, key: str, by: str) -> None:
    """Move the record of ``key`` back in time by the interval ``by``."""
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("update idempotency.requests set created_at = created_at - %(by)s::interval,"
                     " expires_at = expires_at - %(by)s::interval"
                     " where key_hash = encode(sha256(convert_to(%(key)s, 'UTF8')), 'hex')", {"key": key, "by": by})


def test_an_expired_key_runs_again_and_the_sweep_prunes_it(api, org, database):
    from functions.events.handlers.dispatch import sweep

    first = api.post("/programs", token=org.tokens["ketua"], json=program(org), headers={KEY: "old"})
    age(database, "old", "24 hours")
    again = api.post("/programs", token=org.tokens["ketua"], json=program(org), headers={KEY: "old"})
    assert again.status == 201 and again.header("idempotent-replayed") is None
    assert again.json["id"] != first.json["id"]
    assert [r["kept"].total_seconds() for r in records(database)] == [24 * 3600]  # kept anew

    fresh = api.post("/programs", token=org.tokens["ketua"], json=program(org, "Bakti Sosial"), headers={KEY: "new"})
    age(database, "old", "24 hours")
    sweep(None)
    assert len(records(database)) == 1  # the expired one went, the fresh one stays
    replay = api.post("/programs", token=org.tokens["ketua"], json=program(org, "Bakti Sosial"), headers={KEY: "new"})
    assert replay.header("idempotent-replayed") == "true" and replay.body == fresh.body


@pytest.mark.parametrize("key", ["", " leading", "trailing ", "x" * 256, "kunci-\u00e9", "tab\there"])
def test_a_malformed_key_is_422_naming_the_header_and_nothing_is_created(api, org, database, key):
    response = api.post("/programs", token=org.tokens["ketua"], json=program(org), headers={KEY: key})
    assert response.status == 422, response.json
    assert response.header("content-type") == "application/problem+json"
    assert response.json["errors"][0]["field"] == "header.idempotency-key"
    assert response.json["errors"][0]["code"] == "idempotency_key_invalid"
    assert programs_named(database, "Seminar Nasional AI") == []


def test_keys_of_255_printable_characters_are_fine(api, org, database):
    key = "".join(chr(32 + i % 95) for i in range(1, 256)).strip()
    assert len(key) > 250
    assert api.post("/programs", token=org.tokens["ketua"], json=program(org), headers={KEY: key}).status == 201


def test_a_refusal_is_answered_again_but_a_conflict_and_a_401_leave_the_key_free(api, org, database):
    refused = api.post("/programs", token=org.tokens["anggota"], json=program(org), headers={KEY: "k1"})
    again = api.post("/programs", token=org.tokens["anggota"], json=program(org), headers={KEY: "k1"})
    assert refused.status == again.status == 403 and again.body == refused.body
    assert again.header("idempotent-replayed") == "true"

    invite = {"email": "dina@kampus.example", "role": "anggota"}
    pending = api.post(f"/orgs/{org.id}/invitations", token=org.tokens["ketua"], json=invite, headers={KEY: "k2"})
    assert pending.status == 201
    conflict = api.post(f"/orgs/{org.id}/invitations", token=org.tokens["ketua"], json=invite, headers={KEY: "k3"})
    assert conflict.status == 409, conflict.json  # a pending invitation to that address exists
    api.post(f"/orgs/{org.id}/invitations/{pending.json['id']}/revoke", token=org.tokens["ketua"])
    retried = api.post(f"/orgs/{org.id}/invitations", token=org.tokens["ketua"], json=invite, headers={KEY: "k3"})
    assert retried.status == 201 and retried.header("idempotent-replayed") is None

    # a token whose session ended: 401, and once signed in again the same request with the same key runs
    assert api.post("/auth/logout", token=org.tokens["wakil_ketua"]).status == 204
    ended = api.post("/programs", token=org.tokens["wakil_ketua"], json=program(org), headers={KEY: "k4"})
    assert ended.status == 401
    with psycopg.connect(database) as conn:
        [email] = conn.execute("select email from auth_service.users where id = %s",
                               (org.user_ids["wakil_ketua"],)).fetchone()
    token = api.post("/auth/login", json={"email": email, "password": STRONG_PASSWORD}).json["access_token"]
    signed_in = api.post("/programs", token=token, json=program(org), headers={KEY: "k4"})
    assert signed_in.status == 201 and signed_in.header("idempotent-replayed") is None


def test_every_creating_route_takes_a_key_and_the_document_says_so():
    routes = [r for r in Template.load().routes() if r.method == "POST" and not r.public]
    creating = {r.route_key for r in routes if any(
        key[0] == r.path.replace("{", "<").replace("}", ">") and key[-1] == 201
        for key in handler_module(r).router._routes)}
    idempotent = {r.route_key for r in routes if getattr(handler_module(r).handler, "idempotent", False)}
    # a calendar feed's secret address is shown once and only its hash kept: a stored replay would keep the
    # address itself (docs/decisions/0017-calendar-feeds.md); a retry makes a new address, the old one dies
    assert creating - idempotent == {"POST /me/calendar"}, \
        f"creating routes without Idempotency-Key: {sorted(creating - idempotent)}"
    # accepting makes a membership (200 with it); the handover's two steps make many rows each and answer 200
    # with what they did (docs/decisions/0020-handover.md): a retry must not make them twice either
    assert idempotent - creating == {"POST /orgs/invitations/accept", "POST /orgs/invitations/{invitation_id}/accept",
                                     "POST /orgs/{org_id}/periods/{period_id}/handover", "POST /programs/carry-over"}
    document = build_document()
    declared = {f"{method.upper()} {path}" for path, item in document["paths"].items()
                for method, operation in item.items()
                if any(p["name"] == KEY for p in operation.get("parameters", []))}
    assert declared == idempotent
    operation = document["paths"]["/programs"]["post"]
    assert "Retry-After" in operation["responses"]["409"]["headers"]
    assert "Idempotent-Replayed" in operation["responses"]["201"]["headers"]
