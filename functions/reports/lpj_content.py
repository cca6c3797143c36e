"""A program's LPJ draft (laporan pertanggungjawaban), built from the row the repository read and the sections
people wrote (plain functions, no SQL, no HTTP); what it shares with the progress report is in
``program_content``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from functions.reports import program_content
from functions.reports.lpj_draft_models import (
    Attachment,
    Background,
    Evaluation,
    Execution,
    FinanceLine,
    Finances,
    IndicatorResult,
    LpjDraft,
    Signatory,
)
from functions.reports.participants import ParticipantGroup
from functions.reports.parts import Names, day_of, success_indicators, today_of
from functions.reports.program_models import BudgetLine
from shared.store import Row


def indicator_lines(text: str | None) -> list[IndicatorResult]:
    """A program's success indicators (one per line, bullets and numbers taken off), not judged yet."""
    return [IndicatorResult(indicator=line) for line in success_indicators(text)]


def _summed(values: Iterable[int | None]) -> int | None:
    given = [value for value in values if value is not None]
    return sum(given) if given else None


def _finance_lines(lines: list[BudgetLine], kind: str) -> list[FinanceLine]:
    return [FinanceLine(name=line.category, planned=line.planned, actual=line.actual,
                        difference=line.actual - line.planned) for line in lines if line.kind == kind]


def _budget_item(attachment: Row) -> str | None:
    """The budget item a receipt names, as the LPJ prints it."""
    category, description = attachment.get("budget_category"), attachment.get("budget_description")
    if category is None:
        return None
    return f"{category}: {description}" if description else str(category)


def _sign_off(facts: Mapping[str, Any], identity: Mapping[str, Any], names: Names) -> list[Signatory]:
    program = facts["program"]
    officers: dict[str, Any] = {}
    for officer in identity["officers"]:
        officers.setdefault(officer["role"], officer["user_id"])
    department = next((d for d in identity["departments"] if d["id"] == program["department_id"]), None)
    head_title = f"Kepala Departemen {department['name']}" if department else "Kepala Departemen"
    return [
        Signatory(role="ketua_pelaksana", title="Ketua Pelaksana", person=names.person(program["person_in_charge"])),
        Signatory(role="sekretaris", title="Sekretaris", person=names.person(officers.get("sekretaris"))),
        Signatory(role="kepala_departemen", title=head_title,
                  person=names.person(department.get("head") if department else None)),
        Signatory(role="ketua", title="Ketua", person=names.person(officers.get("ketua"))),
        Signatory(role="pembina", title="Pembina", person=names.person(officers.get("pembina"))),
    ]


def numbered(draft: LpjDraft, numbers: Mapping[UUID, str]) -> LpjDraft:
    """The draft with the NIMs of its signatories (``numbers``: those who chose to have theirs printed)."""
    sign_off = [signatory.model_copy(update={"student_number": numbers.get(signatory.person.user_id)})
                if signatory.person else signatory for signatory in draft.sign_off]
    return draft.model_copy(update={"sign_off": sign_off})


def lpj_draft(row: Row, names: Names, attachments: Iterable[Row] = (), now: datetime | None = None) -> LpjDraft:
    """A program's LPJ draft from the repository's ``program`` row and its uploaded attachments' rows."""
    facts, identity = row["facts"], row["identity"]
    program = facts["program"]
    lines = program_content.budget_lines(facts)
    budget = program_content.totals(program, lines)
    written = row.get("lpj") or {}  # the sections people wrote (report_service.lpj_sections), if any
    participants = [ParticipantGroup.model_validate(group) for group in written.get("participants", [])]
    indicators = ([IndicatorResult(indicator=i["indicator"], target=i.get("target") or "",
                                   result=i.get("result") or None, met=i.get("met"))
                   for i in written["indicators"]] if written else indicator_lines(program["success_indicators"]))
    return LpjDraft(
        generated_at=now or datetime.now(UTC), today=row["today"] or today_of(identity),
        identity=program_content.identity_of(facts, identity, names), sign_off=_sign_off(facts, identity, names),
        background=Background(background=written.get("background") or program["description"] or "",
                              objectives=program["objectives"] or "", target_group=program["target_group"] or ""),
        execution=Execution(planned_start=day_of(program["planned_start"]), planned_end=day_of(program["planned_end"]),
                            actual_start=day_of(program["actual_start"]), actual_end=day_of(program["actual_end"]),
                            location=program["location"], committee=program_content.committee_of(facts, names),
                            participants_target=_summed(group.target for group in participants),
                            participants_actual=_summed(group.actual for group in participants),
                            participants=participants, notes=written.get("execution_notes", "")),
        finances=Finances(
            income=_finance_lines(lines, "pemasukan"), expenses=_finance_lines(lines, "pengeluaran"),
            total_income_planned=budget.income_planned, total_income_actual=budget.income_actual,
            total_expense_planned=budget.expense_planned, total_expense_actual=budget.expense_actual,
            balance_planned=budget.balance_planned, balance_actual=budget.balance_actual, budget_planned=budget.planned,
            unverified_lines=sum(1 for line in lines if line.verified_items < line.items)),
        evaluation=Evaluation(indicators=indicators, obstacles=written.get("obstacles", ""),
                              solutions=written.get("solutions", ""),
                              recommendations=written.get("recommendations", "")),
        tasks=program_content.tasks_of(row, row["status_counts"], names),
        attachments=[Attachment.model_validate({**attachment, "budget_item": _budget_item(attachment)})
                     for attachment in attachments],
        foreword=written.get("foreword", ""), closing=written.get("closing", ""))
