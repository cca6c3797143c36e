"""Use cases of an organization's academic calendar (docs/decisions/0021-academic-calendar.md): every member
reads it; the board (ketua, wakil) and the sekretaris enter and remove its ranges. RLS enforces the same."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from functions.orgs.access import require_member, require_role, writable
from functions.orgs.calendar_models import Calendar, CalendarEntry, CalendarRangeCreate
from functions.orgs.calendar_repository import CalendarStore
from functions.orgs.errors import CalendarRangeNotFound, CalendarSpanTooLong, InvalidRangeDates, PeriodNotFound
from shared import national_holidays
from shared.vocabulary import BOARD_AND_SEKRETARIS

LONGEST_SPAN = timedelta(days=800)
"""What one request may ask for: a period of office (one or two years) with its margins."""


def calendar(store: CalendarStore, org_id: UUID, starts_on: date | None, ends_on: date | None) -> Calendar:
    """The ranges and national holidays between two days; by default the active period's."""
    require_member(store, org_id)
    if starts_on is None or ends_on is None:
        period = store.active_period(org_id)
        if period is None:
            raise PeriodNotFound()
        starts_on, ends_on = starts_on or period["starts_on"], ends_on or period["ends_on"]
    if ends_on < starts_on:
        raise InvalidRangeDates("query.ends_on")
    if ends_on - starts_on > LONGEST_SPAN:
        raise CalendarSpanTooLong()
    entries = [CalendarEntry.model_validate(row) for row in store.calendar_ranges(org_id, starts_on, ends_on)]
    entries += [CalendarEntry(id=None, name=holiday.name, kind="nasional", starts_on=holiday.day, ends_on=holiday.day)
                for holiday in national_holidays.between(starts_on, ends_on)]
    entries.sort(key=lambda entry: (entry.starts_on, entry.ends_on, entry.name))
    return Calendar(starts_on=starts_on, ends_on=ends_on, items=entries)


def create_range(store: CalendarStore, org_id: UUID, request: CalendarRangeCreate) -> CalendarEntry:
    require_role(store, org_id, BOARD_AND_SEKRETARIS, "edit the academic calendar")
    writable(store, org_id)
    if request.ends_on < request.starts_on:
        raise InvalidRangeDates()
    row = store.create_calendar_range(org_id, request.model_dump())
    store.commit()
    return CalendarEntry.model_validate(row)


def delete_range(store: CalendarStore, org_id: UUID, range_id: UUID) -> None:
    require_role(store, org_id, BOARD_AND_SEKRETARIS, "edit the academic calendar")
    writable(store, org_id)
    if not store.delete_calendar_range(org_id, range_id):
        raise CalendarRangeNotFound()
    store.commit()
