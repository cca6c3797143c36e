"""Wire models of the auth API (what goes over HTTP), separate from rows."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, StringConstraints

from shared.email_address import Email
from shared.types import NON_BLANK, Model, Request

Password = Annotated[str, Field(min_length=1, max_length=256)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), NON_BLANK]


class RegisterRequest(Request):
    email: Email
    password: Password
    name: Name


class LoginRequest(Request):
    email: Email
    password: Password


class RefreshRequest(Request):
    refresh_token: Annotated[str, Field(min_length=1, max_length=512)]


class ChangePasswordRequest(Request):
    current_password: Password
    new_password: Password


OneTimeToken = Annotated[str, Field(min_length=16, max_length=128, pattern=r"^[A-Za-z0-9_-]+$",
                                    description="The token of the link that was mailed (after `#token=`).")]


class EmailAddressRequest(Request):
    """Where to send a link; the answer is the same whether or not an account has this address."""

    email: Email


class ResetPasswordRequest(Request):
    token: OneTimeToken
    new_password: Password


class VerifyEmailRequest(Request):
    token: OneTimeToken


class User(Model):
    id: UUID
    email: str
    name: str
    created_at: datetime | None = None
    email_verified: bool | None = Field(
        default=None, description="Whether the address was proved by a link sent to it (null: the identity provider "
                          "does not say here).")


class Tokens(Model):
    """Shaped like Supabase Auth's session response."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 (a token type, not a secret)
    expires_in: int
    expires_at: int
    refresh_token: str
    user: User


class Session(Model):
    id: UUID
    created_at: datetime
    refreshed_at: datetime | None
    expires_at: datetime
    user_agent: str | None
    ip_address: str | None
    current: bool


class SessionList(Model):
    items: list[Session]
