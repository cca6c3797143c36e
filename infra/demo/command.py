"""``make demo``: load the demo into the database ``make dev`` uses (``DATABASE_URL``, else the embedded
PostgreSQL in ``.data/``) and print what it holds and how to log in.

The functions run in this process, and so do their calls to one another (the auth service creating each
account's profile through the users service), whether or not ``make dev`` is running, and on whichever
``PORT``; like ``make dev``, ``PORT`` (3000) names the gateway in what the demo stores (report links).
"""

from __future__ import annotations

import os
from typing import Any

from infra.demo.loader import load, status_counts
from infra.demo.people import DEMO_PASSWORD
from shared.vocabulary import PROGRAM_STATUSES


def summary(result: dict[str, Any]) -> str:
    organization = result["organization"]
    lines = [f"{'Loaded' if result['created'] else 'Already there'}: {organization['name']} ({organization['id']})"]
    if result["programs"]:
        counts = status_counts()
        lines.append(f"{sum(counts.values())} programs: " + ", ".join(f"{counts[s]} {s}" for s in PROGRAM_STATUSES))
    lines.append(f"Every account's password: {DEMO_PASSWORD}")
    lines += [f"  {p.email:<40} {p.role:<24} {p.name}" for p in result["people"]]
    return "\n".join(lines)


def main() -> int:
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    from infra.local.client import services_in_process, use_local_port
    from infra.local.postgres import local_database
    from infra.migrate import migrate

    use_local_port()  # before anything reads the settings
    with local_database() as url:
        migrate(url)
        with services_in_process() as api:
            result = load(api, url)
    print(summary(result))
    return 0
