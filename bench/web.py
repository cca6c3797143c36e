"""Benchmark: the web app as a phone meets it, and what it makes the browser download.

On a scratch database holding the demo organization, the gateway runs in its own process and the built
web app (``web/out``, ``make web``) on its own origin, as ``make dev`` serves them. Lighthouse (mobile
settings: a mid-range phone on a slow 4G line, simulated) audits the ketua's dashboard and a running
program's page, signed in; then the first-load JavaScript of every route is printed.

    python -m bench.web        # make bench runs it; needs Debian's chromium and Node.js (Lighthouse via npx)

Prints figures; asserts nothing but that the setup works. docs/performance.md records them.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import psycopg

from bench.gateway import running_gateway
from bench.support import scratch_database

WEB = Path(__file__).resolve().parents[1] / "web"


def main() -> None:
    from infra.demo.loader import load
    from infra.demo.people import DEMO_PASSWORD
    from infra.local.client import services_in_process
    from infra.local.web import WebServer

    with scratch_database() as url, tempfile.TemporaryDirectory() as folder:
        with services_in_process() as api:
            load(api, url)
        with psycopg.connect(url) as conn:
            row = conn.execute("select id from program_service.programs where status = 'dalam_progres'"
                               " order by name limit 1").fetchone()
        assert row, "the demo holds running programs"
        with running_gateway("infra.local.gateway", Path(folder) / "gateway.log") as api_url:
            web = WebServer("127.0.0.1", 0, api_url).start()
            try:
                subprocess.run(["node", "scripts/lighthouse.mjs", f"http://127.0.0.1:{web.port}",  # noqa: S603, S607
                                "ketua@hima-informatika.example", DEMO_PASSWORD, "/dashboard/",
                                f"/programs/view/?id={row[0]}"], cwd=WEB, check=True)
            finally:
                web.stop()
    subprocess.run(["node", "scripts/first-load-js.mjs"], cwd=WEB, check=True)  # noqa: S607


if __name__ == "__main__":
    main()
