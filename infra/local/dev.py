"""``make dev``: the whole system on one machine.

Starts the embedded PostgreSQL in ``.data/pg`` (``$PROKER_DATA_DIR/pg``) when ``DATABASE_URL``
is unset (a second run reuses its data), applies the migrations, and serves the API of ``template.yaml`` through the
local gateway on http://127.0.0.1:$PORT (3000). Ctrl-C stops everything.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from pathlib import Path
from typing import Any

from infra.local.postgres import DATA_DIR


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    port = int(os.environ.get("PORT", "3000"))
    os.environ.setdefault("JWT_ISSUER", f"http://127.0.0.1:{port}")
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")

    data_dir = Path(os.environ.get("PROKER_DATA_DIR") or DATA_DIR)
    os.environ.setdefault("SIGNING_KEY_FILE", str(data_dir / "jwt-signing-key.json"))

    embedded: Any = None
    if not os.environ.get("DATABASE_URL"):
        from infra.local.postgres import ensure_database, start_embedded

        print(f"starting the embedded PostgreSQL in {data_dir / 'pg'} ...", flush=True)
        embedded = start_embedded(data_dir / "pg")
        ensure_database(embedded.get_uri(), "proker")
        os.environ["DATABASE_URL"] = embedded.get_uri("proker")

    from infra.local.gateway import create_server
    from infra.migrate import migrate

    applied = migrate(os.environ["DATABASE_URL"])
    print(f"migrations: {len(applied)} applied, database up to date", flush=True)

    server = create_server("127.0.0.1", port)
    signal.signal(signal.SIGTERM, _stop)
    base = f"http://127.0.0.1:{port}"
    print(f"""
Proker Tracker API on {base}  ({len(server.gateway.routes)} routes from template.yaml)
API docs on {base}/docs
Try:
  curl -s -X POST {base}/auth/register -H 'Content-Type: application/json' \\
       -d '{{"email": "ketua@hima.example", "password": "Kabinet Sinergi 2025!", "name": "Ketua HIMA"}}'
Ctrl-C stops.
""", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopping ...", flush=True)
    finally:
        server.server_close()
        from shared.db import close_pool

        close_pool()
        if embedded is not None:
            embedded.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
