"""Field types of wire models that accept exactly what the OpenAPI document says.

Pydantic's lax mode would take ``0`` for a date (the epoch) or ``"yes"`` for a boolean; a JSON API
that documents ``format: date`` and ``type: boolean`` should refuse both.
"""

from __future__ import annotations

import functools
import re
import zoneinfo
from datetime import date
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StrictBool,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_text(value: Any) -> Any:
    # text of exactly that shape: pydantic would read "0" as a Unix timestamp (1970-01-01)
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise ValueError("must be a date as text, YYYY-MM-DD")


def _whole_number(value: Any) -> Any:
    # JSON has numbers, not integers: 246.0 is the integer 246, as JSON Schema's `integer` says; 246.5 is not
    return int(value) if isinstance(value, float) and value.is_integer() else value


class _WholeNumber:
    """See ``WHOLE_NUMBER``."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        strict = {**handler(source), "strict": True}
        return core_schema.no_info_before_validator_function(_whole_number, strict)  # type: ignore[arg-type]


WHOLE_NUMBER = _WholeNumber()
"""An ``int`` as JSON Schema's ``integer``: also written with a zero fraction (``246.0``); never text
(``"246"``), a boolean or ``246.5``. Put it after the bounds, so that the OpenAPI document shows them
(``Annotated[int, Field(ge=1, le=30), WHOLE_NUMBER]``): before them, pydantic cannot translate them."""


IsoDate = Annotated[date, BeforeValidator(_iso_date_text)]
Bool = StrictBool


def _refuse_null(value: Any) -> Any:
    if value is None:
        raise ValueError("may be left out, but not null")
    return value


class _NotNull:
    """See ``NOT_NULL``."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(_refuse_null, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        found = handler(schema)
        options = found.get("anyOf", [])
        kept = [option for option in options if option != {"type": "null"}]
        if len(options) == 2 and len(kept) == 1:  # X | None: document X alone
            return {**kept[0], **{key: value for key, value in found.items() if key != "anyOf"}}
        return found


class _NonBlank:
    """See ``NON_BLANK``."""

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {**handler(schema), "pattern": _NOT_ONLY_SPACE}


# Any character pydantic's strip_whitespace keeps (it strips Unicode White_Space): not blank once stripped.
_NOT_ONLY_SPACE = ("[^\\t\\n\\u000b\\u000c\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a"
                   "\\u2028\\u2029\\u202f\\u205f\\u3000]")
NON_BLANK = _NonBlank()
"""For text that is stripped and must not be empty (``StringConstraints(strip_whitespace=True, min_length=1)``):
the OpenAPI document says so with a pattern, since ``minLength`` alone would allow a text of spaces."""

NOT_NULL = _NotNull()
"""For a field of an update body that may be left out but has no "none" to set (a milestone's name):
``Annotated[Name | None, NOT_NULL] = None``. Left out, it is ``None`` (unchanged); a ``null`` sent is
refused naming the field; the OpenAPI document gives the type without ``null``, as it is accepted."""


@functools.cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def iana_time_zone(value: str) -> str:
    """``value`` if it names an IANA time zone (``Asia/Jakarta``), else the field error ``invalid_time_zone``:
    a rule no JSON Schema states (the list is the system's tz database)."""
    if value not in _time_zones():
        raise PydanticCustomError("invalid_time_zone", "must be an IANA time zone name, e.g. Asia/Jakarta, "
                                                       "Asia/Makassar or Asia/Jayapura")
    return value


def _nul_at(value: Any, path: str) -> str | None:
    if isinstance(value, str):
        return path if "\x00" in value else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    return next((found for key, item in items if (found := _nul_at(item, f"{path}.{key}"))), None)


class Model(BaseModel):
    """Base of every model of the API (request bodies, answers, rows): pydantic builds its validator and
    serializer when it is first used, not when its module is imported (``defer_build``). A function imports
    its service's whole models module but uses a few of its models: at its cold start it builds those only
    (issue 14; ``python -m bench.cold_start``). What a model accepts and the schema it documents are the same."""

    model_config = ConfigDict(defer_build=True)


class Request(Model):
    """Base of every request body: a field the API does not know is refused (a typo is an error, not a
    silently ignored value), and so is a NUL character in any text (``nul_character``), which PostgreSQL
    cannot store."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        if (where := _nul_at(data, "body")) is not None:
            raise PydanticCustomError("nul_character", "{where} contains a NUL character (\\u0000), which no text "
                                                       "may hold", {"where": where})
        return data


__all__ = ["NON_BLANK", "NOT_NULL", "WHOLE_NUMBER", "Bool", "IsoDate", "Model", "Request", "iana_time_zone"]
