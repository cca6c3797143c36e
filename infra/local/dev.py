"""``make dev``: the whole system on one machine.

Starts the embedded PostgreSQL in ``.data/pg`` (``$PROKER_DATA_DIR/pg``) when ``DATABASE_URL``
is unset (a second run reuses its data), applies the migrations, serves the API of ``template.yaml`` through the
local gateway on http://127.0.0.1:$PORT (3000) and the web app (``web/out``, built by ``make web``) on its own
origin, http://127.0.0.1:$WEB_PORT (3001), so the browser goes through CORS as in production. Ctrl-C stops
everything.
"""

from __future__ import annotations

import logging
import os
import signal
import sys


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    port = int(os.environ.get("PORT", "3000"))
    web_port = int(os.environ.get("WEB_PORT", "3001"))
    os.environ.setdefault("JWT_ISSUER", f"http://127.0.0.1:{port}")
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    if not os.environ.get("NOTIFICATION_EMAIL_SENDER"):
        # no e-mail goes out locally, so no address can be verified: e-mail invitations trust the address
        os.environ.setdefault("INVITATIONS_REQUIRE_VERIFIED_EMAIL", "false")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")

    from infra.local.gateway import create_server
    from infra.local.postgres import local_database
    from infra.migrate import migrate

    with local_database() as url:
        applied = migrate(url)
        print(f"migrations: {len(applied)} applied, database up to date", flush=True)
        server = create_server("127.0.0.1", port)
        from infra.local.events import LocalDispatcher

        events = LocalDispatcher(url)  # outbox -> template.yaml's rules -> consumers, in a thread
        events.start()
        from infra.local.scheduler import LocalScheduler

        scheduler = LocalScheduler(server.gateway.template)  # template.yaml's ScheduleV2 events, in a thread
        scheduler.start()
        from infra.local.monitor import Monitor

        # the monitoring page (/_monitor) and template.yaml's alarms over the local figures, posted to ALERT_WEBHOOKS
        monitor = Monitor(server.gateway, url, scheduler,
                          window_seconds=float(os.environ.get("MONITOR_WINDOW_SECONDS", "300")),
                          interval_seconds=float(os.environ.get("MONITOR_INTERVAL_SECONDS", "10")))
        server.gateway.monitor = monitor
        monitor.start()
        from infra.local.web import WebServer

        web = WebServer("127.0.0.1", web_port, f"http://127.0.0.1:{port}").start()  # web/out, own origin
        signal.signal(signal.SIGTERM, _stop)
        # Ctrl-C stops it even when started from a shell that ignores SIGINT (a background job inherits that)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        base = f"http://127.0.0.1:{port}"
        print(f"""
Proker Tracker web app on http://127.0.0.1:{web_port}  (make demo loads an organization to log in to; README)
Proker Tracker API on {base}  ({len(server.gateway.routes)} routes from template.yaml)
API docs on {base}/docs
Monitoring on {base}/_monitor  (alerts to {", ".join(monitor.targets) or "nowhere: set ALERT_WEBHOOKS"})
Events delivered in-process by template.yaml's rules (make events)
{len(scheduler.schedules)} scheduled jobs from template.yaml (make job lists them; make job NAME=<id> runs one now)
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
            web.stop()
            events.stop()
            scheduler.stop()
            monitor.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
