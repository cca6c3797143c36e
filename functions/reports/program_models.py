"""Wire models shared by a program's reports: who and what a report is about (``Identity``) and its budget per
kind and category (``BudgetLine``). The progress report's own are in ``progress_models``, the LPJ draft's in
``lpj_draft_models``, the parts whose class name another service's models also use in ``models`` (the OpenAPI
document names those by their module). An organization's summary is in ``models`` too, what people write into
the LPJ in ``lpj_models``, stored reports in ``stored``: a function builds the models of its own use case only
(issue 14).

Money is rupiah as exact decimals (JSON strings)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import Field

from functions.reports.models import Department, Organization, Period
from functions.reports.parts import Person
from shared.types import Model
from shared.vocabulary import ProgramStatus


class ProgramIdentity(Model):
    id: UUID
    code: str | None
    name: str
    type: str
    status: ProgramStatus
    location: str | None
    cancel_reason: str | None


class Identity(Model):
    organization: Organization
    period: Period
    department: Department | None
    program: ProgramIdentity
    person_in_charge: Person | None


class BudgetLine(Model):
    kind: Literal["pemasukan", "pengeluaran"]
    category: str = Field(description="The source of an income, the item of an expense.")
    items: int
    realized_items: int = Field(description="Items with an actual amount entered.")
    verified_items: int = Field(description="Items the bendahara verified.")
    planned: Decimal
    actual: Decimal
