"""Apply the wake-up trigger on a Supabase database (infra/supabase/wake_dispatcher.sql), by a command.

    DATABASE_URL=postgresql://postgres:...@db.<ref>.supabase.co:5432/postgres \\
    EVENTS_WAKE_SECRET_ARN=arn:aws:secretsmanager:... \\
        python -m infra.supabase.wake --api-url https://<api-id>.execute-api.<region>.amazonaws.com

(``make wake-trigger API_URL=...``). In one transaction: enables pg_net when it is not yet, stores the
wake-up secret (``EVENTS_WAKE_SECRET``, else the Secrets Manager secret ``EVENTS_WAKE_SECRET_ARN``) and the
API's URL in Vault (``events_wake_secret``, ``events_wake_url``: created, or updated when they exist),
then creates the trigger. Running it again with another URL or secret updates them. The connection is
the direct one or the session pooler (port 5432), as ``postgres``, as for migrations.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

SQL = Path(__file__).with_name("wake_dispatcher.sql")
SECRETS = ("events_wake_secret", "events_wake_url")


def _store(conn: psycopg.Connection[tuple[object, ...]], name: str, value: str) -> None:
    found = conn.execute("select id from vault.secrets where name = %s", (name,)).fetchone()
    if found is None:
        conn.execute("select vault.create_secret(%s, %s)", (value, name))
    else:
        conn.execute("select vault.update_secret(%s, %s)", (found[0], value))


def apply(database_url: str, api_url: str, secret: str) -> None:
    parts = urlsplit(api_url)
    if parts.scheme != "https" and parts.hostname not in ("127.0.0.1", "localhost"):
        raise ValueError(f"--api-url must be the API's https URL (the stack output ApiUrl), not {api_url!r}")
    with psycopg.connect(database_url) as conn:
        has_net = conn.execute("select exists (select from pg_namespace where nspname = 'net')").fetchone()
        if not (has_net and has_net[0]):
            conn.execute("create extension if not exists pg_net")
        for name, value in zip(SECRETS, (secret, api_url.rstrip("/")), strict=True):
            _store(conn, name, value)
        conn.execute(SQL.read_text())  # type: ignore[arg-type]  # a file of ours, several statements


def _secret() -> str:
    if os.environ.get("EVENTS_WAKE_SECRET"):
        return os.environ["EVENTS_WAKE_SECRET"]
    if os.environ.get("EVENTS_WAKE_SECRET_ARN"):
        from shared.secrets import get_secret

        return get_secret(os.environ["EVENTS_WAKE_SECRET_ARN"]).strip()
    raise SystemExit("set EVENTS_WAKE_SECRET, or EVENTS_WAKE_SECRET_ARN (the stack's EventsWakeSecretArn)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.supabase.wake", description=__doc__.splitlines()[0])
    parser.add_argument("--api-url", required=True, help="the API's URL (the stack output ApiUrl)")
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        raise SystemExit("set DATABASE_URL to the Supabase database (direct connection or session pooler)")
    apply(database_url, args.api_url, _secret())
    print(f"wake-up trigger applied: every insert into events.outbox calls {args.api_url.rstrip('/')}/events/wake")
    return 0


if __name__ == "__main__":
    sys.exit(main())
