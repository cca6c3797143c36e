"""The stateful phase: sequences of calls over HTTP, checked against a model of what they should do.

Schemathesis checks each operation alone (tests/test_api_contract.py). Here Hypothesis chooses
sequences: a ketua creates programs and tasks in a fresh organization, moves both through their
lifecycles (legal moves and illegal ones), moves tasks in bulk, renames a program with a current or a
stale ``If-Match``, deletes programs and tasks. After every step the events the step published are
delivered (the local dispatcher, routing from template.yaml, as ``make dev`` does) and what a member
reads back must be what the model says: every program's status, tasks, counts and progress, and each
task's status, including what a program's pause, resumption or cancellation did to its tasks.

Schemathesis' own state machine (links between operations inferred from the document) could not be
made repeatable: Hypothesis found its strategies defined differently between runs
(``FlakyStrategyDefinition``) in about half the runs. This one is written out, with the same cases
every run (``derandomize``).
"""

from __future__ import annotations

import uuid

import httpx
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from functions.programs.access import TRANSITIONS as PROGRAM_MOVES
from functions.tasks.service import TRANSITIONS as TASK_MOVES
from infra.local.events import LocalDispatcher
from tests.conftest import STRONG_PASSWORD

PROGRAM_FINAL = {"selesai", "dibatalkan", "ditolak"}
TASK_OPEN = {"belum_dimulai", "dalam_progres", "review"}  # what a paused program puts on hold
RUNS = settings(max_examples=8, stateful_step_count=50, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.filter_too_much])


def _next_status(moves: dict[str, tuple[str, ...]], current: str | None) -> st.SearchStrategy[str]:
    """Any status at times, mostly one the lifecycle allows, and most often its first (the way forward
    that does not end it): random moves seldom get a program past its first steps."""
    anything = st.sampled_from(sorted(moves))
    if not current or not moves[current]:
        return anything
    return st.one_of(anything, st.sampled_from(moves[current]), st.just(moves[current][0]),
                     st.just(moves[current][0]))


class ProgramModel:
    def __init__(self) -> None:
        self.status = "draft"
        self.tasks: dict[str, str] = {}  # task id -> status
        self.held: dict[str, str] = {}  # task id -> the status it had when the program paused
        self.etags: list[str] = []  # every ETag it had, the current one last


class Board(RuleBasedStateMachine):
    """One ketua's organization, and what they do to its programs and tasks."""

    programs = Bundle("programs")
    tasks = Bundle("tasks")
    client: httpx.Client
    dispatcher: LocalDispatcher

    def __init__(self) -> None:
        super().__init__()
        created = self.client.post("/orgs", json={
            "name": f"HIMA {uuid.uuid4().hex[:8]}", "type": "hima",
            "period": {"name": "Kabinet Sinergi", "starts_on": "2026-01-01", "ends_on": "2026-12-31"}})
        assert created.status_code == 201, created.text
        self.org = created.json()["id"]
        self.model: dict[str, ProgramModel] = {}  # live programs
        self.task_program: dict[str, str] = {}  # live tasks -> their program
        self.touched: set[str] = set()

    # ---- programs ----

    @precondition(lambda self: len(self.model) < 3)  # a few programs that go far rather than many that do not
    @rule(target=programs, name=st.sampled_from(["Makrab", "Seminar Nasional", "Bakti Sosial", "Dies Natalis"]),
          kind=st.sampled_from(["event", "rutin", "berkelanjutan"]))
    def create_program(self, name: str, kind: str) -> str:
        answer = self.client.post("/programs", json={"organization_id": self.org, "name": name, "type": kind})
        assert answer.status_code == 201, answer.text
        body = answer.json()
        assert (body["status"], body["progress"], body["tasks"]["total"]) == ("draft", 0, 0)
        self.model[body["id"]] = ProgramModel()
        self.touched.add(body["id"])
        return body["id"]

    @rule(program=programs, data=st.data(), note=st.sampled_from([None, "Rapat pleno"]))
    def move_program(self, program: str, data: st.DataObject, note: str | None) -> None:
        model = self.model.get(program)
        to = data.draw(_next_status(PROGRAM_MOVES, model.status if model else None), label="to")
        answer = self.client.post(f"/programs/{program}/transitions",
                                  json={"to": to} | ({"note": note} if note else {}))
        if model is None:
            assert answer.status_code == 404, answer.text
            return
        allowed = PROGRAM_MOVES[model.status]
        if to not in allowed:
            assert answer.status_code == 409, answer.text
            assert answer.json()["errors"][0]["field"] == "body.to"
            for status in allowed:
                assert status in answer.json()["detail"]
            return
        if to == "dibatalkan" and not note:
            assert answer.status_code == 422, answer.text
            assert answer.json()["errors"][0]["field"] == "body.note"
            return
        assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == to
        self._follow(model, came_from=model.status, to=to)
        model.status = to
        self.touched.add(program)

    def _follow(self, model: ProgramModel, came_from: str, to: str) -> None:
        """What the tasks service's consumer of program.status_changed does (functions/tasks/program_status.py)."""
        if to == "dibatalkan":
            for task, status in model.tasks.items():
                if status not in ("selesai", "dibatalkan"):
                    model.tasks[task] = "dibatalkan"
            model.held.clear()
        elif to == "ditunda":
            for task, status in model.tasks.items():
                if status in TASK_OPEN:
                    model.held[task] = status
                    model.tasks[task] = "ditunda"
        elif came_from == "ditunda":
            for task, previous in model.held.items():
                if model.tasks.get(task) == "ditunda":
                    model.tasks[task] = previous
            model.held.clear()

    @rule(program=programs, current=st.booleans())
    def rename_program(self, program: str, current: bool) -> None:
        model = self.model.get(program)
        if model is None or not model.etags or (not current and len(model.etags) < 2):
            return
        etag = model.etags[-1] if current else model.etags[0]
        answer = self.client.patch(f"/programs/{program}", json={"description": f"Revisi {uuid.uuid4().hex[:4]}"},
                                   headers={"If-Match": etag})
        if model.status in PROGRAM_FINAL:
            assert answer.status_code in (409, 412), answer.text
        elif current:
            assert answer.status_code == 200, answer.text
        else:
            assert answer.status_code == 412, answer.text
        self.touched.add(program)

    @rule(program=consumes(programs))
    def delete_program(self, program: str) -> None:
        answer = self.client.delete(f"/programs/{program}")
        model = self.model.get(program)
        if model is None:
            assert answer.status_code == 404, answer.text
        elif model.status != "draft" or model.tasks:
            assert answer.status_code == 409, answer.text
        else:
            assert answer.status_code == 204, answer.text
            del self.model[program]

    # ---- tasks ----

    @precondition(lambda self: len(self.task_program) < 8)
    @rule(target=tasks, program=programs, title=st.sampled_from(["Sewa aula", "Desain poster", "Undang pemateri"]))
    def create_task(self, program: str, title: str):
        answer = self.client.post(f"/programs/{program}/tasks", json={"title": title})
        model = self.model.get(program)
        if model is None:
            assert answer.status_code == 404, answer.text
            return multiple()
        if model.status in PROGRAM_FINAL:
            assert answer.status_code == 409, answer.text
            return multiple()
        assert answer.status_code == 201, answer.text
        task = answer.json()
        assert (task["status"], task["program_id"]) == ("belum_dimulai", program)
        model.tasks[task["id"]] = "belum_dimulai"
        self.task_program[task["id"]] = program
        self.touched.add(program)
        return task["id"]

    def _expected_move(self, task: str, to: str) -> int:
        program = self.task_program.get(task)
        if program is None:
            return 404
        model = self.model[program]
        if model.status in PROGRAM_FINAL or to not in TASK_MOVES[model.tasks[task]]:
            return 409
        return 200

    @rule(task=tasks, data=st.data())
    def move_task(self, task: str, data: st.DataObject) -> None:
        program = self.task_program.get(task)
        to = data.draw(_next_status(TASK_MOVES, self.model[program].tasks[task] if program else None), label="to")
        answer = self.client.post(f"/tasks/{task}/transitions", json={"to": to})
        expected = self._expected_move(task, to)
        assert answer.status_code == expected, answer.text
        if expected == 200:
            assert answer.json()["status"] == to
            program = self.task_program[task]
            self.model[program].tasks[task] = to
            self.touched.add(program)

    @rule(picked=st.lists(tasks, min_size=1, max_size=4), to=st.sampled_from(sorted(TASK_MOVES)))
    def move_tasks_together(self, picked: list[str], to: str) -> None:
        chosen = list(dict.fromkeys(picked))
        answer = self.client.post("/tasks/bulk-transitions", json={"task_ids": chosen, "to": to})
        expected = [self._expected_move(task, to) for task in chosen]
        if all(code == 200 for code in expected):
            assert answer.status_code == 200, answer.text
            assert [item["id"] for item in answer.json()["items"]] == chosen
            for task in chosen:
                program = self.task_program[task]
                self.model[program].tasks[task] = to
                self.touched.add(program)
            return
        # all or none: nothing moved, and each refusal is named
        assert answer.status_code == (404 if all(code == 404 for code in expected) else 409), answer.text
        refused = {error["field"] for error in answer.json()["errors"]}
        assert refused == {f"body.task_ids.{n}" for n, code in enumerate(expected) if code != 200}
        self.touched.update(self.task_program[task] for task in chosen if task in self.task_program)

    @rule(task=consumes(tasks))
    def delete_task(self, task: str) -> None:
        answer = self.client.delete(f"/tasks/{task}")
        program = self.task_program.get(task)
        if program is None:
            assert answer.status_code == 404, answer.text
        elif self.model[program].status in PROGRAM_FINAL:
            assert answer.status_code == 409, answer.text
        else:
            assert answer.status_code == 204, answer.text
            del self.model[program].tasks[task]
            self.model[program].held.pop(task, None)
            del self.task_program[task]
            self.touched.add(program)

    # ---- what a member reads back ----

    @invariant()
    def reads_back_as_the_model_says(self) -> None:
        self.dispatcher.sweep()  # the step's events reach their consumers, as in `make dev`
        listed = self.client.get("/programs", params={"organization_id": self.org, "limit": 100})
        assert listed.status_code == 200, listed.text
        assert {p["id"]: p["status"] for p in listed.json()["items"]} == {
            program: model.status for program, model in self.model.items()}
        for program in self.touched & self.model.keys():
            self._program_reads_back(program, self.model[program])
        self.touched.clear()

    def _program_reads_back(self, program: str, model: ProgramModel) -> None:
        read = self.client.get(f"/programs/{program}")
        assert read.status_code == 200, read.text
        body = read.json()
        counted = [status for status in model.tasks.values() if status != "dibatalkan"]
        done = counted.count("selesai")
        progress = 100 if model.status == "selesai" else round(100 * done / len(counted), 1) if counted else 0
        assert (body["status"], body["allowed_transitions"]) == (model.status, list(PROGRAM_MOVES[model.status]))
        assert body["tasks"] == {"total": len(counted), "done": done, "late": 0}
        assert body["progress"] == progress
        if not model.etags or model.etags[-1] != read.headers["etag"]:
            model.etags.append(read.headers["etag"])
        tasks = self.client.get(f"/programs/{program}/tasks", params={"limit": 100})
        assert tasks.status_code == 200, tasks.text
        assert {t["id"]: t["status"] for t in tasks.json()["items"]} == model.tasks


@pytest.mark.slow
def test_sequences_of_calls_do_what_the_model_says(gateway_url, database):
    with httpx.Client(base_url=gateway_url, timeout=30) as client:
        registered = client.post("/auth/register", json={"email": f"ketua.{uuid.uuid4().hex[:6]}@hima.example",
                                                         "password": STRONG_PASSWORD, "name": "Ketua HIMA"})
        assert registered.status_code == 201, registered.text
        client.headers["Authorization"] = f"Bearer {registered.json()['access_token']}"
        Board.client = client
        Board.dispatcher = LocalDispatcher(database)
        run_state_machine_as_test(Board, settings=RUNS)
