"""What the reports service's use cases share: the people a report or an LPJ's review names (``Person``, and
``Names``: user ids to ``Person``s, the names looked up once) and the small
derivations every report's content makes (days, amounts, percents, planned progress, a program's success
indicators as lines).

Each use case keeps its own models and content in modules of their own, built on these: an organization's
summary (``models``, ``content``), a program's progress report and LPJ draft (``program_models``,
``program_content``), the LPJ's written sections and review (``lpj_models``; its participants by group in
``participants``), stored reports (``stored``). A function builds at its start only the models of its route
(issue 14; ``python -m bench.cold_start``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from pydantic import Field

from shared.types import Model

AttachmentKind = Literal["dokumentasi", "kuitansi", "daftar_hadir", "proposal", "lainnya"]
"""What a file attached to an LPJ is: a photo of the activity, a receipt, an attendance list, the proposal, other."""


# ---- wire models ----

class Person(Model):
    user_id: UUID
    name: str | None = Field(description="Display name; null when the user has no profile.")


# ---- derivations ----

def uuid_of(value: Any) -> UUID | None:
    return None if value is None else value if isinstance(value, UUID) else UUID(str(value))


def day_of(value: Any) -> date | None:
    return None if value is None else value if isinstance(value, date) else date.fromisoformat(str(value))


def money(value: Any) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal("0")


def percent_of(part: Decimal | int, whole: Decimal | int) -> float | None:
    return float(round(Decimal(100) * Decimal(part) / Decimal(whole), 1)) if whole else None


def today_of(identity: Mapping[str, Any]) -> date:
    """The organization's day (report_identity's ``today``)."""
    today = day_of(identity["today"])
    assert today is not None
    return today


def officers_and_heads(identity: Mapping[str, Any]) -> set[UUID]:
    found = {uuid_of(o["user_id"]) for o in identity.get("officers", [])}
    found |= {uuid_of(d.get("head")) for d in identity.get("departments", [])}
    return {user for user in found if user is not None}


def planned_progress(start: date | None, end: date | None, today: date) -> float | None:
    """The share of the planned timeline elapsed on ``today`` (what the plan expects by now), percent."""
    if start is None or end is None:
        return None
    if today <= start:
        return 0.0
    if today >= end:
        return 100.0
    return float(round(Decimal(100) * (today - start).days / (end - start).days, 1))


def success_indicators(text: str | None) -> list[str]:
    """A program's success indicators: one per line, bullets and numbers taken off."""
    lines = (re.sub(r"^\s*(?:[-*\u2022]|\d+[.)])\s*", "", line).strip() for line in (text or "").splitlines())
    return [line for line in lines if line]


class Names:
    """User ids to ``Person``s, with the names looked up once."""

    def __init__(self, names: Mapping[UUID, str]) -> None:
        self.names = names

    def name(self, user_id: Any) -> str | None:
        return self.names.get(UUID(str(user_id)))

    def person(self, user_id: Any) -> Person | None:
        user = uuid_of(user_id)
        return None if user is None else Person(user_id=user, name=self.names.get(user))
