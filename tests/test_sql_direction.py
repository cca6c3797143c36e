"""Services reach each other's SQL one way only (issue 13): every reference from one service's code to another
service's schema goes down an order of the services, so that each can be read, migrated and changed knowing only
the ones below it. Read from what runs now: each service's definitions files (docs/decisions/0026-sql-definitions.md)
and the SQL in its Python. The numbered migrations are history and are not read."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORDER = ("events", "auth", "orgs", "users", "programs", "tasks", "notifications", "reports")
"""Bottom first: a service may use the SQL of those before it. The events outbox is written by everyone's triggers;
auth knows accounts; organizations and their members come before the profiles that members see of each other
(user_service's policies ask organization_service who shares an organization); programs before their tasks; the
notifications and the reports read everything below them."""
SCHEMAS = {"events": "events", "auth_service": "auth", "organization_service": "orgs", "user_service": "users",
           "program_service": "programs", "task_service": "tasks", "notification_service": "notifications",
           "report_service": "reports"}
UPWARD = {
    "auth -> user_service.notification_recipients",  # account e-mails in the user's language
    "orgs -> user_service.people",  # the member list's names and e-mail addresses
    "programs -> task_service.progress_counts",  # a program's progress (metrics): the programs <-> tasks circle
    "programs -> task_service.task_count",  # a draft or milestone with tasks is not deleted
}
"""The references that still go up, each to be turned around (and taken off this list): the test fails on a new
one, and on one listed here that is gone."""
REFERENCE = re.compile(r"\b(" + "|".join(SCHEMAS) + r")\.(\w+)\b")


def references() -> set[str]:
    found = set()
    for service in ORDER:
        folder = ROOT / "functions" / service
        files = [*sorted(folder.glob("definitions/*.sql")), *sorted(folder.rglob("*.py"))]
        for path in files:
            text = path.read_text()
            text = re.sub(r"--[^\n]*", "", text) if path.suffix == ".sql" else text
            for schema, name in REFERENCE.findall(text):
                if SCHEMAS[schema] != service:
                    found.add(f"{service} -> {schema}.{name}")
    return found


def test_every_reference_to_another_services_sql_goes_down_the_order():
    found = references()
    assert len(found) > 50  # the services do use each other's contracts: the parse found them
    upward = {reference for reference in found
              if ORDER.index(SCHEMAS[reference.split(" -> ")[1].split(".")[0]]) > ORDER.index(reference.split(" ")[0])}
    assert sorted(upward - UPWARD) == [], "a reference goes up the order: turn it around (docs/decisions/0026)"
    assert sorted(UPWARD - upward) == [], "a listed reference is gone: take it off UPWARD"


def test_the_order_names_every_service_with_code():
    assert set(ORDER) == {path.name for path in (ROOT / "functions").iterdir()
                          if (path / "handlers").is_dir() or (path / "migrations").is_dir()}
