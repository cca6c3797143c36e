"""Use cases of the LPJ's written sections and its review (docs/decisions/0018-lpj-review.md): the PJ (and who
may store the program's reports) writes the sections, every member reads them; the PJ submits the LPJ, the
sekretaris checks it, the ketua approves it or sends it back (who may do what: ``service``'s docstring).

A module of its own, apart from the reports a program's LPJ draft is computed into (``program_reports``): the
functions of the sections and of the review steps build the sections' models only at their start (issue 14).
Approving stores the LPJ as a report, which only ``approve_lpj`` does."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from uuid import UUID

from functions.reports.errors import LpjFrozen, LpjNotWritten, LpjStepConflict, NotAllowed, ProgramNotFound
from functions.reports.lpj_models import (
    IndicatorEvaluation,
    LpjAction,
    LpjReviewStep,
    LpjSections,
    LpjSectionsUpdate,
)
from functions.reports.parts import Names, success_indicators
from functions.reports.repository import ReportStore
from shared.errors import StaleVersion
from shared.etags import lost_race
from shared.store import Row

if TYPE_CHECKING:
    from shared.files import FileStore

REVIEW: dict[LpjAction, tuple[tuple[str, ...], str, str]] = {
    "submit": (("draft", "revisi"), "diajukan", "submitted"),
    "check": (("diajukan",), "diperiksa", "checked"),
    "approve": (("diperiksa",), "disetujui", "approved"),
    "return": (("diajukan", "diperiksa"), "revisi", "sent back for revision"),
}
"""Each review step: the states it goes from, the state it reaches, and how the answers name it."""
EDITABLE = ("draft", "revisi")


def _actions(row: Row, status: str) -> list[LpjAction]:
    """The steps the caller's role allows from ``status`` (the database asks the same again: may_review)."""
    written = row["sections"] is not None
    allowed: list[LpjAction] = []
    if row["may_edit"] and written and status in EDITABLE:
        allowed.append("submit")
    if row["may_check"] and status == "diajukan":
        allowed += ["check", "return"]
    if row["may_approve"] and status == "diperiksa":
        allowed += ["approve", "return"]
    return allowed


def lpj_sections(store: ReportStore, program_id: UUID) -> tuple[LpjSections, int]:
    """The sections as written with their review, and their version (the ETag): until the first save, empty, the
    evaluation listing the program's success indicators."""
    row = store.lpj_sections(program_id)
    if row is None:
        raise ProgramNotFound()
    written = row["sections"]
    steps = row["steps"] or []
    if written is None:
        indicators = [IndicatorEvaluation(indicator=line) for line in success_indicators(row["success_indicators"])]
        return LpjSections(program_id=program_id, foreword="", background="", execution_notes="", participants=[],
                           indicators=indicators, obstacles="", solutions="", recommendations="", closing="",
                           version=0, updated_at=None, updated_by=None, may_edit=row["may_edit"], status="draft",
                           review_notes=None, report_id=None, actions=[], history=[]), 0
    names = Names(store.names([written["updated_by"], *(step["changed_by"] for step in steps)]))
    history = [LpjReviewStep.model_validate({**step, "changed_by": names.person(step["changed_by"])})
               for step in steps]
    status = written["status"]
    sections = LpjSections.model_validate({
        **written, "program_id": program_id, "may_edit": bool(row["may_edit"]) and status in EDITABLE,
        "updated_by": names.person(written["updated_by"]), "actions": _actions(row, status), "history": history})
    return sections, sections.version


def save_lpj_sections(store: ReportStore, program_id: UUID, request: LpjSectionsUpdate,
                      expected_version: int | None) -> tuple[LpjSections, int]:
    """Replace the sections (If-Match: the version read). Who may store the program's reports may write them,
    while the LPJ is a draft or sent back for revision."""
    row = store.lpj_sections(program_id)
    if row is None:
        raise ProgramNotFound()
    if not row["may_edit"]:
        raise NotAllowed("write this program's LPJ")
    version = row["sections"]["version"] if row["sections"] else 0
    if expected_version is not None and expected_version != version:
        raise StaleVersion("LPJ")
    status = row["sections"]["status"] if row["sections"] else "draft"
    if status not in EDITABLE:
        raise LpjFrozen(status)
    if not store.save_lpj_sections(program_id, row["organization_id"], row["period_id"],
                                   request.model_dump(mode="json"), version):
        raise lost_race(expected_version, StaleVersion("LPJ"), "LPJ")
    store.commit()
    return lpj_sections(store, program_id)


_WHO_MAY = {
    "submit": ("may_edit", "submit this program's LPJ (its PJ, the heads of its department, the sekretaris and "
                           "the board do)"),
    "check": ("may_check", "check this LPJ (the sekretaris does)"),
    "approve": ("may_approve", "approve this LPJ (the ketua and wakil ketua do)"),
}


def review_lpj(store: ReportStore, actor_id: UUID, program_id: UUID, action: LpjAction, expected_version: int | None,
               notes: str | None = None, files: FileStore | None = None) -> tuple[LpjSections, int]:
    """One step of the LPJ's review (docs/decisions/0018-lpj-review.md), decided here as the caller (404 outsiders,
    403 a role that may not take it, 412 a stale If-Match, 409 a step the state does not allow) and written through
    the service's own transaction; approving stores the LPJ as a report (status disetujui) in the same one."""
    row = store.lpj_sections(program_id)
    if row is None:
        raise ProgramNotFound()
    written = row["sections"]
    status: str = written["status"] if written else "draft"
    from_statuses, to_status, done = REVIEW[action]
    if action == "return":
        if not (row["may_check"] or row["may_approve"]):
            raise NotAllowed("send this LPJ back for revision (the sekretaris and the ketua do)")
    elif not row[_WHO_MAY[action][0]]:
        raise NotAllowed(_WHO_MAY[action][1])
    version = written["version"] if written else 0
    if expected_version is not None and expected_version != version:
        raise StaleVersion("LPJ")
    if action == "return":  # the sekretaris sends back what was submitted, the ketua what was checked
        from_statuses = tuple(s for s, may in (("diajukan", row["may_check"]), ("diperiksa", row["may_approve"]))
                              if may)
    if status not in from_statuses:
        raise LpjStepConflict(status, done, from_statuses)
    if written is None:
        raise LpjNotWritten()
    step = {"by": actor_id, "action": action, "notes": notes}
    report_id = uuid.uuid4() if action == "approve" else None
    if not store.review_lpj(program_id, step, from_statuses, to_status, version, report_id):
        raise lost_race(expected_version, StaleVersion("LPJ"), "LPJ")
    if report_id is not None:
        assert files is not None, "approving stores the LPJ's files"
        # Imported here: computing the LPJ draft and storing it (the program reports' models and content, then
        # fpdf2 to render it) is the approval's alone; the other steps and the sections' reads never need it.
        from functions.reports.program_files import store_approved_lpj

        store_approved_lpj(store, files, actor_id, program_id, report_id)
    store.commit()
    return lpj_sections(store, program_id)
