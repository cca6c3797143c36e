"""GET /calendar/{feed}: a personal calendar feed (iCalendar), for calendar apps. Public: the secret
address is the credential (docs/decisions/0017-calendar-feeds.md)."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Header, Path, Query

from functions.tasks import calendar_service
from functions.tasks.calendar_models import FeedLanguage
from functions.tasks.calendar_repository import feed_owner, feed_reader
from shared.api import PUBLIC, Router, lambda_handler

router = Router()

CONTENT_TYPE = "text/calendar; charset=utf-8"
CACHE = "private, max-age=900"
"""Calendar apps poll every few hours; a private cache may keep it a quarter of an hour. Not shared caches:
it is one person's, behind a secret address."""

FeedName = Annotated[str, Path(
    pattern=r"^[A-Za-z0-9_-]{43}(\.ics)?$",
    description="The feed's secret token, as in the address POST /me/calendar gave (`<token>.ics`).")]
Language = Annotated[FeedLanguage, Query(description="The language of the events' titles: `id` (the default) or "
                                                    "`en`.")]
IfNoneMatch = Annotated[str | None, Header(
    alias="if-none-match", max_length=200,
    description="The `ETag` of the feed you have: if it is still the current one, the answer is 304 without a body.")]


@router.get(
    "/calendar/<feed>", summary="A personal calendar feed (iCalendar, RFC 5545) at its secret address",
    tags=["calendar"],
    security=PUBLIC,  # the secret address is the credential (docs/decisions/0017-calendar-feeds.md)
    responses={
        200: {"description": "The feed: my open tasks' due dates, my programs' planned dates and milestones.",
              "content": {"text/calendar": {"schema": {"type": "string"}}},
              "headers": {"ETag": {"description": "The feed's version.", "schema": {"type": "string"}},
                          "Cache-Control": {"schema": {"type": "string"}}}},
        304: {"description": "`If-None-Match` names the current version: nothing changed.",
              "headers": {"ETag": {"description": "The feed's version.", "schema": {"type": "string"}}}},
    })
def get_calendar_feed(feed: FeedName, lang: Language = "id", if_none_match: IfNoneMatch = None) -> Response[str]:
    document = calendar_service.read_feed(feed, lang, owner_of=feed_owner, reader_for=feed_reader)
    headers = {"ETag": document.etag, "Cache-Control": CACHE}
    if document.matches(if_none_match):
        return Response(status_code=304, body="", headers=headers)
    return Response(status_code=200, content_type=CONTENT_TYPE, body=document.body.decode(),
                    headers={**headers, "Content-Disposition": 'inline; filename="proker-tracker.ics"',
                             "X-Robots-Tag": "noindex"})


handler = lambda_handler(router)
