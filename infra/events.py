"""The outbox from the command line (docs/architecture.md, "Events").

    python -m infra.events status     # pending, failed and dead events, the oldest undelivered
    python -m infra.events sweep      # deliver what is due now, once
    python -m infra.events requeue    # give dead events a fresh start (after fixing their cause)

``make events`` (``make events DO=sweep``, ``DO=requeue``) runs it in the project's virtualenv.
With ``DATABASE_URL`` it uses that database, else the embedded one of ``make dev`` (``.data/``).
``sweep`` delivers as ``make dev`` does, to the consumers in-process by template.yaml's rules; with
``EVENTS_BUS_NAME`` set (and AWS credentials) it puts them on that EventBridge bus instead.
"""

from __future__ import annotations

import argparse
import json
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.events", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("status", "sweep", "requeue"))
    args = parser.parse_args(argv)
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")

    from functions.events.dispatcher import bus_delivery, dispatch
    from functions.events.repository import outbox_store
    from infra.local.postgres import local_database
    from infra.migrate import migrate

    with local_database() as url:
        migrate(url)
        if args.command == "status":
            with outbox_store() as store:
                print(json.dumps(store.backlog().model_dump(mode="json"), indent=2))
        elif args.command == "requeue":
            with outbox_store() as store:
                count = store.requeue_dead()
                store.commit()
            print(f"{count} dead event(s) pending again")
        else:
            deliver = bus_delivery()
            if deliver is not None:
                with outbox_store() as store:
                    report = dispatch(store, deliver)
            else:
                from infra.local.events import LocalDispatcher

                report = LocalDispatcher(url).sweep()
            print(json.dumps(report.model_dump(exclude={"notified"}), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
