"""The organizations' and users' second wall on its own (issue 10): SQL as `authenticated` with a caller's
own claims and no service in front, then the API answers that go with it. The callers: the board, a
plain member (anggota), a sekretaris, a former member (the wakil ketua, deactivated by the ketua), a
request whose claims carry no `sub`, and a service (`service_role`, as shared.db.service_transaction).
What a former member keeps and loses: docs/decisions/0013-former-members-and-board-secrets.md."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest

from functions.orgs.models import OrganizationUpdate
from tests.support.orgs import ROLES, Org, build_org

DISCORD = "https://discord.com/api/webhooks/1234567890/board-secret-discord"
SLACK = "https://hooks.slack.com/services/T0123/B0456/boardsecretslack"


@contextmanager
def as_caller(database_url: str, sub: str | None, role: str = "authenticated",
              **claims: Any) -> Iterator[psycopg.Connection]:
    """A transaction as ``role`` with these claims (no ``sub`` when ``sub`` is None), rolled back after."""
    claims = {"role": role, "aud": "authenticated", **claims} | ({"sub": sub} if sub else {})
    if role == "service_role":
        claims = {"role": "service_role", "sub": None, "service": "tests"}
    with psycopg.connect(database_url) as conn, conn.transaction(force_rollback=True):
        conn.execute("select set_config('role', %s, true), set_config('request.jwt.claims', %s, true)",
                     (role, json.dumps(claims)))
        yield conn


def refused(conn: psycopg.Connection, statement: str, params: tuple = ()) -> bool:
    """True when the statement fails or changes nothing (in a savepoint, undone either way)."""
    try:
        with conn.transaction(force_rollback=True):
            return conn.execute(statement, params).rowcount == 0
    except psycopg.Error:
        return True


def rows(conn: psycopg.Connection, statement: str, params: tuple = ()) -> list[tuple]:
    """The rows, or none when the statement is refused (in a savepoint)."""
    try:
        with conn.transaction(force_rollback=True):
            return conn.execute(statement, params).fetchall()
    except psycopg.Error:
        return []


def membership_of(api: Any, org: Org, role: str) -> str:
    return api.get(f"/orgs/{org.id}/members?role={role}", token=org.tokens["ketua"]).json["items"][0]["id"]


@pytest.fixture
def org(api, register, database) -> Org:
    """Every role, an e-mail invitation and chat webhooks set by the ketua; then the wakil ketua is removed
    by the ketua: a former member of the board."""
    org = build_org(api, register, database)
    assert api.request("PATCH", f"/orgs/{org.id}", token=org.tokens["ketua"],
                       json={"discord_webhook_url": DISCORD, "slack_webhook_url": SLACK}).status == 200
    assert api.post(f"/orgs/{org.id}/invitations", token=org.tokens["ketua"],
                    json={"email": "calon@kampus.example", "role": "anggota"}).status == 201
    wakil = membership_of(api, org, "wakil_ketua")
    assert api.post(f"/orgs/{org.id}/members/{wakil}/deactivate", token=org.tokens["ketua"]).status == 200
    org.tokens["former"], org.user_ids["former"] = org.tokens["wakil_ketua"], org.user_ids["wakil_ketua"]
    return org


# ---- 1. the chat webhook URLs are the board's ----

def tables_showing(conn: psycopg.Connection, secret: str) -> list[str]:
    """The organization_service tables in which the caller can read a row holding ``secret``."""
    tables = [r[0] for r in conn.execute("select format('%I.%I', schemaname, tablename) from pg_tables"
                                         " where schemaname = 'organization_service' order by 1").fetchall()]
    return [table for table in tables
            if rows(conn, f"select 1 from {table} t where to_jsonb(t)::text like %s", (f"%{secret}%",))]


@pytest.mark.parametrize("who", ["anggota", "sekretaris", "bendahara", "pembina", "former", "outsider", None])
def test_only_the_board_reads_the_chat_webhook_urls_in_sql(database, org, who):
    with as_caller(database, org.user_ids[who] if who else None) as conn:
        assert tables_showing(conn, "board-secret") == []
        assert rows(conn, "select * from organization_service.notification_channels(%s)", (org.id,)) == []


def test_the_board_and_the_notifications_service_read_them(database, org):
    with as_caller(database, org.user_ids["ketua"]) as conn:
        assert tables_showing(conn, "board-secret") == ["organization_service.chat_channels"]
    with as_caller(database, None, role="service_role") as conn:
        assert conn.execute("select discord_webhook_url, slack_webhook_url"
                            " from organization_service.notification_channels(%s)", (org.id,)).fetchall() == [
            (DISCORD, SLACK)]


def test_the_board_sets_and_clears_them_through_the_api_as_before(api, org):
    ketua = org.tokens["ketua"]
    assert api.get(f"/orgs/{org.id}", token=ketua).json["discord_webhook_url"] == DISCORD
    cleared = api.request("PATCH", f"/orgs/{org.id}", token=ketua, json={"discord_webhook_url": None})
    assert cleared.status == 200
    assert (cleared.json["discord_webhook_url"], cleared.json["slack_webhook_url"]) == (None, SLACK)
    assert api.get(f"/orgs/{org.id}", token=org.tokens["sekretaris"]).json["slack_webhook_url"] is None


def test_a_new_organization_keeps_its_webhooks_apart_from_the_start(api, register, database):
    founder = register()
    created = api.post("/orgs", token=founder["access_token"], json={
        "name": "UKM Musik", "type": "ukm", "discord_webhook_url": DISCORD,
        "period": {"name": "2025/2026", "starts_on": "2025-09-01", "ends_on": "2026-08-31"}})
    assert created.status == 201 and created.json["discord_webhook_url"] == DISCORD
    with psycopg.connect(database) as conn:
        assert conn.execute("select discord_webhook_url from organization_service.chat_channels"
                            " where organization_id = %s", (created.json["id"],)).fetchone() == (DISCORD,)


# ---- 2. a webhook URL is checked when it is set ----

@pytest.mark.parametrize(("field", "url"), [
    ("discord_webhook_url", "http://discord.com/api/webhooks/1/abc"),
    ("discord_webhook_url", "https://169.254.169.254/api/webhooks/1/abc"),
    ("discord_webhook_url", "https://discord.com.evil.example/api/webhooks/1/abc"),
    ("discord_webhook_url", "https://user@discord.com/api/webhooks/1/abc"),
    ("discord_webhook_url", "https://discord.com:8443/api/webhooks/1/abc"),
    ("discord_webhook_url", "https://discord.com/oauth2/authorize"),
    ("discord_webhook_url", SLACK),
    ("slack_webhook_url", "https://hooks.slack.com.evil.example/services/T0/B0/x"),
    ("slack_webhook_url", "https://[::ffff:127.0.0.1]/services/T0/B0/x"),
    ("slack_webhook_url", "http://hooks.slack.com/services/T0/B0/x"),
    ("slack_webhook_url", DISCORD),
])
def test_a_chat_webhook_must_be_that_services_own_https_address(api, org, field, url):
    refused_ = api.request("PATCH", f"/orgs/{org.id}", token=org.tokens["ketua"], json={field: url})
    assert refused_.status == 422, refused_.json
    [error] = refused_.json["errors"]
    assert error["field"] == f"body.{field}" and "webhook URL" in error["message"]
    assert api.get(f"/orgs/{org.id}", token=org.tokens["ketua"]).json[field] in (DISCORD, SLACK)


@pytest.mark.parametrize(("field", "url"), [
    ("discord_webhook_url", "https://discordapp.com/api/webhooks/42/Ab_c-9"),
    ("discord_webhook_url", "https://ptb.discord.com/api/v10/webhooks/42/abc?thread_id=7"),
    ("slack_webhook_url", "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"),
])
def test_their_own_addresses_are_taken_as_sent(api, org, field, url):
    response = api.request("PATCH", f"/orgs/{org.id}", token=org.tokens["ketua"], json={field: url})
    assert response.status == 200 and response.json[field] == url


def documented(field: str) -> dict[str, Any]:
    """What the OpenAPI document says a field of PATCH /orgs/{id} takes (its non-null branch)."""
    [text] = [s for s in OrganizationUpdate.model_json_schema()["properties"][field]["anyOf"] if s["type"] == "string"]
    return text


@pytest.mark.parametrize(("field", "url"), [
    # 1,985 characters, which percent-encoding made 3,285: the document took it, the function refused it
    ("discord_webhook_url", "https://discord.com/api/webhooks/1/" + "a b" * 650),
    ("logo_url", "https://hima.example/" + "logo é" * 330),
    # a bare host gains a slash when normalized: 2,000 characters became 2,001
    ("logo_url", "https://" + "a" * 1992),
    ("logo_url", "https://hima.example/" + "a" * 1979),
    ("discord_webhook_url", "https://discord.com/api/webhooks/1/" + "a" * 1965),
])
def test_the_document_and_the_function_agree_on_a_url_and_keep_it_as_sent(api, org, field, url):
    schema = documented(field)
    promised = len(url) <= schema["maxLength"] and re.search(schema.get("pattern", ""), url) is not None
    response = api.request("PATCH", f"/orgs/{org.id}", token=org.tokens["ketua"], json={field: url})
    assert response.status == (200 if promised else 422), response.json
    if promised:
        assert response.json[field] == url


# ---- 3. nobody changes their own membership ----

def test_the_sekretaris_cannot_make_themselves_bendahara_in_sql(database, org):
    me = org.user_ids["sekretaris"]
    with as_caller(database, me) as conn:
        own = "update organization_service.memberships set {} where user_id = %s"
        assert refused(conn, own.format("role = 'bendahara'"), (me,))
        # a department and a title are labels, which grant nothing: the sekretaris may set their own
        assert not refused(conn, own.format("position_title = 'Sekretaris Jenderal'"), (me,))
        # what the sekretaris may do: another member's row
        assert not refused(conn, own.format("role = 'bendahara'"), (org.user_ids["anggota"],))


def test_neither_the_ketua_nor_a_former_member_changes_their_own_role_in_sql(database, org):
    with as_caller(database, org.user_ids["ketua"]) as conn:
        assert refused(conn, "update organization_service.memberships set role = 'wakil_ketua'"
                             " where user_id = %s", (org.user_ids["ketua"],))
    with as_caller(database, org.user_ids["former"]) as conn:
        assert refused(conn, "update organization_service.memberships set active = true, left_at = null"
                             " where user_id = %s", (org.user_ids["former"],))


def test_the_service_says_so_too(api, org):
    sekretaris = membership_of(api, org, "sekretaris")
    refused_ = api.request("PATCH", f"/orgs/{org.id}/members/{sekretaris}", token=org.tokens["sekretaris"],
                           json={"role": "bendahara"})
    assert refused_.status == 403 and "own role" in refused_.json["detail"], refused_.json
    ketua = membership_of(api, org, "ketua")
    assert api.request("PATCH", f"/orgs/{org.id}/members/{ketua}", token=org.tokens["ketua"],
                       json={"role": "wakil_ketua"}).status == 403
    # a title is a label: the ketua who founded the organization names their own
    assert api.request("PATCH", f"/orgs/{org.id}/members/{ketua}", token=org.tokens["ketua"],
                       json={"position_title": "Ketua Umum"}).json["position_title"] == "Ketua Umum"
    # sending one's own row unchanged changes nothing, and is no offence
    assert api.request("PATCH", f"/orgs/{org.id}/members/{sekretaris}", token=org.tokens["sekretaris"],
                       json={"role": "sekretaris"}).status == 200
    assert api.get(f"/orgs/{org.id}/members?role=bendahara", token=org.tokens["ketua"]).json["items"][0][
        "user_id"] == org.user_ids["bendahara"]


# ---- 4. a request without `sub` is nobody; a service is a service by its role ----

CONTRACT = {  # each question, and what "nothing" is
    "select organization_service.member_role(%(org)s, %(ketua)s)": None,
    "select organization_service.is_member_of(%(org)s, %(ketua)s)": False,
    "select organization_service.shares_organization(%(ketua)s, %(anggota)s)": False,
    "select count(*) from organization_service.organizations_of(%(ketua)s)": 0,
    "select organization_service.caller_may_ask(%(org)s)": False,
    "select organization_service.may_ask(%(org)s, %(ketua)s)": False,
    "select organization_service.local_today(%(org)s) is not null": False,
    "select organization_service.active_period(%(org)s) is not null": False,
    "select organization_service.period_in(%(org)s, %(period)s)": False,
    "select organization_service.department_in(%(org)s, %(period)s, %(department)s)": False,
    "select count(*) from organization_service.department_names(array[%(department)s]::uuid[])": 0,
    "select count(*) from organization_service.members_in_roles(%(org)s, array['ketua'])": 0,
    "select count(*) from organization_service.department_heads(%(department)s)": 0,
    "select organization_service.report_identity(%(org)s, %(period)s) is not null": False,
    "select count(*) from organization_service.active_periods()": 0,
    "select count(*) from user_service.display_names(array[%(ketua)s, %(anggota)s]::uuid[])": 0,
    "select count(*) from organization_service.people(array[%(ketua)s, %(anggota)s]::uuid[])": 0,
}


def ask(conn: psycopg.Connection, org: Org) -> dict[str, Any]:
    names = {"org": org.id, "period": org.period_id, "department": org.department_id,
             "ketua": org.user_ids["ketua"], "anggota": org.user_ids["anggota"]}
    return {question: conn.execute(question, names).fetchone()[0] for question in CONTRACT}


def test_a_request_without_sub_is_told_nothing(database, org):
    with as_caller(database, None) as conn:
        assert ask(conn, org) == CONTRACT
        assert conn.execute("select organization_service.caller_is_service()").fetchone() == (False,)
    # claims that say "service" do not make an authenticated transaction one
    with psycopg.connect(database) as conn, conn.transaction(force_rollback=True):
        conn.execute("select set_config('role', 'authenticated', true), set_config('request.jwt.claims', %s, true)",
                     (json.dumps({"role": "service_role", "sub": None}),))
        assert ask(conn, org) == CONTRACT


def test_a_member_and_a_service_are_answered(database, org):
    with as_caller(database, org.user_ids["anggota"]) as conn:
        member = ask(conn, org)
    with as_caller(database, None, role="service_role") as conn:
        service = ask(conn, org)
        assert conn.execute("select organization_service.caller_is_service()").fetchone() == (True,)
    for answers in (member, service):
        assert answers["select organization_service.member_role(%(org)s, %(ketua)s)"] == "ketua"
        assert answers["select organization_service.caller_may_ask(%(org)s)"] is True
        assert answers["select count(*) from organization_service.people(array[%(ketua)s, %(anggota)s]::uuid[])"] == 2
    assert member["select count(*) from organization_service.active_periods()"] == 0
    assert service["select count(*) from organization_service.active_periods()"] == 1


def test_an_invitee_is_someone(database, org):
    with as_caller(database, None, email="calon@kampus.example") as conn:
        assert rows(conn, "select id from organization_service.invitations") == []
        assert rows(conn, "select id from organization_service.my_invitations()") == []
    with as_caller(database, str(uuid.uuid4()), email="calon@kampus.example") as conn:
        assert len(rows(conn, "select id from organization_service.my_invitations()")) == 1


# ---- 5. a former member keeps their own, and loses the organization ----

def test_a_former_member_reads_only_their_own_rows_in_sql(database, org):
    me = org.user_ids["former"]
    with psycopg.connect(database, autocommit=True) as conn:  # something in their inbox from before
        conn.execute("insert into notification_service.notifications (recipient, organization_id, type, title, body,"
                     " event_id) values (%s, %s, 'task.assigned', 'Tugas baru', '', gen_random_uuid())", (me, org.id))
    with as_caller(database, me) as conn:
        for table in ("organizations", "periods", "departments", "invitations", "chat_channels"):
            assert rows(conn, f"select * from organization_service.{table}") == [], table
        own = rows(conn, "select user_id, role, active, left_at is not null from organization_service.memberships")
        assert own == [(uuid.UUID(me), "wakil_ketua", False, True)]
        assert rows(conn, "select user_id from user_service.profiles") == [(uuid.UUID(me),)]
        assert rows(conn, "select user_id from user_service.display_names(%s::uuid[])",
                    (list(org.user_ids.values()),)) == [(uuid.UUID(me),)]
        assert rows(conn, "select title from notification_service.notifications") == [("Tugas baru",)]
        assert conn.execute("select organization_service.is_member(%s), organization_service.caller_may_ask(%s),"
                            " organization_service.my_role(%s)", (org.id, org.id, org.id)).fetchone() == (
            False, False, None)


def test_the_organization_still_names_who_left(database, org):
    with as_caller(database, org.user_ids["anggota"]) as conn:
        named = rows(conn, "select display_name, email from organization_service.people(%s::uuid[])",
                     ([org.user_ids["former"]],))
        assert named == [("Wakil Ketua", None)]  # the name, for history; not the address


@pytest.mark.parametrize("path", ["/orgs/{org}", "/orgs/{org}/periods", "/orgs/{org}/departments",
                                  "/orgs/{org}/departments/{department}", "/orgs/{org}/members",
                                  "/orgs/{org}/invitations", "/users?organization_id={org}", "/users/{ketua}"])
def test_a_former_member_is_not_found_by_the_api(api, org, path):
    url = path.format(org=org.id, department=org.department_id, ketua=org.user_ids["ketua"])
    response = api.get(url, token=org.tokens["former"])
    assert response.status == 404, response.json


def test_a_former_member_keeps_their_account_and_loses_the_organization_from_their_list(api, org):
    token = org.tokens["former"]
    assert api.get("/orgs", token=token).json["items"] == []
    assert api.get("/users/me", token=token).status == 200
    assert api.get("/notifications", token=token).status == 200
    assert api.post(f"/orgs/{org.id}/leave", token=token).status == 404


def test_a_creator_who_left_is_a_former_member_like_any_other(api, database, org):
    bendahara = membership_of(api, org, "bendahara")  # a second ketua first: the organization keeps one
    assert api.request("PATCH", f"/orgs/{org.id}/members/{bendahara}", token=org.tokens["ketua"],
                       json={"role": "ketua"}).status == 200
    assert api.post(f"/orgs/{org.id}/leave", token=org.tokens["ketua"]).status == 200
    assert api.get(f"/orgs/{org.id}", token=org.tokens["ketua"]).status == 404
    with as_caller(database, org.user_ids["ketua"]) as conn:
        assert rows(conn, "select id from organization_service.organizations") == []


def test_a_member_of_a_past_period_still_reads_its_history(api, database, org):
    draft = api.post(f"/orgs/{org.id}/periods", token=org.tokens["ketua"],
                     json={"name": "Kabinet Baru", "starts_on": "2026-09-01", "ends_on": "2027-08-31"}).json
    assert api.post(f"/orgs/{org.id}/periods/{draft['id']}/activate", token=org.tokens["ketua"]).status == 200
    anggota = org.tokens["anggota"]  # a member of the finished period only, their row still active
    assert api.get(f"/orgs/{org.id}", token=anggota).status == 200
    past = api.get(f"/orgs/{org.id}/members?period_id={org.period_id}", token=anggota)
    assert past.status == 200 and len(past.json["items"]) == len(ROLES)
    with as_caller(database, org.user_ids["anggota"]) as conn:
        assert conn.execute("select organization_service.is_member(%s)", (org.id,)).fetchone() == (True,)
