"""The tasks service's rules, on an in-memory store standing for one caller (the real store is tested
against PostgreSQL in tests/integration/test_tasks*.py)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import pytest

from functions.tasks import service
from functions.tasks.errors import (
    BulkForbidden,
    BulkNotFound,
    BulkRefusal,
    IllegalTransition,
    InvalidDates,
    NotAllowed,
    OutsideProgramDates,
    PeriodFinished,
    ProgramFinal,
)
from functions.tasks.models import BulkTransitionRequest, TaskCreate, TaskUpdate, TransitionRequest
from shared.identity import Actor

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


class FakeTaskStore:
    """Programs carry the caller's standing in their period (``role``, ``headed``, ``open``)."""

    def __init__(self) -> None:
        self.program_rows: dict[UUID, dict[str, Any]] = {}
        self.task_rows: dict[UUID, dict[str, Any]] = {}
        self.members: set[UUID] = set()
        self.commits = 0

    def commit(self) -> None:
        self.commits += 1

    def programs(self, program_ids: list[UUID]) -> dict[UUID, dict[str, Any]]:
        return {p: self.program_rows[p] for p in program_ids if p in self.program_rows}

    def milestone_in(self, program_id: UUID, milestone_id: UUID) -> bool:
        return False

    def assignable(self, org_id: UUID, period_id: UUID, user_ids: list[UUID]) -> set[UUID]:
        return set(user_ids) & self.members

    def create_task(self, fields: dict[str, Any]) -> UUID:
        task_id = uuid.uuid4()
        program = self.program_rows[fields["program_id"]]
        self.task_rows[task_id] = {
            "id": task_id, "organization_id": program["organization_id"], "period_id": program["period_id"],
            "milestone_id": None, "description": None, "start_date": None, "due_date": None, "priority": "sedang",
            "status": "belum_dimulai", "completed_at": None, "version": 1, "created_at": NOW, "updated_at": NOW,
            "late": False, "assignees": [], **fields}
        return task_id

    def task(self, task_id: UUID) -> dict[str, Any] | None:
        row = self.task_rows.get(task_id)
        return _shown(row) if row else None

    def tasks_by_id(self, task_ids: list[UUID]) -> dict[UUID, dict[str, Any]]:
        return {t: _shown(self.task_rows[t]) for t in task_ids if t in self.task_rows}

    def update_task(self, task_id: UUID, changes: dict[str, Any], version: int, note: str | None = None) -> bool:
        task = self.task_rows[task_id]
        if task["version"] != version:
            return False
        task.update(changes, version=version + 1)
        return True

    def transition_tasks(self, versions: dict[UUID, int], to: str, note: str | None) -> int:
        return sum(self.update_task(task_id, {"status": to}, version) for task_id, version in versions.items())

    def change_assignees(self, task_id: UUID, add: list[UUID], remove: list[UUID]) -> None:
        task = self.task_rows[task_id]
        task["assignees"] = [u for u in task["assignees"] if u not in remove] + add


def _shown(row: dict[str, Any]) -> dict[str, Any]:
    """The row as the store reads it: its assignees with their names (nobody has a profile here)."""
    return {**row, "assignee_people": [{"user_id": u, "display_name": None} for u in row["assignees"]]}


def actor() -> Actor:
    user_id = uuid.uuid4()
    return Actor(user_id=user_id, email=None, session_id=None, issuer="http://test", claims={"sub": str(user_id)})


@pytest.fixture
def me() -> Actor:
    return actor()


def program(store: FakeTaskStore, role: str | None = "anggota", *, status: str = "dalam_progres", open_: bool = True,
            pic: UUID | None = None, headed: bool = False) -> UUID:
    program_id, department = uuid.uuid4(), uuid.uuid4()
    store.program_rows[program_id] = {
        "id": program_id, "organization_id": uuid.uuid4(), "period_id": uuid.uuid4(), "department_id": department,
        "person_in_charge": pic, "status": status, "planned_start": date(2026, 3, 1), "planned_end": date(2026, 3, 31),
        "role": role, "headed": [department] if headed else [], "open": open_}
    return program_id


def task(store: FakeTaskStore, program_id: UUID, status: str = "belum_dimulai", assignees: tuple[UUID, ...] = ()
         ) -> UUID:
    task_id = store.create_task({"program_id": program_id, "title": "Sewa gedung", "created_by": uuid.uuid4()})
    store.task_rows[task_id].update(status=status, assignees=list(assignees))
    return task_id


def test_an_assignee_moves_their_task_but_never_reopens_it(me):
    # Given an anggota assigned to a task
    store = FakeTaskStore()
    assigned = task(store, program(store, "anggota"), "review", assignees=(me.user_id,))
    # When they finish it, it is done
    moved, version = service.transition_task(store, me, assigned, TransitionRequest(to="selesai"), None)
    assert (moved.status, version) == ("selesai", 2)
    # but reopening it is not theirs to do
    with pytest.raises(NotAllowed, match="reopen"):
        service.transition_task(store, me, assigned, TransitionRequest(to="dalam_progres"), None)


@pytest.mark.parametrize(("role", "headed", "pj", "may"), [
    ("ketua", False, False, True), ("wakil_ketua", False, False, True), ("sekretaris", False, False, False),
    ("kepala_departemen", True, False, True), ("kepala_departemen", False, False, False),
    ("anggota", False, True, True), ("bendahara", False, False, False)])
def test_who_reopens(me, role, headed, pj, may):
    store = FakeTaskStore()
    done = task(store, program(store, role, headed=headed, pic=me.user_id if pj else None), "selesai")
    if may:
        assert service.transition_task(store, me, done, TransitionRequest(to="dalam_progres"), None)[0].status == (
            "dalam_progres")
    else:
        with pytest.raises(NotAllowed):
            service.transition_task(store, me, done, TransitionRequest(to="dalam_progres"), None)


def test_refusals_come_in_order_role_then_read_only_then_lifecycle(me):
    store = FakeTaskStore()
    final_program = task(store, program(store, "bendahara", status="selesai"))
    with pytest.raises(NotAllowed):  # not theirs, whatever else is wrong
        service.transition_task(store, me, final_program, TransitionRequest(to="selesai"), None)
    store.program_rows[store.task_rows[final_program]["program_id"]]["role"] = "ketua"
    with pytest.raises(ProgramFinal):
        service.transition_task(store, me, final_program, TransitionRequest(to="selesai"), None)
    closed = task(store, program(store, "ketua", open_=False))
    with pytest.raises(PeriodFinished):
        service.transition_task(store, me, closed, TransitionRequest(to="dalam_progres"), None)
    with pytest.raises(IllegalTransition, match="dalam_progres, dibatalkan"):
        service.transition_task(store, me, task(store, program(store, "ketua")), TransitionRequest(to="selesai"), None)


def test_dates_inside_the_program_unless_the_request_says_otherwise(me):
    store = FakeTaskStore()
    program_id = program(store, "ketua")
    with pytest.raises(OutsideProgramDates):
        service.create_task(store, me, program_id, TaskCreate(title="X", due_date=date(2026, 4, 1)))
    created, _ = service.create_task(store, me, program_id, TaskCreate(title="X", due_date=date(2026, 4, 1),
                                                                      outside_program_dates=True))
    # an edit that sets no date is not judged by the dates already there
    assert service.update_task(store, me, created.id, TaskUpdate(title="Y"), None)[0].title == "Y"
    with pytest.raises(InvalidDates):
        service.update_task(store, me, created.id, TaskUpdate(start_date=date(2026, 3, 10),
                                                             due_date=date(2026, 3, 9)), None)


def test_a_bulk_change_is_all_or_nothing_and_says_why_per_task(me):
    store = FakeTaskStore()
    managed = program(store, "ketua")
    ready, wrong = task(store, managed, "dalam_progres"), task(store, managed, "belum_dimulai")
    request = BulkTransitionRequest(task_ids=[ready, wrong], to="review")
    with pytest.raises(BulkRefusal) as refused:
        service.bulk_transition(store, me, request)
    assert [(e.field, e.code) for e in refused.value.errors] == [("body.task_ids.1", "illegal_transition")]
    assert store.task_rows[ready]["status"] == "dalam_progres" and store.commits == 0
    # refused for the caller's role only: 403; for tasks they cannot see only: 404
    others = task(store, program(store, "pembina"), "dalam_progres")
    with pytest.raises(BulkForbidden):
        service.bulk_transition(store, me, BulkTransitionRequest(task_ids=[ready, others], to="review"))
    with pytest.raises(BulkNotFound):
        service.bulk_transition(store, me, BulkTransitionRequest(task_ids=[uuid.uuid4()], to="review"))
    moved = service.bulk_transition(store, me, BulkTransitionRequest(task_ids=[ready], to="review"))
    assert [t.status for t in moved.items] == ["review"] and store.commits == 1
