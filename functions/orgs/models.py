"""Wire models of the organization API."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    field_validator,
)

from shared.email_address import Email
from shared.types import NON_BLANK, WHOLE_NUMBER, Bool, IsoDate, Model, Request, iana_time_zone

Role = Literal["ketua", "wakil_ketua", "sekretaris", "bendahara", "kepala_departemen",
               "wakil_kepala_departemen", "anggota", "pembina"]
OrganizationType = Literal["bem", "dpm", "hima", "ukm", "osis", "other"]
PeriodStatus = Literal["draft", "aktif", "selesai"]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), NON_BLANK]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40), NON_BLANK]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]
URL_MAX_LENGTH = 2000  # the columns' limit
# What a URL may hold as it is (RFC 3986's characters): nothing for normalizing to percent-encode.
URL_PATTERN = r"^https?://[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+$"
_HTTP_URL = TypeAdapter(AnyHttpUrl, config=ConfigDict(defer_build=True))  # built when first used, as the models


def _http_url(value: str) -> str:
    """Checked as an http(s) URL but kept as sent: normalized (percent-encoded, a slash added) a URL of
    2,000 characters could grow past the 2,000 the document promises and the column holds."""
    try:
        if re.fullmatch(URL_PATTERN, value):
            _HTTP_URL.validate_python(value)
            return value
    except ValidationError:
        pass
    raise ValueError("must be an http(s) URL, its special characters percent-encoded")


def _webhook_of(service: str, pattern: str, example: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not re.fullmatch(pattern, value):
            raise ValueError(f"must be a {service} webhook URL (https, {service}'s own address), such as {example}")
        return value

    return check


# The chat webhooks: only the services' own webhook addresses, over https, ASCII as the services hand them
# out; a URL that leads anywhere else is refused when it is set, not only when a notification is sent
# (the notifications service checks the address again then).
DISCORD_WEBHOOK = (r"^https://((ptb|canary)\.)?(discord|discordapp)\.com/api(/v[0-9]+)?/webhooks/[0-9]+/[A-Za-z0-9_-]+"
                   r"(\?[A-Za-z0-9_=&-]*)?$")
SLACK_WEBHOOK = r"^https://hooks\.slack\.com/services/[A-Za-z0-9]+/[A-Za-z0-9]+/[A-Za-z0-9]+$"
# Each checked by its validator; the OpenAPI schema names the pattern the validator applies.
Url = Annotated[str, StringConstraints(max_length=URL_MAX_LENGTH), AfterValidator(_http_url),
                Field(json_schema_extra={"pattern": URL_PATTERN, "format": "uri"})]
DiscordWebhookUrl = Annotated[
    str, StringConstraints(max_length=URL_MAX_LENGTH),
    AfterValidator(_webhook_of("Discord", DISCORD_WEBHOOK, "https://discord.com/api/webhooks/123/abc")),
    Field(json_schema_extra={"pattern": DISCORD_WEBHOOK, "format": "uri"})]
SlackWebhookUrl = Annotated[
    str, StringConstraints(max_length=URL_MAX_LENGTH),
    AfterValidator(_webhook_of("Slack", SLACK_WEBHOOK, "https://hooks.slack.com/services/T0/B0/abc")),
    Field(json_schema_extra={"pattern": SLACK_WEBHOOK, "format": "uri"})]
Code = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9_-]{1,20}$")]
PositionTitle = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
InvitationStatus = Literal["pending", "accepted", "declined", "used_up", "expired", "revoked"]


def _valid_time_zone(value: str | None) -> str | None:
    return None if value is None else iana_time_zone(value)


class PeriodCreate(Request):
    name: Text
    starts_on: IsoDate
    ends_on: IsoDate


class OrganizationFields(Request):
    short_name: ShortText | None = None
    institution: Text | None = None
    faculty: Text | None = None
    study_program: Text | None = None
    logo_url: Url | None = None
    description: LongText | None = None
    time_zone: str | None = None
    discord_webhook_url: DiscordWebhookUrl | None = None
    slack_webhook_url: SlackWebhookUrl | None = None

    _time_zone = field_validator("time_zone")(_valid_time_zone)


class OrganizationCreate(OrganizationFields):
    name: Text
    type: OrganizationType
    period: PeriodCreate = Field(description="The first period of office; it starts active, the creator as ketua.")


class OrganizationUpdate(OrganizationFields):
    """Only the fields sent change; null clears an optional field."""

    name: Text | None = None
    type: OrganizationType | None = None


class Organization(Model):
    id: UUID
    name: str
    short_name: str | None
    type: OrganizationType
    institution: str | None
    faculty: str | None
    study_program: str | None
    logo_url: str | None
    description: str | None
    time_zone: str
    discord_webhook_url: str | None = Field(None, description="Shown to the board (ketua, wakil) only.")
    slack_webhook_url: str | None = Field(None, description="Shown to the board (ketua, wakil) only.")
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime
    my_role: Role | None = Field(None, description="The caller's role in the active period.")
    active_period_id: UUID | None = None


class OrganizationList(Model):
    items: list[Organization]


class PeriodCreateRequest(PeriodCreate):
    ketua_user_id: UUID | None = Field(
        None, description="Who leads the new period (a user of the organization); the caller by default.")


class Period(Model):
    id: UUID
    organization_id: UUID
    name: str
    starts_on: date
    ends_on: date
    status: PeriodStatus
    created_at: datetime


class PeriodList(Model):
    items: list[Period]


class DepartmentCreate(Request):
    period_id: UUID | None = Field(None, description="The active period when omitted.")
    name: Text
    code: Code
    description: LongText | None = None
    is_core: Bool = False
    head_user_id: UUID | None = None


class DepartmentUpdate(Request):
    name: Text | None = None
    code: Code | None = None
    description: LongText | None = None
    is_core: Bool | None = None
    head_user_id: UUID | None = None


class Department(Model):
    id: UUID
    organization_id: UUID
    period_id: UUID
    name: str
    code: str
    description: str | None
    is_core: bool
    head_user_id: UUID | None
    previous_department_id: UUID | None = Field(
        None, description="The department of the period before that this one continues (carried over at the handover).")
    member_count: int
    created_at: datetime
    updated_at: datetime


class DepartmentList(Model):
    items: list[Department]


class MemberUpdate(Request):
    role: Role | None = None
    department_id: UUID | None = None
    position_title: PositionTitle | None = None


class Member(Model):
    id: UUID = Field(description="The membership's id.")
    organization_id: UUID
    period_id: UUID
    user_id: UUID
    role: Role
    department_id: UUID | None
    position_title: str | None
    active: bool
    joined_at: datetime
    left_at: datetime | None
    display_name: str | None = Field(description="From the member's profile (the users service); null while "
                                                 "they have none.")
    email: str | None = Field(description="From the member's profile: shown to fellow members who share an "
                                          "active membership with them (as GET /users/{user_id}), else null.")


class MemberAfter(Model):
    """Keyset of the member list (its sort order)."""

    joined_at: datetime
    id: UUID


# ---- invitations ----

MAX_INVITATION_DAYS = 30


class InvitationCreate(Request):
    email: Email | None = Field(
        None, description="Invite this address (once it is registered, its owner sees and answers the invitation); "
                          "omit for a code invitation, which anyone signed in who has the code may accept.")
    role: Role
    department_id: UUID | None = Field(None, description="A department of the invitation's period.")
    position_title: PositionTitle | None = None
    period_id: UUID | None = Field(None, description="An open period; the active one when omitted.")
    expires_in_days: Annotated[int, Field(ge=1, le=MAX_INVITATION_DAYS), WHOLE_NUMBER] = 7
    max_uses: Annotated[int, Field(ge=1, le=1000), WHOLE_NUMBER] | None = Field(
        None, description="How many people may accept a code invitation (1 when omitted).")


class Invitation(Model):
    """An invitation as the board sees it."""

    id: UUID
    organization_id: UUID
    period_id: UUID
    kind: Literal["email", "code"]
    email: str | None
    code: str | None = Field(description="The secret of a code invitation, to share (e.g. as a link); "
                                         "null for an e-mail invitation.")
    role: Role
    department_id: UUID | None
    position_title: str | None
    expires_at: datetime
    max_uses: int
    uses: int
    status: InvitationStatus
    revoked_at: datetime | None
    created_by: UUID
    created_at: datetime


class InvitationAfter(Model):
    """Keyset of the invitation list (newest first)."""

    created_at: datetime
    id: UUID


class MyInvitation(Model):
    """A pending e-mail invitation, as its addressee sees it."""

    id: UUID
    organization_id: UUID
    organization_name: str
    organization_short_name: str | None
    organization_type: OrganizationType
    period_id: UUID
    period_name: str
    role: Role
    department_id: UUID | None
    department_name: str | None
    position_title: str | None
    expires_at: datetime
    created_at: datetime


class MyInvitationList(Model):
    items: list[MyInvitation]


class InvitationCodeAccept(Request):
    code: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9_-]{8,100}$")]
