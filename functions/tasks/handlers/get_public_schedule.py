"""GET /calendar/orgs/{feed}: an organization's public program schedule (iCalendar), for calendar apps and
the organization's own pages. Public, while its board publishes it (docs/decisions/0022-public-schedule.md)."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Header, Path, Query

from functions.tasks import calendar_service
from functions.tasks.calendar_models import FeedLanguage
from functions.tasks.calendar_repository import public_schedule
from shared.api import PUBLIC, Router, lambda_handler

router = Router()

CONTENT_TYPE = "text/calendar; charset=utf-8"
CACHE = "public, max-age=900"
"""Published on purpose and the same for everyone: any cache may keep it a quarter of an hour."""

Feed = Annotated[str, Path(
    pattern=r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(\.ics)?$",
    description="The organization's id, as in `public_schedule_url` (`<id>.ics`).")]
Language = Annotated[FeedLanguage, Query(description="The language of the events' titles: `id` (the default) or "
                                                    "`en`.")]
IfNoneMatch = Annotated[str | None, Header(
    alias="if-none-match", max_length=200,
    description="The `ETag` of the schedule you have: if it is still the current one, the answer is 304 without a "
                "body.")]


@router.get(
    "/calendar/orgs/<feed>", summary="An organization's public program schedule (iCalendar, RFC 5545)",
    tags=["calendar"],
    security=PUBLIC,  # while the board publishes it (docs/decisions/0022-public-schedule.md)
    responses={
        200: {"description": "The schedule: the active period's approved programs' dates and places.",
              "content": {"text/calendar": {"schema": {"type": "string"}}},
              "headers": {"ETag": {"description": "The schedule's version.", "schema": {"type": "string"}},
                          "Cache-Control": {"schema": {"type": "string"}}}},
        304: {"description": "`If-None-Match` names the current version: nothing changed.",
              "headers": {"ETag": {"description": "The schedule's version.", "schema": {"type": "string"}}}},
    })
def get_public_schedule(feed: Feed, lang: Language = "id", if_none_match: IfNoneMatch = None) -> Response[str]:
    document = calendar_service.read_schedule(feed, lang, schedule_of=public_schedule)
    headers = {"ETag": document.etag, "Cache-Control": CACHE}
    if document.matches(if_none_match):
        return Response(status_code=304, body="", headers=headers)
    return Response(status_code=200, content_type=CONTENT_TYPE, body=document.body.decode(),
                    headers={**headers, "Content-Disposition": 'inline; filename="jadwal-program-kerja.ics"'})


handler = lambda_handler(router)
