"""GET /health (issue 11): every service's own health, the reports' file store and the outbox, part by
part; 200 when all is well, 503 naming the part that is not. The services' health routes are asked
through shared.service_client (in-process here; through the gateway over HTTP in tests/e2e/test_monitoring.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from shared import files
from shared.config import reset_settings

PARTS = {"auth", "users", "orgs", "programs", "tasks", "reports", "events", "notifications", "files", "outbox"}


def test_all_well_is_200_with_every_part_ok(api, database):
    answer = api.get("/health")
    assert answer.status == 200, answer.json
    assert answer.json["status"] == "ok" and set(answer.json["parts"]) == PARTS
    assert {name: part["status"] for name, part in answer.json["parts"].items()} == dict.fromkeys(PARTS, "ok")
    assert answer.json["parts"]["outbox"]["detail"] == "0 pending, 0 failed, 0 dead"
    assert all(part["ms"] >= 0 for part in answer.json["parts"].values())


def test_a_dead_event_degrades_the_outbox_and_only_it(api, database, register):
    register()  # writes an event (the account's profile to create)
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("update events.outbox set state = 'dead', attempts = 8")
    answer = api.get("/health")
    assert answer.status == 503 and answer.json["status"] == "degraded"
    outbox = answer.json["parts"]["outbox"]
    assert outbox["status"] == "degraded" and "1 dead" in outbox["detail"]
    assert [name for name, part in answer.json["parts"].items() if part["status"] != "ok"] == ["outbox"]


@pytest.fixture
def unwritable_file_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    not_a_folder = tmp_path / "reports"
    not_a_folder.write_text("a file where the folder should be")
    monkeypatch.setenv("REPORT_FILES_DIR", str(not_a_folder))
    reset_settings()
    files.reset_file_store()
    yield
    monkeypatch.undo()
    reset_settings()
    files.reset_file_store()


def test_a_file_store_that_fails_takes_down_the_reports_and_files_parts(api, database, unwritable_file_store):
    own = api.get("/reports/health")
    assert own.status == 503 and own.json["detail"] == "The file store is not reachable; try again shortly."
    answer = api.get("/health")
    assert answer.status == 503
    down = {name: part for name, part in answer.json["parts"].items() if part["status"] != "ok"}
    assert set(down) == {"reports", "files"}
    assert down["reports"]["detail"] == "answered 503: The file store is not reachable; try again shortly."


def test_a_service_that_answers_nothing_is_down(api, database, monkeypatch):
    from shared import service_client

    real = service_client.public_get

    def notifications_unreachable(path: str, **kwargs: object) -> service_client.ServiceResponse:
        if path.startswith("/notifications/"):
            raise service_client.ServiceCallFailed(f"GET {path}: ConnectTimeout: timed out")
        return real(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("functions.events.handlers.system_health.public_get", notifications_unreachable)
    answer = api.get("/health")
    assert answer.status == 503
    assert answer.json["parts"]["notifications"] == {**answer.json["parts"]["notifications"], "status": "down",
                                                     "detail": "no answer (timed out)"}
