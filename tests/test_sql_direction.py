"""Services reach each other's SQL one way only (issue 13): every reference from one service's code to another
service's schema goes down an order of the services, so that each can be read, migrated and changed knowing only
the ones below it. Read from what runs now: each service's definitions files (docs/decisions/0026-sql-definitions.md)
and the SQL in its Python. The numbered migrations are history and are not read."""

from __future__ import annotations

import re
from pathlib import Path

from infra import migrate

ROOT = Path(__file__).resolve().parent.parent
ORDER = ("events", "auth", "orgs", "users", "programs", "tasks", "notifications", "reports")
"""Bottom first: a service may use the SQL of those before it. The events outbox is written by everyone's triggers;
auth knows accounts; organizations and their members come before the profiles that members see of each other
(user_service's policies ask organization_service who shares an organization); programs before their tasks; the
notifications and the reports read everything below them."""
SCHEMAS = {schema: service for service, schema in migrate.SCHEMAS.items()}
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
    assert sorted(upward) == [], "a reference goes up the order: turn it around (docs/decisions/0026)"


def interfaces() -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(declared, implemented): the functions of a service's schema that another service writes, as
    ``(implementer, schema.name)``; declared in the owning service's functions.sql by a comment line
    ``--   implemented by <service>: <schema>.<name>(``, implemented by a ``create or replace function`` in the
    implementer's definitions."""
    declared, implemented = set(), set()
    for service in ORDER:
        for path in sorted((ROOT / "functions" / service).glob("definitions/*.sql")):
            text = path.read_text()
            for implementer, schema, name in re.findall(r"^--\s+implemented by (\w+): (\w+)\.(\w+)\(", text, re.M):
                assert SCHEMAS[schema] == service, f"{path.name} of {service} declares {schema}.{name}"
                declared.add((implementer, f"{schema}.{name}"))
            for schema, name in re.findall(r"^create or replace function (\w+)\.(\w+)\(", text, re.M | re.I):
                if SCHEMAS[schema] != service:
                    implemented.add((service, f"{schema}.{name}"))
    return declared, implemented


def test_a_function_written_by_another_service_is_declared_by_its_own_and_written_from_above():
    """An interface turned around: the service below declares what it needs in its own schema, the service above
    (which knows both) writes the body. Declared and written must match, and the writer must be above."""
    declared, implemented = interfaces()
    assert len(implemented) >= 4  # the parse found them (programs' two, auth's one and orgs' one, at least)
    assert sorted(declared ^ implemented) == []
    for implementer, function in implemented:
        owner = SCHEMAS[function.split(".")[0]]
        assert ORDER.index(implementer) > ORDER.index(owner), f"{implementer} writes {function} of {owner}, above it"


def test_the_order_names_every_service_with_code():
    assert set(ORDER) == {path.name for path in (ROOT / "functions").iterdir()
                          if (path / "handlers").is_dir() or (path / "migrations").is_dir()}
