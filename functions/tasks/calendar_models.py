"""Wire models of the personal calendar feed (docs/decisions/0017-calendar-feeds.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from shared.types import Model

FeedLanguage = Literal["id", "en"]


class CalendarFeed(Model):
    """Whether I have a calendar feed. Its address is shown once, when made: only a hash of it is kept."""

    active: bool = Field(description="Whether a feed exists (made and not revoked).")
    created_at: datetime | None = Field(description="When the current address was made; null without a feed.")
    last_fetched_at: datetime | None = Field(
        description="When a calendar app last fetched the feed at this address; null if never, or without a feed.")


class CalendarFeedCreated(CalendarFeed):
    url: str = Field(description="The feed's secret address (iCalendar, RFC 5545), to subscribe to from a calendar "
                                 "app. Shown only now: anyone who has it reads the feed, until it is made again or "
                                 "revoked. Add `?lang=en` for English titles.")
