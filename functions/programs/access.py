"""Who may do what to a program, and its lifecycle (docs/domain.md, "Who may do what" and "Program
lifecycle"): what the program use cases and those of its parts (committee, milestones, budget items) ask
before they act. Apart from ``service`` so that a function of the parts imports neither the program use
cases nor their models.
RLS and a trigger enforce the same rules again in the database.
"""

from __future__ import annotations

from uuid import UUID

from functions.programs.errors import NotAllowed, PeriodFinished, ProgramFinal, ProgramNotFound
from functions.programs.repository import ProgramStore, Row
from shared.identity import Actor
from shared.vocabulary import BOARD, FINAL_PROGRAM_STATUSES, ProgramStatus

TRANSITIONS: dict[ProgramStatus, tuple[ProgramStatus, ...]] = {
    "draft": ("diajukan",),
    "diajukan": ("disetujui", "revisi", "ditolak"),
    "revisi": ("diajukan",),
    "disetujui": ("dalam_progres", "dibatalkan"),
    "dalam_progres": ("ditunda", "selesai", "dibatalkan"),
    "ditunda": ("dalam_progres", "dibatalkan"),
    "selesai": (),
    "dibatalkan": (),
    "ditolak": (),
}
"""docs/domain.md's program lifecycle (the same table is program_service.allowed_transitions in SQL); its dead ends
are the final statuses (shared.vocabulary.FINAL_PROGRAM_STATUSES)."""
DECIDED_BY_BOARD = "diajukan"
"""The transitions out of this status (approve, send back for revision, reject) are the board's."""


def may_create(standing: Row, department_id: UUID | None) -> bool:
    return standing["role"] in BOARD or (department_id is not None and department_id in standing["headed"])


def may_edit(actor: Actor, standing: Row, program: Row) -> bool:
    pic = program["person_in_charge"] == actor.user_id and standing["role"] is not None
    return may_create(standing, program["department_id"]) or pic


def readable(store: ProgramStore, program_id: UUID) -> Row:
    row = store.program(program_id)  # RLS: only members of the program's organization see it
    if row is None:
        raise ProgramNotFound()
    return row


def editable(store: ProgramStore, actor: Actor, program: Row, action: str) -> Row:
    """The caller's standing, once they may ``action`` this program in its current state."""
    standing = store.standing(program["organization_id"], program["period_id"])
    if not may_edit(actor, standing, program):
        raise NotAllowed(action)
    if not standing["open"]:
        raise PeriodFinished("This program's period")
    if program["status"] in FINAL_PROGRAM_STATUSES:
        raise ProgramFinal(program["status"])
    return standing

