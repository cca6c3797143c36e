"""The auth service's e-mails (functions/auth/emails.py) on fakes, and the routing of account events."""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID

from functions.auth import emails
from functions.auth.repository import AccountRow
from infra.local.template import Template

ACCOUNT = AccountRow(id=uuid.uuid4(), email="dina@kampus.example", name="Dina", email_verified_at=None)


@dataclass
class FakeEmailStore:
    account_row: AccountRow | None = ACCOUNT
    tokens: list[tuple[bytes, UUID, str, str, int]] = field(default_factory=list)

    def account(self, user_id: UUID) -> AccountRow | None:
        return self.account_row if self.account_row and self.account_row.id == user_id else None

    def language_of(self, user_id: UUID) -> str:
        return "en"

    def add_token(self, token_hash: bytes, user_id: UUID, purpose: str, email: str, ttl_seconds: int) -> None:
        self.tokens.append((token_hash, user_id, purpose, email, ttl_seconds))


@dataclass
class FakeMailer:
    switched_on: bool = True
    sent: list[tuple[str, str, str, str]] = field(default_factory=list)

    def send_email(self, to: str, subject: str, text: str, html: str) -> bool:
        if self.switched_on:
            self.sent.append((to, subject, text, html))
        return self.switched_on


def test_a_reset_link_is_mailed_and_only_its_hash_is_kept():
    store, mailer = FakeEmailStore(), FakeMailer()
    assert emails.send_link(store, mailer, "auth.password_reset_requested", {"user_id": str(ACCOUNT.id)})
    [(to, subject, text, _)] = mailer.sent
    assert (to, subject) == ("dina@kampus.example", "Reset your Proker Tracker password")
    token = re.search(r"/reset-password#token=([A-Za-z0-9_-]{43})$", text, re.M).group(1)  # type: ignore[union-attr]
    [(token_hash, user_id, purpose, email, ttl)] = store.tokens
    assert token_hash == hashlib.sha256(token.encode()).digest() and token.encode() not in token_hash
    assert (user_id, purpose, email, ttl) == (ACCOUNT.id, "password_reset", "dina@kampus.example", 3600)


def test_nothing_is_kept_when_email_is_switched_off():
    store = FakeEmailStore()
    assert not emails.send_link(store, FakeMailer(switched_on=False), "user.registered",
                                {"user_id": str(ACCOUNT.id), "provider": "builtin"})
    assert store.tokens == []


def test_no_verification_link_for_a_supabase_account_or_a_verified_address():
    mailer = FakeMailer()
    assert not emails.send_link(FakeEmailStore(), mailer, "user.registered",
                                {"user_id": str(ACCOUNT.id), "provider": "supabase"})
    verified = AccountRow(id=ACCOUNT.id, email=ACCOUNT.email, name="Dina", email_verified_at=datetime.now(UTC))
    assert not emails.send_link(FakeEmailStore(account_row=verified), mailer, "auth.email_verification_requested",
                                {"user_id": str(ACCOUNT.id)})
    assert not emails.send_link(FakeEmailStore(account_row=None), mailer, "auth.password_reset_requested",
                                {"user_id": str(ACCOUNT.id)})
    assert mailer.sent == []


def test_the_html_escapes_the_name_and_the_language_falls_back_to_indonesian():
    mail = emails.compose("email_verification", name="<script>", link="https://app.example/verify-email#token=x",
                          language="fr")
    assert "&lt;script&gt;" in mail.html and "<script>" not in mail.html
    assert mail.subject == "Verifikasi alamat e-mail Proker Tracker" and '<html lang="fr">' not in mail.html


def test_the_rules_route_exactly_what_the_account_consumers_handle():
    template = Template.load()
    auth_rule = template.resources["AuthSendEmailsRule"]["Properties"]["EventPattern"]
    assert sorted(auth_rule["detail-type"]) == sorted(emails.PURPOSE_OF_EVENT)
    assert template.handler_of("AuthSendEmailsFunction") == "functions.auth.consumers.send_emails.handler"
    users_rule = template.resources["UsersCreateProfileRule"]["Properties"]["EventPattern"]
    assert users_rule == {"detail-type": ["user.registered"]}
    assert template.handler_of("UsersCreateProfileFunction") == "functions.users.consumers.create_profile.handler"
