"""Who took part in a program, by group, as its LPJ records them: written by the PJ (``lpj_models``), printed in
the draft (``lpj_draft_models``). A module of its own so that only the LPJ's functions build it (issue 14)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from shared.types import WHOLE_NUMBER, Request

Count = Annotated[int, Field(ge=0, le=1_000_000), WHOLE_NUMBER]


class ParticipantGroup(Request):
    group: str = Field(min_length=1, max_length=200, description="Who, e.g. \"Mahasiswa baru\" or \"Umum\".")
    target: Count | None = Field(default=None, description="How many were expected.")
    actual: Count | None = Field(default=None, description="How many came.")
