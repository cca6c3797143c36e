"""What the benchmark scripts share: a scratch database, migrated, and timing figures.

A benchmark is a script that prints figures (``make bench``), not a test. It runs against
``BENCH_ADMIN_DATABASE_URL``, else PostgreSQL on 127.0.0.1:5432 when one listens, else the
embedded server, in a database of its own that it drops afterwards.
"""

from __future__ import annotations

import os
import socket
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def _local_server_listens() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


@contextmanager
def scratch_database() -> Iterator[str]:
    """A migrated database of the benchmark's own; the API's functions (in-process) use it."""
    import psycopg

    from infra.local.postgres import drop_database, ensure_database, start_embedded
    from infra.migrate import migrate
    from shared import db, keys
    from shared.config import reset_settings

    with tempfile.TemporaryDirectory() as folder:
        server = None
        admin = os.environ.get("BENCH_ADMIN_DATABASE_URL")
        if not admin and _local_server_listens():
            admin = "postgresql://postgres@127.0.0.1:5432/postgres"
        if not admin:
            server = start_embedded(Path(folder) / "pg")
            admin = server.get_uri()
        name = f"proker_bench_{uuid.uuid4().hex[:8]}"
        ensure_database(admin, name)
        url = psycopg.conninfo.make_conninfo(admin, dbname=name)
        try:
            migrate(url)
            os.environ.update({"DATABASE_URL": url, "SIGNING_KEY_FILE": str(Path(folder) / "key.json"),
                               "POWERTOOLS_METRICS_DISABLED": "true", "POWERTOOLS_LOG_LEVEL": "ERROR"})
            reset_settings()
            keys.reset_keys()
            db.close_pool()
            yield url
        finally:
            db.close_pool()
            drop_database(admin, name)
            if server is not None:
                server.cleanup()


def timed(action: Callable[[], Any], runs: int, warmup: int = 3) -> list[float]:
    """Milliseconds of each of ``runs`` calls, after ``warmup`` untimed ones."""
    for _ in range(warmup):
        action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def figures(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered):7.2f} ms   p95 {p95:7.2f} ms"
