"""Field types of wire models that accept exactly what the OpenAPI document says.

Pydantic's lax mode would take ``0`` for a date (the epoch) or ``"yes"`` for a boolean; a JSON API
that documents ``format: date`` and ``type: boolean`` should refuse both.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, EmailStr, StrictBool

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_text(value: Any) -> Any:
    # text of exactly that shape: pydantic would read "0" as a Unix timestamp (1970-01-01)
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise ValueError("must be a date as text, YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date_text)]
Bool = StrictBool
Email = Annotated[EmailStr, AfterValidator(str.lower)]
"""An e-mail address, lower-cased: the same address however it was typed."""


class Request(BaseModel):
    """Base of every request body: a field the API does not know is refused (a typo is an error, not a
    silently ignored value)."""

    model_config = ConfigDict(extra="forbid")


__all__ = ["Bool", "Email", "IsoDate", "Request"]
