"""One correlation id from the request to everything it leads to (issue 11, shared/correlation.py): the
answer's X-Request-Id, the function's log lines, the events it writes, the dispatcher, the consumer that
handles them, and the events that consumer writes in turn."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg.rows import dict_row

from infra.local.events import LocalDispatcher
from tests.support.programs import make_program, make_world, register_people


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    people = register_people(api, uuid.uuid4().hex[:6])
    ids = make_world(database, people)
    program = make_program(database, ids, people, "dalam_progres")
    return {"program": program, "ketua": people["ketua"]["token"], "anggota": people["anggota"]["id"]}


def outbox(database: str, **where: str) -> list[dict[str, Any]]:
    clauses = " and ".join(f"{column} = %({column})s" for column in where)
    with psycopg.connect(database, row_factory=dict_row) as conn:
        return conn.execute(f"select type, aggregate_id, correlation_id from events.outbox where {clauses}"
                            " order by occurred_at", where).fetchall()


def test_the_answer_carries_the_id_the_client_sent_and_the_events_keep_it(api, world, database):
    answer = api.post(f"/programs/{world['program']}/tasks", token=world["ketua"],
                      headers={"X-Request-Id": "pengujian-42.a"},
                      json={"title": "Sewa aula", "assignees": [world["anggota"]]})
    assert answer.status == 201 and answer.header("X-Request-Id") == "pengujian-42.a"
    events = outbox(database, aggregate_id=answer.json["id"])
    assert events and {event["correlation_id"] for event in events} == {"pengujian-42.a"}


def test_without_a_usable_id_the_gateways_request_id_is_used_and_returned(api, world, database):
    for sent in ({}, {"X-Request-Id": "spasi tidak boleh"}, {"X-Request-Id": "x" * 129}):
        answer = api.post(f"/programs/{world['program']}/tasks", token=world["ketua"], headers=sent,
                          json={"title": "Cetak spanduk", "assignees": [world["anggota"]]})
        made = answer.header("X-Request-Id")
        assert answer.status == 201 and made and made != sent.get("X-Request-Id")
        uuid.UUID(made)  # the local gateway's request id, as API Gateway's own would be
        assert {event["correlation_id"] for event in outbox(database, aggregate_id=answer.json["id"])} == {made}


def test_an_error_answer_carries_it_too(api, world):
    answer = api.post(f"/programs/{world['program']}/tasks", token=world["ketua"],
                      headers={"X-Request-Id": "salah-masuk"}, json={"title": ""})
    assert answer.status == 422 and answer.header("X-Request-Id") == "salah-masuk"


class Lines(logging.Handler):
    """Every line the functions log, as Powertools formats it (JSON), parsed."""

    def __init__(self, formatter: logging.Formatter) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(formatter)
        self.lines: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def logged() -> Iterator[list[dict[str, Any]]]:
    """The lines the dispatcher, the handler factory and the consumers log, at DEBUG (the suite runs at WARNING)."""
    from functions.events import dispatcher
    from shared import api, consumer

    underlying = {id(logger._logger): logger for logger in (dispatcher.logger, api.logger, consumer.logger)}
    collected: list[dict[str, Any]] = []
    handlers = []
    for logger in underlying.values():
        handler = Lines(logger.registered_formatter)
        handler.lines = collected
        logger._logger.addHandler(handler)
        handlers.append((logger, handler, logger._logger.level))
        logger._logger.setLevel(logging.DEBUG)
    yield collected
    for logger, handler, level in handlers:
        logger._logger.removeHandler(handler)
        logger._logger.setLevel(level)


def test_the_id_goes_through_the_dispatcher_to_the_consumer_and_the_events_it_writes(api, world, database, logged):
    task = api.post(f"/programs/{world['program']}/tasks", token=world["ketua"],
                    json={"title": "Konsumsi", "assignees": [world["anggota"]]}).json["id"]
    LocalDispatcher(database).sweep()  # the task's own events, delivered before the one under test
    logged.clear()

    cancelled = api.post(f"/programs/{world['program']}/transitions", token=world["ketua"],
                         headers={"X-Request-Id": "batal-program-7"}, json={"to": "dibatalkan", "note": "Dana habis"})
    assert cancelled.status == 200
    LocalDispatcher(database).sweep()  # program.status_changed -> the tasks consumer cancels the task
    LocalDispatcher(database).sweep()  # ... whose task.status_changed reaches the notifications consumer

    program_event, = outbox(database, aggregate_id=world["program"], type="program.status_changed")
    assert program_event["correlation_id"] == "batal-program-7"
    task_events = [event for event in outbox(database, aggregate_id=task) if event["type"] == "task.status_changed"]
    assert task_events and {event["correlation_id"] for event in task_events} == {"batal-program-7"}

    dispatched = [event for line in logged if line["message"] == "events dispatched" for event in line["events"]]
    assert {(event["type"], event["correlation_id"]) for event in dispatched} == {
        ("program.status_changed", "batal-program-7"), ("task.status_changed", "batal-program-7")}
    handled = [line for line in logged if line["message"] == "event handled"]
    assert {line["consumer"] for line in handled} >= {"tasks_program_status", "notifications"}
    assert {line["correlation_id"] for line in handled} == {"batal-program-7"}
