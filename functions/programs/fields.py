"""The program API's field types (types of program, names, rupiah): what its models and those of a
program's parts (committee, milestones, budget items) declare their fields with. No model here: a
function imports it without building the program models. The statuses are everyone's (shared.vocabulary).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, WithJsonSchema

from shared.types import NON_BLANK

ProgramType = Literal["event", "rutin", "berkelanjutan"]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), NON_BLANK]
Code = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9_.-]{1,30}$")]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=10000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Place = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Rupiah = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2, allow_inf_nan=False),
                   WithJsonSchema({"anyOf": [
                       {"type": "number", "minimum": 0, "maximum": 999_999_999_999.99, "multipleOf": 0.01},
                       {"type": "string", "pattern": r"^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$"}],
                       "description": "Rupiah, an exact decimal with at most 2 decimal places (best sent as text, "
                                      "e.g. \"1500000.50\")."})]
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), NON_BLANK]
