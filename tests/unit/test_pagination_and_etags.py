"""The shared cursor and ETag helpers every list and every update uses."""

from __future__ import annotations

import base64
from uuid import UUID, uuid4

import pytest
from pydantic import BaseModel, ConfigDict

from shared.errors import InvalidInput
from shared.etags import NO_VERSION, etag, expected_version
from shared.pagination import decode_cursor, encode_cursor, page_of

UNKNOWN_ID = "5b0c5e3a-7d1f-4c2e-9a8b-3f6d2c1e0a94"  # an id nothing has: the same in every test worker


class After(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    id: UUID


def test_a_cursor_round_trips_and_is_url_safe_without_padding():
    after = After(name="siti rahma/ü?", id=uuid4())
    cursor = encode_cursor(after)
    assert "=" not in cursor and "/" not in cursor and "+" not in cursor
    assert decode_cursor(cursor, After) == after
    assert decode_cursor(None, After) is None


@pytest.mark.parametrize("cursor", ["", "!!!", "é", base64.urlsafe_b64encode(b"\xff\xfe").decode(),
                                    base64.urlsafe_b64encode(b'{"name": "x"}').decode(),
                                    base64.urlsafe_b64encode(b'{"name": "x", "id": "not-a-uuid"}').decode(),
                                    base64.urlsafe_b64encode(b'{"name": "x", "id": "%s", "more": 1}'
                                                             % UNKNOWN_ID.encode()).decode()])
def test_anything_else_is_a_422_naming_the_cursor(cursor):
    with pytest.raises(InvalidInput) as raised:
        decode_cursor(cursor, After)
    assert [(e.field, e.code) for e in raised.value.errors] == [("query.cursor", "invalid_cursor")]


def test_page_of_gives_a_cursor_only_when_there_is_more():
    rows = [After(name=str(i), id=uuid4()) for i in range(4)]
    items, cursor = page_of(rows, 3, lambda row: row)
    assert items == rows[:3] and decode_cursor(cursor, After) == rows[2]
    assert page_of(rows[:3], 3, lambda row: row) == (rows[:3], None)
    assert page_of([], 3, lambda row: row) == ([], None)


@pytest.mark.parametrize(("if_match", "version"), [
    (None, None), ("*", None), (' "7" ', 7), ('"0"', 0), ('W/"7"', NO_VERSION), ('"7", "8"', NO_VERSION),
    ("7", NO_VERSION), ('"x"', NO_VERSION)])
def test_if_match_names_a_version_or_matches_none(if_match, version):
    assert expected_version(if_match) == version
    assert etag(7) == '"7"' and expected_version(etag(7)) == 7
