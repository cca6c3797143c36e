"""Wire models of what people write into a program's LPJ and of its review: the sections (foreword,
background, execution notes, participants, evaluation, obstacles, solutions, recommendations, closing) as
written and as a PUT replaces them, the review's steps, and the notes of a return. Apart from the models of
the LPJ draft a report computes (``program_models``), which prints these sections: the functions of the
sections and the review do not build those (issue 14)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, StringConstraints

from functions.reports.participants import ParticipantGroup
from functions.reports.parts import Person
from shared.types import NON_BLANK, Bool, Model, Request

LpjStatus = Literal["draft", "diajukan", "diperiksa", "disetujui", "revisi"]
LpjAction = Literal["submit", "check", "approve", "return"]

ShortText = Annotated[str, Field(max_length=1000)]
LongText = Annotated[str, Field(max_length=20000)]


class IndicatorEvaluation(Request):
    indicator: str = Field(min_length=1, max_length=1000, description="A success indicator of the program.")
    target: ShortText = Field(default="", description="What was aimed at, e.g. \"80 % hadir\".")
    result: Annotated[str, Field(max_length=2000)] = Field(default="", description="What was achieved.")
    met: Bool | None = Field(default=None, description="Met or not; null while not judged.")


class LpjSectionsUpdate(Request):
    """Every section of the LPJ a person writes; a PUT replaces them all (send what you read, changed)."""

    foreword: Annotated[str, Field(max_length=10000)] = Field(default="", description="Kata pengantar.")
    background: LongText = Field(default="", description="Latar belakang; empty: the program's description.")
    execution_notes: LongText = Field(default="", description="How the execution went.")
    participants: list[ParticipantGroup] = Field(default_factory=list, max_length=50,
                                                 description="Participants by group, target and actual.")
    indicators: list[IndicatorEvaluation] = Field(default_factory=list, max_length=50,
                                                  description="The evaluation, one per success indicator.")
    obstacles: LongText = Field(default="", description="Kendala.")
    solutions: LongText = Field(default="", description="Solusi.")
    recommendations: LongText = Field(default="", description="Rekomendasi, for whoever runs it next.")
    closing: Annotated[str, Field(max_length=10000)] = Field(default="", description="Penutup.")


class LpjSections(Model):
    """The sections of a program's LPJ as written so far. Until someone writes them, ``version`` is 0 and
    the indicators are the program's success indicators, unjudged."""

    program_id: UUID
    foreword: str
    background: str
    execution_notes: str
    participants: list[ParticipantGroup]
    indicators: list[IndicatorEvaluation]
    obstacles: str
    solutions: str
    recommendations: str
    closing: str
    version: int = Field(description="The ETag's number; 0 before the first save.")
    updated_at: datetime | None
    updated_by: Person | None
    may_edit: bool = Field(description="Whether the caller may write them now: the PJ, the heads of the program's "
                                       "department, the sekretaris and the board, while the LPJ is `draft` or "
                                       "`revisi`.")
    status: LpjStatus = Field(description="The review: `draft` → `diajukan` (submitted) → `diperiksa` (checked by "
                                          "the sekretaris) → `disetujui` (approved by the ketua; final), or back to "
                                          "`revisi` with notes.")
    review_notes: str | None = Field(description="The notes of the last step (why it was sent back).")
    report_id: UUID | None = Field(description="Once approved: the stored LPJ (status `disetujui`), whose PDF and "
                                               "CSV are the LPJ from then on.")
    actions: list[LpjAction] = Field(description="The review steps the caller may take now.")
    history: list[LpjReviewStep] = Field(description="Every step, oldest first.")


class LpjReviewStep(Model):
    action: LpjAction
    from_status: LpjStatus
    to_status: LpjStatus
    notes: str | None
    changed_by: Person | None
    changed_at: datetime
    report_id: UUID | None


class LpjReturn(Request):
    """Sending the LPJ back for revision: say what to change."""

    notes: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000), NON_BLANK] = Field(
        description="What to revise (required, not blank).")
