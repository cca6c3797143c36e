"""ETags and ``If-Match`` (docs/api.md, "Conventions": updates take If-Match and answer 412 on a lost update).

A resource's ETag is its version number, a strong tag: ``"3"``. A route reads the header with the
``IfMatch`` type and hands ``expected_version(if_match)`` to its service. No header (or ``*``) means
"whatever the current version is". The service answers exactly (RFC 9110 §13.2.2):

- It compares the tag with the stored version as soon as it has found the resource, before judging the
  change itself: a stale tag is a ``PreconditionFailed`` (412) even when the change would now be refused
  for another reason (an illegal transition, say), since the client decided on a copy that is out of date.
- It writes with the version it read as a guard (``... where version = %s``). When that write finds the
  row changed (a concurrent request won between the read and the write), ``lost_race`` says what to
  raise: with If-Match, the tag sent is stale now (412); without, there was no precondition to fail, so
  it is a ``ChangedMeanwhile`` conflict (409) saying what happened. Nothing is saved either way.
"""

from __future__ import annotations

import re
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Header

from shared.errors import Conflict, DomainError, PreconditionFailed

IfMatch = Annotated[str | None, Header(
    alias="if-match", max_length=200,
    description="The `ETag` of the version you read; if it changed since, nothing is saved and the answer is 412.")]
"""Type of a route's ``If-Match`` header parameter; give it the default ``None``."""

NO_VERSION = -1
"""What a tag that is not one of ours (a weak tag, a list, garbage) stands for: it matches no version."""


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(if_match: str | None) -> int | None:
    """The version ``If-Match`` asks for; None when any will do. Weak tags never match (RFC 9110 §13.1.1)."""
    if if_match is None or if_match.strip() == "*":
        return None
    found = re.fullmatch(r'"(\d{1,9})"', if_match.strip())
    return int(found.group(1)) if found else NO_VERSION


class ChangedMeanwhile(Conflict):
    """A change sent without If-Match lost a race: the resource changed between this request's read and its
    write. No precondition failed (none was set), so it is a conflict; the client reads again and retries."""

    def __init__(self, thing: str) -> None:
        super().__init__(f"The {thing} was changed by another request at the same moment, so nothing was saved; "
                         "read it again and retry.")


def lost_race(expected: int | None, stale: PreconditionFailed, thing: str) -> DomainError:
    """What a version-guarded write that found the row changed raises: ``stale`` (412) when the request
    carried If-Match (``expected``), else ``ChangedMeanwhile`` (409) naming the ``thing``."""
    return stale if expected is not None else ChangedMeanwhile(thing)


def tagged[T](body: T, version: int, status: int = 200) -> Response[T]:
    """A JSON response carrying the ETag of the version it shows."""
    return Response(status_code=status, body=body, content_type="application/json", headers={"ETag": etag(version)})
