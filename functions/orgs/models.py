"""Wire models of the organization API."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import Field, field_validator

from functions.orgs.fields import (
    Address,
    Code,
    DiscordWebhookUrl,
    DocumentNumberFormat,
    LongText,
    OrganizationType,
    ShortText,
    SlackWebhookUrl,
    Text,
    Url,
    valid_time_zone,
)
from shared.types import Bool, IsoDate, Model, Request
from shared.vocabulary import PeriodStatus, Role


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
    address: Address | None = Field(None, description="Printed under the name on the organization's documents.")
    document_number_format: DocumentNumberFormat | None = None
    description: LongText | None = None
    time_zone: str | None = None
    discord_webhook_url: DiscordWebhookUrl | None = None
    slack_webhook_url: SlackWebhookUrl | None = None

    _time_zone = field_validator("time_zone")(valid_time_zone)


class OrganizationCreate(OrganizationFields):
    name: Text
    type: OrganizationType
    period: PeriodCreate = Field(description="The first period of office; it starts active, the creator as ketua.")


class OrganizationUpdate(OrganizationFields):
    """Only the fields sent change; null clears an optional field."""

    name: Text | None = None
    type: OrganizationType | None = None
    public_schedule: Bool | None = Field(
        None, description="Publish the active period's approved programs' dates as a calendar feed anyone may "
                          "subscribe to (`public_schedule_url`); false takes it down.")


class Organization(Model):
    id: UUID
    name: str
    short_name: str | None
    type: OrganizationType
    institution: str | None
    faculty: str | None
    study_program: str | None
    logo_url: str | None
    address: str | None = None
    document_number_format: str | None = Field(None, description="How its documents are numbered (an approved LPJ); "
                                                                 "null: `{nomor}/LPJ/{singkatan}/{bulan}/{tahun}`.")
    description: str | None
    time_zone: str
    discord_webhook_url: str | None = Field(None, description="Shown to the board (ketua, wakil) only.")
    slack_webhook_url: str | None = Field(None, description="Shown to the board (ketua, wakil) only.")
    public_schedule: bool = Field(
        False, description="Whether the board publishes the program schedule (docs/decisions/0022-public-schedule.md).")
    public_schedule_url: str | None = Field(
        None, description="While `public_schedule` is on: the schedule's address (iCalendar, RFC 5545), public, for "
                          "calendar apps and the organization's own pages. Add `?lang=en` for English titles.")
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
