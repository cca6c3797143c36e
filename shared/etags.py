"""ETags and ``If-Match`` (DESIGN.md §7: updates take If-Match and answer 412 on a lost update).

A resource's ETag is its version number, a strong tag: ``"3"``. A route reads the header with the
``IfMatch`` type and hands ``expected_version(if_match)`` to its service, which compares it with the
stored version and raises a ``PreconditionFailed`` error when they differ. No header (or ``*``) means
"whatever the current version is".
"""

from __future__ import annotations

import re
from typing import Annotated, TypeVar

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Header

T = TypeVar("T")

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


def tagged(body: T, version: int, status: int = 200) -> Response[T]:
    """A JSON response carrying the ETag of the version it shows."""
    return Response(status_code=status, body=body, content_type="application/json", headers={"ETag": etag(version)})
