"""What a program's status change does to its tasks (functions/tasks/program_status.py), with a fake store."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from uuid import UUID

import pytest

from functions.tasks.program_status import follow_program_status
from shared.consumer import DomainEvent

PROGRAM = uuid.uuid4()


class FakeStore:
    def __init__(self, status: str | None) -> None:
        self.status = status
        self.calls: list[tuple[str, UUID, str]] = []

    def program_status(self, program_id: UUID) -> str | None:
        return self.status

    def _record(self, action: str, event_id: UUID, note: str) -> list[UUID]:
        self.calls.append((action, event_id, note))
        return [uuid.uuid4()]

    def cancel_open_tasks(self, program_id: UUID, event_id: UUID, note: str) -> list[UUID]:
        return self._record("cancel", event_id, note)

    def hold_open_tasks(self, program_id: UUID, event_id: UUID, note: str) -> list[UUID]:
        return self._record("hold", event_id, note)

    def resume_held_tasks(self, program_id: UUID, event_id: UUID, note: str) -> list[UUID]:
        return self._record("resume", event_id, note)


def changed(came_from: str, to: str, note: str | None = None) -> DomainEvent:
    return DomainEvent(id=uuid.uuid4(), type="program.status_changed", aggregate="program", aggregate_id=PROGRAM,
                       organization_id=uuid.uuid4(), occurred_at=datetime.now(UTC),
                       payload={"program_id": str(PROGRAM), "from": came_from, "to": to, "note": note})


@pytest.mark.parametrize(("came_from", "to", "now", "action", "note"), [
    ("dalam_progres", "dibatalkan", "dibatalkan", "cancel", "Program dibatalkan: Dana habis"),
    ("ditunda", "dibatalkan", "dibatalkan", "cancel", "Program dibatalkan: Dana habis"),
    ("disetujui", "dibatalkan", "dibatalkan", "cancel", "Program dibatalkan: Dana habis"),
    ("dalam_progres", "ditunda", "ditunda", "hold", "Program ditunda: Dana habis"),
    ("ditunda", "dalam_progres", "dalam_progres", "resume", "Program dilanjutkan: Dana habis"),
])
def test_each_transition_does_its_part_with_its_cause(came_from, to, now, action, note):
    store = FakeStore(now)
    event = changed(came_from, to, "Dana habis")
    outcome = follow_program_status(store, event)
    assert store.calls == [(action, event.id, note)]
    assert len(outcome.tasks) == 1


@pytest.mark.parametrize(("came_from", "to", "now"), [
    ("dalam_progres", "ditunda", "dalam_progres"),  # resumed since: the pause is stale
    ("dalam_progres", "ditunda", "dibatalkan"),
    ("ditunda", "dalam_progres", "ditunda"),  # paused again since
    ("disetujui", "dalam_progres", "dalam_progres"),  # starting is not resuming
    ("dalam_progres", "selesai", "selesai"),
])
def test_stale_or_unrelated_changes_touch_nothing(came_from, to, now):
    store = FakeStore(now)
    assert follow_program_status(store, changed(came_from, to)).action == "none"
    assert store.calls == []


def test_a_note_is_optional_and_bounded():
    store = FakeStore("dibatalkan")
    follow_program_status(store, changed("dalam_progres", "dibatalkan"))
    follow_program_status(store, changed("dalam_progres", "dibatalkan", "x" * 5000))
    assert store.calls[0][2] == "Program dibatalkan"
    assert len(store.calls[1][2]) == 2000
