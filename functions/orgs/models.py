"""Wire models of the organization API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import (
    AnyHttpUrl,
    BaseModel,
    Field,
    StrictInt,
    StringConstraints,
    field_validator,
)

from shared.types import Bool, Email, IsoDate, Request

Role = Literal["ketua", "wakil_ketua", "sekretaris", "bendahara", "kepala_departemen",
               "wakil_kepala_departemen", "anggota", "pembina"]
OrganizationType = Literal["bem", "dpm", "hima", "ukm", "osis", "other"]
PeriodStatus = Literal["draft", "aktif", "selesai"]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]
Url = Annotated[AnyHttpUrl, Field(max_length=2000)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9_-]{1,20}$")]
PositionTitle = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
InvitationStatus = Literal["pending", "accepted", "declined", "used_up", "expired", "revoked"]


def _valid_time_zone(value: str | None) -> str | None:
    if value is None:
        return value
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError("is not an IANA time zone such as Asia/Jakarta") from error
    return value


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
    discord_webhook_url: Url | None = None
    slack_webhook_url: Url | None = None

    _time_zone = field_validator("time_zone")(_valid_time_zone)


class OrganizationCreate(OrganizationFields):
    name: Text
    type: OrganizationType
    period: PeriodCreate = Field(description="The first period of office; it starts active, the creator as ketua.")


class OrganizationUpdate(OrganizationFields):
    """Only the fields sent change; null clears an optional field."""

    name: Text | None = None
    type: OrganizationType | None = None


class Organization(BaseModel):
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


class OrganizationList(BaseModel):
    items: list[Organization]


class PeriodCreateRequest(PeriodCreate):
    ketua_user_id: UUID | None = Field(
        None, description="Who leads the new period (a user of the organization); the caller by default.")


class Period(BaseModel):
    id: UUID
    organization_id: UUID
    name: str
    starts_on: date
    ends_on: date
    status: PeriodStatus
    created_at: datetime


class PeriodList(BaseModel):
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


class Department(BaseModel):
    id: UUID
    organization_id: UUID
    period_id: UUID
    name: str
    code: str
    description: str | None
    is_core: bool
    head_user_id: UUID | None
    member_count: int
    created_at: datetime
    updated_at: datetime


class DepartmentList(BaseModel):
    items: list[Department]


class MemberUpdate(Request):
    role: Role | None = None
    department_id: UUID | None = None
    position_title: PositionTitle | None = None


class Member(BaseModel):
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


class MemberAfter(BaseModel):
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
    expires_in_days: StrictInt = Field(7, ge=1, le=MAX_INVITATION_DAYS)
    max_uses: StrictInt | None = Field(None, ge=1, le=1000,
                                       description="How many people may accept a code invitation (1 when omitted).")


class Invitation(BaseModel):
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


class InvitationAfter(BaseModel):
    """Keyset of the invitation list (newest first)."""

    created_at: datetime
    id: UUID


class MyInvitation(BaseModel):
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


class MyInvitationList(BaseModel):
    items: list[MyInvitation]


class InvitationCodeAccept(Request):
    code: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9_-]{8,100}$")]
