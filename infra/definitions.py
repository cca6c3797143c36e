"""Write a service's current SQL definitions (its functions, policies and triggers) from a migrated database, into
``functions/<service>/definitions/`` (issue 13, docs/decisions/0026-sql-definitions.md).

The numbered migrations hold what happens once (tables, columns, data, roles); a function's or trigger's body is
whatever the last migration that touched it said, so a reader had to read every file in order. The definitions
files say what runs now, and the migration runner re-applies a file whenever it changes (``infra.migrate``). This
tool wrote them once from the catalog of a database migrated the old way (the bodies exactly as they run, each
with the comment that stood above its last ``create`` in the migrations), and writes them again for a service
that is moved next:

    python -m infra.definitions tasks        # DATABASE_URL: a database migrated by ``python -m infra.migrate``
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = {"auth": "auth_service", "orgs": "organization_service", "users": "user_service",
           "programs": "program_service", "tasks": "task_service", "events": "events", "reports": "report_service",
           "notifications": "notification_service"}
HEADER = """-- The current definitions of {schema}'s {what}: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a {one} here; a new numbered migration only for what cannot be replaced in place (a new signature or
-- return type: drop it there first; a table or column it needs)."""

FUNCTIONS = """
select p.oid, p.proname, pg_get_function_identity_arguments(p.oid) as args, pg_get_functiondef(p.oid) as body,
       r.rolname as owner, r.rolname = current_user as mine, p.proacl::text[] as acl
from pg_proc p join pg_roles r on r.oid = p.proowner
where p.pronamespace = %s::regnamespace and p.prokind = 'f'
order by p.proname
"""
POLICIES = """
select p.polname, c.relname, p.polpermissive, p.polcmd,
       array(select case when r = 0 then 'public' else r::regrole::text end from unnest(p.polroles) r) as roles,
       pg_get_expr(p.polqual, p.polrelid) as using, pg_get_expr(p.polwithcheck, p.polrelid) as checking
from pg_policy p join pg_class c on c.oid = p.polrelid
where c.relnamespace = %s::regnamespace
order by c.relname, p.polname
"""
COMMANDS = {"r": "select", "a": "insert", "w": "update", "d": "delete", "*": "all"}
TRIGGERS = """
select t.tgname, c.relname, pg_get_triggerdef(t.oid) as body
from pg_trigger t join pg_class c on c.oid = t.tgrelid
where c.relnamespace = %s::regnamespace and not t.tgisinternal
order by c.relname, t.tgname
"""


def _migrations() -> list[Path]:
    from infra.migrate import discover

    return [migration.path for migration in discover(ROOT)]


def _comment_above(pattern: re.Pattern[str], texts: list[str]) -> str:
    """The ``--`` lines right above the last statement ``pattern`` finds in the migrations (in their order)."""
    found = ""
    for text in texts:
        for match in pattern.finditer(text):
            lines = text[:match.start()].rstrip(" ").split("\n")[:-1]
            comment: list[str] = []
            while lines and lines[-1].startswith("--"):
                comment.insert(0, lines.pop())
            found = "\n".join(comment)
    return found


def _grants(schema: str, name: str, args: str, owner: str, acl: list[str] | None) -> list[str]:
    """The function's execute grants as its ACL has them (none when it has the default: public may execute)."""
    if acl is None:
        return []
    signature = f"{schema}.{name}({args})"
    grantees = []
    for item in acl:
        grantee, _, rest = item.partition("=")
        if grantee != owner and "X" in rest.split("/")[0]:
            grantees.append(grantee or "public")
    statements = [f"revoke all on function {signature} from public;"]
    if grantees:
        statements.append(f"grant execute on function {signature} to {', '.join(grantees)};")
    return statements


def _readable(expression: str) -> str:
    """A policy's expression as PostgreSQL prints it, with the alias it gives a sub-select of one call taken off
    (``( SELECT auth.uid() AS uid)`` is ``(select auth.uid())``): the same expression, as the migrations wrote it."""
    expression = re.sub(r"ARRAY\( SELECT ([\w.]+\(\)) AS \w+\)", r"array(select \1)", expression)
    expression = re.sub(r"\( SELECT ([\w.]+\(\)) AS \w+\)", r"(select \1)", expression)
    if expression.startswith("(") and expression.endswith(")"):  # one pair of parentheses: using's own
        depth = 0
        for position, character in enumerate(expression):
            depth += {"(": 1, ")": -1}.get(character, 0)
            if depth == 0 and position < len(expression) - 1:
                return expression
        return expression[1:-1]
    return expression


def extract(database_url: str, service: str) -> dict[str, str]:
    schema = SCHEMAS[service]
    texts = [path.read_text() for path in _migrations()]
    files: dict[str, str] = {}
    with psycopg.connect(database_url) as conn:
        parts = [HEADER.format(schema=schema, what="functions", one="function")]
        for _, name, args, body, owner, mine, acl in conn.execute(FUNCTIONS, (schema,)).fetchall():
            pattern = re.compile(rf"^create (or replace )?function {re.escape(schema)}\.{re.escape(name)}\s*\(",
                                 re.MULTILINE | re.IGNORECASE)
            comment = _comment_above(pattern, texts)
            statements = [body.strip() + ";"]
            if not mine:
                statements.append(f"alter function {schema}.{name}({args}) owner to {owner};")
            statements += _grants(schema, name, args, owner, acl)
            parts.append("\n".join(filter(None, [comment, *statements])))
        if len(parts) > 1:
            files["functions.sql"] = "\n\n".join(parts) + "\n"
        policies = conn.execute(POLICIES, (schema,)).fetchall()
        if policies:
            parts = [HEADER.format(schema=schema, what="policies", one="policy").replace(
                "(a new signature or\n-- return type: drop it there first; a table or column it needs)",
                "(a policy no longer wanted:\n-- drop it there; a table or column it needs)")]
            for name, table, permissive, command, roles, using, checking in policies:
                pattern = re.compile(rf"^(create|alter) policy {re.escape(name)}\s+on\s+{re.escape(schema)}\."
                                     rf"{re.escape(table)}\b", re.MULTILINE | re.IGNORECASE)
                comment = _comment_above(pattern, texts)
                statement = [f"drop policy if exists {name} on {schema}.{table};",
                             f"create policy {name} on {schema}.{table}{'' if permissive else ' as restrictive'}"
                             f" for {COMMANDS[command]} to {', '.join(roles)}"]
                if using is not None:
                    statement.append(f"  using ({_readable(using)})")
                if checking is not None:
                    statement.append(f"  with check ({_readable(checking)})")
                parts.append("\n".join(filter(None, [comment, *statement])) + ";")
            files["policies.sql"] = "\n\n".join(parts) + "\n"
        triggers = conn.execute(TRIGGERS, (schema,)).fetchall()
        if triggers:
            parts = [HEADER.format(schema=schema, what="triggers", one="trigger")]
            for name, table, body in triggers:
                pattern = re.compile(rf"^create (or replace )?trigger {re.escape(name)}\b[^;]*?\bon "
                                     rf"{re.escape(schema)}\.{re.escape(table)}\b", re.MULTILINE | re.IGNORECASE)
                comment = _comment_above(pattern, texts)
                statement = body.replace("CREATE TRIGGER", "CREATE OR REPLACE TRIGGER", 1) + ";"
                parts.append("\n".join(filter(None, [comment, statement])))
            files["triggers.sql"] = "\n\n".join(parts) + "\n"
    return files


def main(argv: list[str]) -> int:
    from shared.db import database_url

    for service in argv or list(SCHEMAS):
        folder = ROOT / "functions" / service / "definitions"
        folder.mkdir(exist_ok=True)
        for name, text in extract(database_url(), service).items():
            (folder / name).write_text(text)
            print(f"wrote {folder.relative_to(ROOT) / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
