"""Cursor pagination for every list endpoint: ``?limit=&cursor=`` in, ``{items, next_cursor}`` out.

A cursor is opaque to clients: the keyset of the last item of a page (the values of the list's sort
key), as base64url JSON without padding. It is not signed: it only says where to continue, and whatever
it says, the query that uses it applies the caller's permissions (RLS) as for the first page. The
OpenAPI document gives its alphabet and length (``CURSOR_PATTERN``); like an id, which of those strings
are cursors no schema can say: each list declares its keyset as a pydantic model, and a cursor that
does not decode to one is a 422 naming ``query.cursor`` (code ``invalid_cursor``).

    class After(Model):
        name: str
        id: UUID

    after = decode_cursor(cursor, After)                 # None for the first page
    rows = repository.page(after, limit + 1)              # one more than asked: is there a next page?
    rows, next_cursor = page_of(rows, limit, lambda row: After(name=row.name, id=row.id))
    return Page[Item](items=[to_item(row) for row in rows], next_cursor=next_cursor)
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BaseModel, Field, ValidationError

from shared.errors import FieldError, InvalidInput
from shared.types import Model

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_CURSOR_LENGTH = 1024
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"
"""base64url without padding: what ``encode_cursor`` gives out."""

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT}).")]
"""Type of a route's ``limit`` query parameter; give it the default ``DEFAULT_LIMIT``."""
Cursor = Annotated[str | None, Query(
    max_length=MAX_CURSOR_LENGTH, pattern=CURSOR_PATTERN,
    description="`next_cursor` of the previous page, as it was given; omit for the first page. Another string is "
                "422 (`invalid_cursor`).")]
"""Type of a route's ``cursor`` query parameter; give it the default ``None``."""


class Page[T](Model):
    """One page of a list."""

    items: list[T]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")


class InvalidCursor(InvalidInput):
    def __init__(self) -> None:
        super().__init__("The cursor is not valid; start again from the first page.",
                         errors=[FieldError("query.cursor", "is not a cursor this list gave out", "invalid_cursor")])


def encode_cursor(keyset: BaseModel) -> str:
    data = json.dumps(keyset.model_dump(mode="json"), separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def decode_cursor[K: BaseModel](cursor: str | None, keyset: type[K]) -> K | None:
    """The keyset a cursor holds (None for no cursor); ``InvalidCursor`` when it is not one of ``keyset``."""
    if cursor is None:
        return None
    try:
        data = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        return keyset.model_validate_json(data)
    except (binascii.Error, ValueError, ValidationError) as error:
        raise InvalidCursor() from error


def page_of[T](rows: Sequence[T], limit: int, keyset_of: Callable[[T], BaseModel]) -> tuple[list[T], str | None]:
    """Split ``limit + 1`` fetched rows into the page and the cursor of the next one (None: last page)."""
    items = list(rows[:limit])
    has_more = len(rows) > limit
    return items, encode_cursor(keyset_of(items[-1])) if has_more and items else None
