"""Wire models of an organization's academic calendar: the ranges its board marks (exams, holidays,
registration weeks) and Indonesia's national holidays (docs/decisions/0021-academic-calendar.md)."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import Field

from functions.orgs.fields import Text
from shared.types import IsoDate, Model, Request

RangeKind = Literal["ujian", "libur", "registrasi", "lainnya"]


class CalendarRangeCreate(Request):
    name: Text = Field(description="e.g. \"UTS Ganjil\", \"Libur semester\", \"Registrasi ulang\".")
    kind: RangeKind = Field(description="`ujian` (exams: UTS, UAS), `libur` (a break), `registrasi` (registration "
                                        "weeks) or `lainnya`.")
    starts_on: IsoDate
    ends_on: IsoDate = Field(description="The last day (the same as `starts_on` for one day).")


class CalendarEntry(Model):
    id: UUID | None = Field(description="The range's id; null for a national holiday.")
    name: str
    kind: RangeKind | Literal["nasional"] = Field(description="`nasional` for Indonesia's national holidays.")
    starts_on: date
    ends_on: date


class Calendar(Model):
    starts_on: date
    ends_on: date
    items: list[CalendarEntry] = Field(description="The organization's ranges and the national holidays that fall "
                                                   "between `starts_on` and `ends_on`, by date.")
