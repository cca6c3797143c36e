"""Password recovery and e-mail verification with the built-in provider, as a user and an attacker see
them: the requests through the API, the outbox delivered by the local dispatcher (routed by
template.yaml) to the auth service's consumer, the e-mail through SES (moto), the link followed.
And: an e-mail invitation is answered only by an account that proved the address."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from functions.notifications import channels
from infra.local.events import LocalDispatcher
from shared.config import reset_settings
from tests.conftest import STRONG_PASSWORD

NEW_PASSWORD = "Rapat Kerja Akbar 2026?"
REGION = "ap-southeast-1"


@pytest.fixture
def ses(monkeypatch) -> Iterator[None]:
    from moto import mock_aws

    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": REGION, "NOTIFICATION_EMAIL_SENDER": "noreply@proker.example",
                        "APP_BASE_URL": "https://app.proker.example"}.items():
        monkeypatch.setenv(name, value)
    reset_settings()
    channels.reset()
    with mock_aws():
        import boto3

        boto3.client("ses", region_name=REGION).verify_email_identity(EmailAddress="noreply@proker.example")
        yield
    channels.reset()
    monkeypatch.undo()
    reset_settings()


def mails(to: str | None = None) -> list[Any]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    sent = list(ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages)
    return [m for m in sent if to is None or m.destinations["ToAddresses"] == [to]]


def deliver(database: str) -> None:
    """What `make dev`'s dispatcher (and on AWS, EventBridge and SQS) does: every due event to its consumers."""
    dispatcher = LocalDispatcher(database)
    try:
        while dispatcher.sweep().claimed:
            pass
    finally:
        dispatcher.stop()


def token_in(mail: Any, page: str) -> str:
    match = re.search(rf'href="https://app\.proker\.example/{page}#token=([A-Za-z0-9_-]+)"', mail.body)
    assert match, mail.body
    return match.group(1)


def sql(database: str, query: str, params: Any = None) -> list[tuple]:
    with psycopg.connect(database, autocommit=True) as conn:
        cursor = conn.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def verified(api, tokens: dict) -> bool:
    return api.get("/auth/me", token=tokens["access_token"]).json["email_verified"]


# ---- e-mail verification ----

def test_registering_mails_a_verification_link_that_works_once(api, database, register, ses):
    tokens = register(email="dina@kampus.example", name="Dina <b>", verified=False)
    assert verified(api, tokens) is False
    deliver(database)
    [mail] = mails("dina@kampus.example")
    assert mail.source == "noreply@proker.example"
    assert mail.subject == "Verifikasi alamat e-mail Proker Tracker"
    assert "Halo Dina &lt;b&gt;," in mail.body and "<b>" not in mail.body
    token = token_in(mail, "verify-email")

    assert api.post("/auth/email/verify", json={"token": token}).status == 204
    assert verified(api, tokens) is True
    again = api.post("/auth/email/verify", json={"token": token})
    assert again.status == 422
    assert again.json["errors"] == [{"field": "body.token", "message": "is not valid, has expired or was already used",
                                     "code": "invalid_token"}]
    # only the hash is kept, and the token never passed through the outbox
    assert sql(database, "select token_hash from auth_service.one_time_tokens") == [
        (hashlib.sha256(token.encode()).digest(),)]
    assert sql(database, "select count(*) from events.outbox where payload::text like %s", (f"%{token}%",)) == [(0,)]


def test_a_new_verification_link_on_request_and_none_for_a_verified_address(api, database, register, ses):
    register(email="dina@kampus.example", verified=False)
    register(email="raka@kampus.example")  # verified
    for email in ("dina@kampus.example", "raka@kampus.example", "nobody@kampus.example"):
        response = api.post("/auth/email/verify-request", json={"email": email})
        assert (response.status, response.body) == (202, b"")
    deliver(database)
    assert len(mails("dina@kampus.example")) == 2  # at registration, and on request
    assert mails("raka@kampus.example") == [] and mails("nobody@kampus.example") == []


def test_an_expired_verification_link_is_refused(api, database, register, ses):
    register(email="dina@kampus.example", verified=False)
    deliver(database)
    token = token_in(mails("dina@kampus.example")[0], "verify-email")
    sql(database, "update auth_service.one_time_tokens set created_at = now() - interval '4 days',"
                  " expires_at = now() - interval '1 day'")
    assert api.post("/auth/email/verify", json={"token": token}).status == 422


@pytest.mark.parametrize("token", ["x" * 15, "not a token!" * 2, "a" * 129])
def test_a_malformed_token_is_422_naming_the_field(api, database, token):
    response = api.post("/auth/email/verify", json={"token": token})
    assert response.status == 422
    assert response.json["errors"][0]["field"] == "body.token"


# ---- password recovery ----

def test_forgot_password_answers_alike_for_a_known_and_an_unknown_address(api, database, register, ses):
    register(email="raka@kampus.example")
    known = api.post("/auth/password/forgot", json={"email": "Raka@Kampus.example"})
    unknown = api.post("/auth/password/forgot", json={"email": "nobody@kampus.example"})
    assert (known.status, known.body) == (unknown.status, unknown.body) == (202, b"")
    deliver(database)
    assert mails("nobody@kampus.example") == []
    [mail] = mails("raka@kampus.example")
    assert mail.subject == "Atur ulang kata sandi Proker Tracker"
    assert "berlaku 1 jam" in mail.body


def test_a_reset_link_sets_the_password_once_and_ends_every_session(api, database, register, ses):
    first = register(email="raka@kampus.example", verified=False)
    second = api.post("/auth/login", json={"email": "raka@kampus.example", "password": STRONG_PASSWORD}).json
    api.post("/auth/password/forgot", json={"email": "raka@kampus.example"})
    deliver(database)
    [reset_mail] = [m for m in mails("raka@kampus.example") if "reset-password" in m.body]
    token = token_in(reset_mail, "reset-password")

    weak = api.post("/auth/password/reset", json={"token": token, "new_password": "password1"})
    assert weak.status == 422 and weak.json["errors"][0]["field"] == "body.new_password"
    # a refused password does not use the link up
    assert api.post("/auth/password/reset", json={"token": token, "new_password": NEW_PASSWORD}).status == 204

    for tokens in (first, second):
        assert api.get("/auth/me", token=tokens["access_token"]).status == 401
        assert api.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).status == 401
    old = api.post("/auth/login", json={"email": "raka@kampus.example", "password": STRONG_PASSWORD})
    assert old.status == 401
    new = api.post("/auth/login", json={"email": "raka@kampus.example", "password": NEW_PASSWORD})
    assert new.status == 200
    assert new.json["user"]["email_verified"] is True  # the link proved the address too
    reused = api.post("/auth/password/reset", json={"token": token, "new_password": "Yet Another Fine Pass 9!"})
    assert reused.status == 422 and reused.json["errors"][0]["code"] == "invalid_token"


def test_a_verification_link_does_not_reset_a_password(api, database, register, ses):
    register(email="dina@kampus.example", verified=False)
    deliver(database)
    token = token_in(mails("dina@kampus.example")[0], "verify-email")
    assert api.post("/auth/password/reset", json={"token": token, "new_password": NEW_PASSWORD}).status == 422


def test_an_expired_reset_link_is_refused(api, database, register, ses):
    register(email="raka@kampus.example")
    api.post("/auth/password/forgot", json={"email": "raka@kampus.example"})
    deliver(database)
    token = token_in(mails("raka@kampus.example")[0], "reset-password")
    sql(database, "update auth_service.one_time_tokens set created_at = now() - interval '2 hours',"
                  " expires_at = now() - interval '1 hour'")
    assert api.post("/auth/password/reset", json={"token": token, "new_password": NEW_PASSWORD}).status == 422
    assert api.post("/auth/login", json={"email": "raka@kampus.example", "password": STRONG_PASSWORD}).status == 200


def test_a_mailbox_gets_at_most_three_reset_links_an_hour(api, database, register, ses):
    register(email="raka@kampus.example")
    for _ in range(6):
        assert api.post("/auth/password/forgot", json={"email": "raka@kampus.example"}).status == 202
    deliver(database)
    assert len(mails("raka@kampus.example")) == 3


def test_the_reset_mail_is_in_the_users_language(api, database, register, ses):
    tokens = register(email="raka@kampus.example")
    settings = api.get("/users/me/settings", token=tokens["access_token"]).json
    assert api.put("/users/me/settings", token=tokens["access_token"],
                   json={**settings, "language": "en"}).status == 200
    api.post("/auth/password/forgot", json={"email": "raka@kampus.example"})
    deliver(database)
    [mail] = mails("raka@kampus.example")
    assert mail.subject == "Reset your Proker Tracker password" and '<html lang="en">' in mail.body


def test_without_an_email_sender_no_link_is_made(api, database, register, monkeypatch):
    monkeypatch.delenv("NOTIFICATION_EMAIL_SENDER", raising=False)
    reset_settings()
    channels.reset()
    register(email="raka@kampus.example", verified=False)
    api.post("/auth/password/forgot", json={"email": "raka@kampus.example"})
    deliver(database)
    assert sql(database, "select count(*) from auth_service.one_time_tokens") == [(0,)]
    assert sql(database, "select state, count(*) from events.outbox group by state") == [("delivered", 2)]


# ---- e-mail invitations need a verified address ----

def _invite(api, register, email: str) -> tuple[dict, str]:
    ketua = register(email="ketua@hima.example")
    org = api.post("/orgs", token=ketua["access_token"], json={
        "name": "HIMA Informatika", "type": "hima",
        "period": {"name": "Kabinet Sinergi 2025/2026", "starts_on": "2025-09-01", "ends_on": "2026-08-31"}}).json
    invitation = api.post(f"/orgs/{org['id']}/invitations", token=ketua["access_token"],
                          json={"email": email, "role": "bendahara"})
    assert invitation.status == 201, invitation.json
    return ketua, invitation.json["id"]


def test_an_email_invitation_waits_until_the_address_is_proved(api, database, register, ses):
    _, invitation = _invite(api, register, "dina@kampus.example")
    # someone registers the invited address without owning the mailbox
    squatter = register(email="dina@kampus.example", verified=False)
    for answer in ("accept", "decline"):
        refused = api.post(f"/orgs/invitations/{invitation}/{answer}", token=squatter["access_token"])
        assert refused.status == 403
        assert refused.json["detail"].startswith("Verify your e-mail address first")
    # the same answer for an invitation that does not exist: nothing is revealed
    made_up = api.post("/orgs/invitations/00000000-0000-4000-8000-000000000000/accept",
                       token=squatter["access_token"])
    assert made_up.status == 403
    # whoever reads the mailbox proves it, and may accept
    deliver(database)
    token = token_in(mails("dina@kampus.example")[0], "verify-email")
    assert api.post("/auth/email/verify", json={"token": token}).status == 204
    accepted = api.post(f"/orgs/invitations/{invitation}/accept", token=squatter["access_token"])
    assert accepted.status == 200 and accepted.json["role"] == "bendahara"


def test_a_code_invitation_needs_no_verified_address(api, database, register):
    ketua = register(email="ketua@hima.example")
    org = api.post("/orgs", token=ketua["access_token"], json={
        "name": "UKM Musik", "type": "ukm",
        "period": {"name": "2025/2026", "starts_on": "2025-09-01", "ends_on": "2026-08-31"}}).json
    code = api.post(f"/orgs/{org['id']}/invitations", token=ketua["access_token"], json={"role": "anggota"}).json
    guest = register(email="guest@kampus.example", verified=False)
    assert api.post("/orgs/invitations/accept", token=guest["access_token"],
                    json={"code": code["code"]}).status == 200


def test_the_database_contract_answers_only_for_the_callers_own_proved_address(api, database, register):
    unproved = register(email="dina@kampus.example", verified=False)["user"]["id"]
    proved = register(email="raka@kampus.example")["user"]["id"]

    def ask(claims: str) -> bool:
        with psycopg.connect(database) as conn:
            conn.execute("set role authenticated")
            conn.execute("select set_config('request.jwt.claims', %s, true)", (claims,))
            return conn.execute("select auth_service.email_is_verified()").fetchone()[0]

    assert ask(f'{{"sub": "{proved}", "email": "raka@kampus.example"}}') is True
    assert ask(f'{{"sub": "{unproved}", "email": "dina@kampus.example"}}') is False
    assert ask(f'{{"sub": "{unproved}", "email": "raka@kampus.example"}}') is False  # another's address
    assert ask('{"email": "raka@kampus.example"}') is False  # no sub: nobody
    with psycopg.connect(database) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("set role authenticated")
        conn.execute("select * from auth_service.one_time_tokens")
