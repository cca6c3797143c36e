"""Use cases of the personal calendar feed (issue 12; docs/decisions/0017-calendar-feeds.md).

- Every user may make a feed of their own (a secret address), make it again (the old address stops
  working at once) and revoke it. The address is shown once, when made: only its sha256 is stored.
- Whoever has the address reads the feed, without our token: the address is the credential. An unknown,
  replaced or revoked address is 404, the same answer for each.
- The feed holds what its owner could read through the API, as of each fetch: their open tasks with a due
  date (selesai and dibatalkan ones are left out, so calendar apps drop them), and the planned dates and
  milestones still to do of the programs of their organizations' active periods that they lead or serve
  on the committee of (not dibatalkan or ditolak). A member who leaves an organization stops seeing its
  items there too.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from functions.tasks.calendar_models import CalendarFeed, CalendarFeedCreated, FeedLanguage
from functions.tasks.calendar_repository import CalendarStore, FeedReader
from functions.tasks.errors import CalendarFeedNotFound, PublicScheduleNotFound
from shared.config import get_settings

TOKEN_BYTES = 32
"""256 random bits: guessing is hopeless, so a hash lookup (not a constant-time comparison) is safe."""
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
"""What ``secrets.token_urlsafe(TOKEN_BYTES)`` gives."""
ORGANIZATION = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
"""An organization's id, the last segment of its public schedule's address."""
FEED_PATH = "/calendar/{}.ics"


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def feed_url(token: str) -> str:
    """The feed's address on the API (the API's own base URL: API_BASE_URL, else JWT_ISSUER)."""
    return get_settings().service_base_url + FEED_PATH.format(token)


def _feed(row: dict | None) -> CalendarFeed:
    if row is None:
        return CalendarFeed(active=False, created_at=None, last_fetched_at=None)
    return CalendarFeed(active=True, created_at=row["created_at"], last_fetched_at=row["last_fetched_at"])


def get_feed(store: CalendarStore) -> CalendarFeed:
    return _feed(store.feed())


def make_feed(store: CalendarStore) -> CalendarFeedCreated:
    """A new secret address for the caller's feed; any earlier one stops working."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    row = store.replace_feed(token_hash(token))
    store.commit()
    return CalendarFeedCreated(**_feed(row).model_dump(), url=feed_url(token))


def revoke_feed(store: CalendarStore) -> None:
    if not store.delete_feed():
        raise CalendarFeedNotFound("You have no calendar feed to revoke.")
    store.commit()


@dataclass(frozen=True)
class FeedDocument:
    body: bytes
    etag: str

    @classmethod
    def of(cls, body: bytes) -> FeedDocument:
        """The same bytes for the same data (no "now" in a feed), so a hash of them is a strong ETag."""
        return cls(body=body, etag=f'"{hashlib.sha256(body).hexdigest()[:32]}"')

    def matches(self, if_none_match: str | None) -> bool:
        """Whether the caller already has this version (``If-None-Match`` names it): then 304, without a body."""
        return if_none_match is not None and self.etag in (tag.strip() for tag in if_none_match.split(","))


def read_feed(feed: str, language: FeedLanguage, *, owner_of: Callable[[bytes], UUID | None],
              reader_for: Callable[[UUID], AbstractContextManager[FeedReader]]) -> FeedDocument:
    """The feed at ``feed`` (the address's last segment: the token, with or without ``.ics``)."""
    token = feed.removesuffix(".ics")
    if not TOKEN.fullmatch(token):
        raise CalendarFeedNotFound()
    owner = owner_of(token_hash(token))
    if owner is None:
        raise CalendarFeedNotFound()
    with reader_for(owner) as reader:
        name, tasks, programs = reader.owner_name(), reader.tasks(), reader.programs()
    from functions.tasks.calendar_ics import FeedData, render  # icalendar: only this function's requests

    body = render(FeedData(owner_name=name, tasks=tasks, programs=programs),
                  app_base_url=get_settings().app_base_url, language=language)
    return FeedDocument.of(body)


def read_schedule(feed: str, language: FeedLanguage, *,
                  schedule_of: Callable[[UUID], dict[str, Any] | None]) -> FeedDocument:
    """An organization's public schedule at ``feed`` (the address's last segment: its id, with or without
    ``.ics``): the active period's approved programs, while its board publishes them
    (docs/decisions/0022-public-schedule.md). Unknown, unpublished and archived organizations are 404 alike."""
    org = feed.removesuffix(".ics")
    if not ORGANIZATION.fullmatch(org):
        raise PublicScheduleNotFound()
    schedule = schedule_of(UUID(org))
    if schedule is None:
        raise PublicScheduleNotFound()
    from functions.tasks.calendar_ics import render_schedule  # icalendar: only the feeds' requests

    body = render_schedule(schedule, language=language)
    return FeedDocument.of(body)
