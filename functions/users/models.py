"""Wire models of the users API (what goes over HTTP), separate from rows; the field rules live here."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    UrlConstraints,
    field_validator,
)

from shared.email_address import Email
from shared.types import NON_BLANK, NOT_NULL, Model, Request, iana_time_zone

DEFAULT_TIME_ZONE = "Asia/Jakarta"


def _phone(value: str) -> str:
    """Spaces, dashes, dots and brackets are how people write numbers; the digits (and a leading +) are kept."""
    digits = re.sub(r"[\s().-]", "", value)
    if not re.fullmatch(r"\+?[0-9]{8,15}", digits):
        raise ValueError("must be a phone number of 8 to 15 digits, optionally starting with + (e.g. +6281234567890)")
    return digits


DisplayName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), NON_BLANK]
_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), NON_BLANK]
_Url = Annotated[AnyHttpUrl, UrlConstraints(max_length=2000, allowed_schemes=["https", "http"])]
_Phone = Annotated[str, Field(max_length=30, json_schema_extra={  # what _phone accepts, for the document
    "pattern": r"^[\s().-]*\+?[\s().-]*([0-9][\s().-]*){8,15}$"}), AfterValidator(_phone)]
_StudentNumber = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9./-]{3,30}$")]
_Bio = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000), NON_BLANK]
# Optional fields of a profile: null clears them.
Text = _Text | None
AvatarUrl = Annotated[_Url | None, Field(description="An http(s) URL of the picture.")]
Phone = Annotated[_Phone | None, Field(description="8-15 digits, optionally after +; spaces, dashes, dots and "
                                                   "brackets are dropped.", examples=["+6281234567890"])]
StudentNumber = Annotated[_StudentNumber | None,
                          Field(description="NIM: 3-30 letters, digits, `.`, `/` or `-`.", examples=["2106123456"])]
Bio = _Bio | None
TimeZone = Annotated[str, Field(max_length=64, examples=[DEFAULT_TIME_ZONE]), AfterValidator(iana_time_zone)]
Language = Literal["id", "en"]


# ---- profiles ----

class PublicProfile(Model):
    """What fellow members of my organizations see of me."""

    user_id: UUID
    display_name: str
    email: str | None = Field(description="Shown to fellow members: they can search by it anyway.")
    avatar_url: str | None
    faculty: str | None
    study_program: str | None
    bio: str | None


class Profile(PublicProfile):
    """My own profile: the public part, and what only I see (phone, student number)."""

    phone: str | None
    student_number: str | None
    student_number_on_documents: bool = Field(
        description="Whether my NIM is printed under my signature on the documents I sign (an approved LPJ), "
                    "to those who see my name there. Off until I turn it on.")
    created_at: datetime
    updated_at: datetime


class ProfileUpdate(Request):
    """PATCH /users/me: only the fields present change; `null` clears an optional field."""

    display_name: Annotated[DisplayName | None, NOT_NULL] = None
    avatar_url: AvatarUrl = None
    phone: Phone = None
    student_number: StudentNumber = None
    student_number_on_documents: Annotated[StrictBool | None, NOT_NULL] = None
    faculty: Text = None
    study_program: Text = None
    bio: Bio = None

    @field_validator("display_name")
    @classmethod
    def _display_name_stays(cls, value: str | None) -> str:
        if value is None:
            raise ValueError("cannot be removed; give a name")
        return value

    def changes(self) -> dict[str, str | bool | None]:
        """The fields the request sets, as stored (URLs as text)."""
        return self.model_dump(mode="json", include=self.model_fields_set)


class ProfileRegistration(Request):
    """PUT /users/internal/profiles/{user_id}: what the auth service knows of a new account."""

    email: Email
    display_name: DisplayName


# ---- settings ----

class ChannelPreferences(Model):
    """Whether a kind of notification reaches me in the app, by e-mail, and in the organization's chat."""

    model_config = ConfigDict(extra="forbid")

    in_app: StrictBool
    email: StrictBool
    chat: StrictBool


class NotificationPreferences(Model):
    """Per kind of notification, per channel."""

    model_config = ConfigDict(extra="forbid")

    task_assigned: ChannelPreferences
    task_status_changed: ChannelPreferences
    task_due: ChannelPreferences
    comment: ChannelPreferences
    program_status_changed: ChannelPreferences
    invitation: ChannelPreferences
    report: ChannelPreferences = Field(
        default_factory=lambda: ChannelPreferences(in_app=True, email=True, chat=False),
        description="A report of my organization is ready (the board hears of it). Optional, so that clients "
                    "written before it existed keep working: left out, it is the default (in the app and by "
                    "e-mail).")


class Settings(Model):
    """My settings. PUT replaces them whole, so every field is required: GET them, change, PUT back."""

    model_config = ConfigDict(extra="forbid")

    language: Language = Field(description="Language of notifications and reports: `id` (the default) or `en`.")
    time_zone: TimeZone = Field(description="IANA time zone for dates in notifications and reports.")
    notifications: NotificationPreferences
    daily_digest: StrictBool = Field(description="One e-mail a day summing up what happened.")


def _channels(*, email: bool = False) -> dict[str, bool]:
    return {"in_app": True, "email": email, "chat": False}


DEFAULT_NOTIFICATIONS: dict[str, dict[str, bool]] = {
    # Everything in the app; e-mail for what needs acting on; the organization's chat is opt-in.
    "task_assigned": _channels(email=True),
    "task_status_changed": _channels(),
    "task_due": _channels(email=True),
    "comment": _channels(),
    "program_status_changed": _channels(email=True),
    "invitation": _channels(email=True),
    "report": _channels(email=True),
}
"""The same table is user_service.notification_defaults() in SQL, which the notifications service reads
(functions/users/migrations/0002_notification_contract.sql); a test checks that both agree."""


def default_settings() -> Settings:
    return Settings(language="id", time_zone=DEFAULT_TIME_ZONE,
                    notifications=NotificationPreferences.model_validate(DEFAULT_NOTIFICATIONS), daily_digest=False)


def notifications_from(stored: dict[str, dict[str, bool]]) -> NotificationPreferences:
    """Stored preferences over the defaults: a kind added later starts at its default for everyone."""
    merged = {kind: {**channels, **stored.get(kind, {})} for kind, channels in DEFAULT_NOTIFICATIONS.items()}
    return NotificationPreferences.model_validate(merged)
