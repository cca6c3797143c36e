"""Field types of wire models that accept exactly what the OpenAPI document says.

Pydantic's lax mode would take ``0`` for a date (the epoch) or ``"yes"`` for a boolean; a JSON API
that documents ``format: date`` and ``type: boolean`` should refuse both.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator, StrictBool


def _iso_date_text(value: Any) -> Any:
    if isinstance(value, str | date):
        return value
    raise ValueError("must be a date as text, YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date_text)]
Bool = StrictBool

__all__ = ["Bool", "IsoDate"]
