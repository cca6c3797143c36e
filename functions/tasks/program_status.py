"""What a program's status change does to its tasks (issue 5; the consumer of program.status_changed):

- the program is cancelled (dibatalkan): its open tasks (neither selesai nor dibatalkan) are cancelled;
- it is paused (ditunda): its open tasks not already on hold are put on hold (ditunda), and the
  status each had is remembered;
- it resumes (ditunda -> dalam_progres, or any status out of ditunda but dibatalkan): the tasks it
  put on hold and that are still on hold get their status back. A task someone moved meanwhile is
  left as it is.

Each change is recorded in the task's history with the program's event as its cause and the program's
transition (with its note) as the note, and publishes task.status_changed as any change does.

Events may arrive out of order (EventBridge and SQS do not keep it): a pause acts only while the program
is still paused, a resume only once it is no longer paused, so a late event cannot undo a newer one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol
from uuid import UUID

from shared.consumer import DomainEvent

NOTE_LIMIT = 2000
CANCELLED, PAUSED = "dibatalkan", "ditunda"


class ProgramFollowStore(Protocol):
    def program_status(self, program_id: UUID) -> str | None: ...
    def cancel_open_tasks(self, program_id: UUID, event_id: UUID, note: str) -> list[UUID]: ...
    def hold_open_tasks(self, program_id: UUID, event_id: UUID, note: str) -> list[UUID]: ...
    def resume_held_tasks(self, program_id: UUID, event_id: UUID, note: str) -> list[UUID]: ...


@dataclass(frozen=True)
class Outcome:
    action: str  # cancelled | held | resumed | none
    tasks: list[UUID] = field(default_factory=list)


def cause_note(what: str, payload: dict[str, Any]) -> str:
    """``Program dibatalkan: <the program's note>`` (Indonesian, as the rest of the history)."""
    note = payload.get("note")
    text = f"Program {what}: {note}" if note else f"Program {what}"
    return text[:NOTE_LIMIT]


def follow_program_status(store: ProgramFollowStore, event: DomainEvent) -> Outcome:
    if event.type != "program.status_changed":
        return Outcome("none")
    payload = event.payload
    program_id = UUID(str(payload["program_id"]))
    to, came_from = payload.get("to"), payload.get("from")
    if to == CANCELLED:
        return Outcome("cancelled", store.cancel_open_tasks(program_id, event.id, cause_note("dibatalkan", payload)))
    if to == PAUSED:
        if store.program_status(program_id) != PAUSED:
            return Outcome("none")  # resumed (or cancelled) since: that newer event decides
        return Outcome("held", store.hold_open_tasks(program_id, event.id, cause_note("ditunda", payload)))
    if came_from == PAUSED:
        if store.program_status(program_id) == PAUSED:
            return Outcome("none")  # paused again since: its tasks stay on hold
        return Outcome("resumed", store.resume_held_tasks(program_id, event.id, cause_note("dilanjutkan", payload)))
    return Outcome("none")
