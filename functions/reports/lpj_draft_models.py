"""Wire models of a program's LPJ draft (laporan pertanggungjawaban), drafted from what was tracked
(``lpj_content``). What people write into an LPJ (its foreword, background, execution notes, participants,
evaluation, obstacles, solutions, recommendations, closing) is kept as its sections (``lpj_models``'
``LpjSections``) and printed here."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import Field

from functions.reports.models import CommitteeMember, Tasks
from functions.reports.participants import ParticipantGroup
from functions.reports.parts import AttachmentKind, Person
from functions.reports.program_models import Identity
from shared.types import Model


class Signatory(Model):
    role: Literal["ketua_pelaksana", "sekretaris", "kepala_departemen", "ketua", "pembina"]
    title: str = Field(description="As printed under the signature, in Indonesian.")
    person: Person | None = Field(description="Null when nobody holds the role.")
    student_number: str | None = Field(
        default=None, description="The person's NIM, printed under their name, when they chose so in their profile "
                                  "(`student_number_on_documents`).")


class Background(Model):
    background: str = Field(description="Latar belakang: the program's description.")
    objectives: str = Field(description="Tujuan.")
    target_group: str = Field(description="Sasaran.")


class Execution(Model):
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None
    location: str | None
    committee: list[CommitteeMember]
    participants_target: int | None = Field(default=None, description="The groups' targets summed; null until "
                                                                      "written.")
    participants_actual: int | None = Field(default=None, description="The groups' actual numbers summed.")
    participants: list[ParticipantGroup] = Field(default_factory=list, description="By group, as written.")
    notes: str = Field(default="", description="How it went, as the PJ tells it.")


class FinanceLine(Model):
    name: str = Field(description="Source (income) or item (expense).")
    planned: Decimal
    actual: Decimal
    difference: Decimal = Field(description="actual - planned.")


class Finances(Model):
    income: list[FinanceLine] = Field(description="Income by source.")
    expenses: list[FinanceLine] = Field(description="Expenses by item.")
    total_income_planned: Decimal
    total_income_actual: Decimal
    total_expense_planned: Decimal
    total_expense_actual: Decimal
    balance_planned: Decimal
    balance_actual: Decimal = Field(description="Actual income - actual expenses (saldo).")
    budget_planned: Decimal = Field(description="The program's planned budget.")
    unverified_lines: int = Field(description="Lines with items the bendahara has not verified yet.")


class IndicatorResult(Model):
    indicator: str
    target: str = Field(default="", description="What was aimed at (written in the LPJ's sections).")
    result: str | None = Field(default=None, description="What was achieved; null until written.")
    met: bool | None = Field(default=None, description="Met or not; null until judged.")


class Evaluation(Model):
    indicators: list[IndicatorResult] = Field(description="As written in the LPJ's sections; until then, one per "
                                                          "line of the program's success indicators.")
    obstacles: str = ""
    solutions: str = ""
    recommendations: str = ""


class Attachment(Model):
    """A file attached to the LPJ (uploaded). LPJs approved before files could be attached list placeholders
    with a title alone."""

    id: UUID | None = None
    kind: AttachmentKind | None = None
    title: str
    filename: str | None = None
    content_type: str | None = None
    size_bytes: int | None = None
    budget_item: str | None = Field(None, description="For a receipt that names one: its budget item, as "
                                                      "\"category: description\".")


class LpjDraft(Model):
    """A program's accountability report (laporan pertanggungjawaban), drafted from what was tracked."""

    kind: Literal["lpj"] = "lpj"
    generated_at: datetime
    today: date
    identity: Identity
    sign_off: list[Signatory] = Field(description="PJ, sekretaris, kepala departemen, ketua, pembina.")
    background: Background
    execution: Execution
    finances: Finances
    evaluation: Evaluation
    tasks: Tasks
    attachments: list[Attachment] = Field(description="The files attached (GET /programs/{id}/lpj/attachments "
                                                      "for their links); documentation photos print in the PDF.")
    document_number: str | None = Field(default=None, description="Its number in the organization's format, given "
                                                                   "when it is approved (null before).")
    foreword: str = Field(default="", description="Kata pengantar, as written.")
    closing: str = Field(default="", description="Penutup, as written.")
