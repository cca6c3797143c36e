"""Wire models of the program API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from shared.types import IsoDate

ProgramStatus = Literal["draft", "diajukan", "revisi", "disetujui", "dalam_progres", "ditunda", "selesai",
                        "dibatalkan", "ditolak"]
ProgramType = Literal["event", "rutin", "berkelanjutan"]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9_.-]{1,30}$")]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=10000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Place = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Rupiah = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2, allow_inf_nan=False,
                                  description="Rupiah, an exact decimal with at most 2 decimal places.")]
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]

EDITABLE = ("department_id", "code", "name", "description", "objectives", "target_group", "success_indicators",
            "type", "location", "planned_start", "planned_end", "actual_start", "actual_end", "person_in_charge",
            "budget_planned")
REQUIRED = ("name", "type", "budget_planned")
"""Editable fields that cannot be cleared (null in a PATCH leaves them as they are)."""


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProgramFields(Request):
    department_id: UUID | None = Field(None, description="A department of the program's period.")
    code: Code | None = Field(None, description="Short code, unique (case-insensitive) in the period.")
    description: LongText | None = None
    objectives: LongText | None = Field(None, description="Tujuan.")
    target_group: ShortText | None = Field(None, description="Sasaran.")
    success_indicators: LongText | None = Field(None, description="Indikator keberhasilan.")
    location: Place | None = None
    planned_start: IsoDate | None = None
    planned_end: IsoDate | None = None
    actual_start: IsoDate | None = None
    actual_end: IsoDate | None = None
    person_in_charge: UUID | None = Field(None, description="The PJ: a user who is an active member of the period.")


class ProgramCreate(ProgramFields):
    organization_id: UUID
    period_id: UUID = Field(description="A period of the organization that you are a member of.")
    name: Name
    type: ProgramType
    budget_planned: Rupiah = Decimal("0")


class ProgramUpdate(ProgramFields):
    """Only the fields sent change; null clears an optional field. Status changes go through transitions."""

    name: Name | None = None
    type: ProgramType | None = None
    budget_planned: Rupiah | None = None


class TransitionRequest(Request):
    to: ProgramStatus
    note: Note | None = Field(None, description="Why; required (the reason) when cancelling (`dibatalkan`).")


class Program(BaseModel):
    id: UUID
    organization_id: UUID
    period_id: UUID
    department_id: UUID | None
    code: str | None
    name: str
    description: str | None
    objectives: str | None
    target_group: str | None
    success_indicators: str | None
    type: ProgramType
    location: str | None
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None
    person_in_charge: UUID | None
    budget_planned: Decimal
    status: ProgramStatus
    cancel_reason: str | None
    allowed_transitions: list[ProgramStatus] = Field(
        description="The statuses the lifecycle allows next (whether the caller may make them is another matter).")
    created_by: UUID
    created_at: datetime
    updated_at: datetime


class ProgramAfter(BaseModel):
    """Keyset of the program list (newest first)."""

    created_at: datetime
    id: UUID


class StatusChange(BaseModel):
    from_status: ProgramStatus | None = Field(description="Null for the status the program was created with.")
    to_status: ProgramStatus
    note: str | None
    changed_by: UUID | None
    changed_at: datetime


class StatusHistory(BaseModel):
    items: list[StatusChange]
