"""The e-mails of the built-in identity provider: an address verification link after registration or on
request, a password reset link on request. Called by the auth service's consumer
(``functions/auth/consumers/send_emails.py``) for ``user.registered``, ``auth.email_verification_requested``
and ``auth.password_reset_requested``.

The token is minted here, in the consumer's transaction, mailed, and only then its hash is stored: the
raw token is never written anywhere but the e-mail. If sending fails, the transaction (and the receipt)
rolls back and the event is delivered again later; when e-mail is switched off (no
``NOTIFICATION_EMAIL_SENDER``) nothing is stored, since no link went out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from aws_lambda_powertools import Logger

from functions.auth import tokens
from functions.auth.recovery import EMAIL_VERIFICATION, PASSWORD_RESET
from functions.auth.repository import AccountRow
from shared.config import get_settings

logger = Logger(child=True)

PURPOSE_OF_EVENT = {
    "user.registered": EMAIL_VERIFICATION,
    "auth.email_verification_requested": EMAIL_VERIFICATION,
    "auth.password_reset_requested": PASSWORD_RESET,
}
"""The event types the consumer handles (template.yaml routes exactly these to it; a test checks)."""

PAGE = {PASSWORD_RESET: "reset-password", EMAIL_VERIFICATION: "verify-email"}
"""The web app's page each link opens; the token goes in the fragment, which browsers never send to a
server (no access log or Referer holds it)."""


class EmailStore(Protocol):
    def account(self, user_id: UUID) -> AccountRow | None: ...
    def language_of(self, user_id: UUID) -> str: ...
    def add_token(self, token_hash: bytes, user_id: UUID, purpose: str, email: str, ttl_seconds: int) -> None: ...


class Mailer(Protocol):
    def send_email(self, to: str, subject: str, text: str, html: str) -> bool:
        """Send it; False when e-mail is switched off (``functions.notifications.channels.Outside``)."""
        ...


@dataclass(frozen=True)
class Mail:
    subject: str
    text: str
    html: str


_TEXTS = {
    "id": {
        PASSWORD_RESET: ("Atur ulang kata sandi Proker Tracker",
                         "Seseorang (semoga Anda) meminta untuk mengatur ulang kata sandi akun Proker Tracker Anda.",
                         "Atur ulang kata sandi",
                         "Tautan ini berlaku {hours} jam dan hanya sekali pakai. Semua sesi akun Anda akan diakhiri. "
                         "Jika Anda tidak memintanya, abaikan e-mail ini: kata sandi Anda tidak berubah."),
        EMAIL_VERIFICATION: ("Verifikasi alamat e-mail Proker Tracker",
                             "Buktikan bahwa alamat ini milik Anda, agar Anda dapat menerima undangan organisasi.",
                             "Verifikasi alamat e-mail",
                             "Tautan ini berlaku {hours} jam dan hanya sekali pakai. Jika Anda tidak mendaftar di "
                             "Proker Tracker, abaikan e-mail ini."),
        "hello": "Halo {name},",
    },
    "en": {
        PASSWORD_RESET: ("Reset your Proker Tracker password",
                         "Someone (hopefully you) asked to reset the password of your Proker Tracker account.",
                         "Reset the password",
                         "This link works for {hours} hours, once. Every session of your account will be ended. "
                         "If you did not ask for it, ignore this e-mail: your password stays as it is."),
        EMAIL_VERIFICATION: ("Verify your Proker Tracker e-mail address",
                             "Prove that this address is yours, so that you can accept invitations to organizations.",
                             "Verify the address",
                             "This link works for {hours} hours, once. If you did not register at Proker Tracker, "
                             "ignore this e-mail."),
        "hello": "Hello {name},",
    },
}


def _ttl_seconds(purpose: str) -> int:
    settings = get_settings()
    return settings.password_reset_ttl_seconds if purpose == PASSWORD_RESET else settings.email_verification_ttl_seconds


def compose(purpose: str, *, name: str, link: str, language: str) -> Mail:
    language = language if language in _TEXTS else "id"
    texts = _TEXTS[language]
    subject, intro, action, outro_template = texts[purpose]
    outro = outro_template.format(hours=max(1, _ttl_seconds(purpose) // 3600))
    hello = str(texts["hello"]).format(name=name)
    text = f"{hello}\n\n{intro}\n\n{action}: {link}\n\n{outro}\n"
    from html import escape  # html loads its entity table (html.entities): only when a mail is composed

    html = (f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"><title>{escape(subject)}'
            f"</title></head><body><p>{escape(hello)}</p><p>{escape(intro)}</p>"
            f'<p><a href="{escape(link)}">{escape(action)}</a></p><p>{escape(outro)}</p></body></html>')
    return Mail(subject=str(subject), text=text, html=html)


def send_link(store: EmailStore, mailer: Mailer, event_type: str, payload: dict[str, object]) -> bool:
    """Mail the link the event asks for; True when one was sent. Nothing is sent for an account of another
    provider (Supabase mails its own), one that no longer exists, or an address already verified."""
    purpose = PURPOSE_OF_EVENT[event_type]
    if event_type == "user.registered" and payload.get("provider") != "builtin":
        return False
    account = store.account(UUID(str(payload["user_id"])))
    if account is None or (purpose == EMAIL_VERIFICATION and account.email_verified_at is not None):
        return False
    token = tokens.new_one_time_token()
    link = f"{get_settings().app_base_url}/{PAGE[purpose]}#token={token}"
    mail = compose(purpose, name=account.name, link=link, language=store.language_of(account.id))
    if not mailer.send_email(account.email, mail.subject, mail.text, mail.html):
        logger.info("no link mailed: e-mail is switched off", extra={"purpose": purpose})
        return False
    store.add_token(tokens.one_time_token_hash(token), account.id, purpose, account.email, _ttl_seconds(purpose))
    return True
