"""GET /health: the whole system at a glance, and which part is not well (issue 11).

It asks every service's own health route at once (each reaches its database with its own function and
role; the reports service's also reaches its file store), and reads the outbox's backlog itself (the
events service's data). The answer names each part: ``ok``, ``degraded`` (it answers, but something
waits: a dead event, an event undelivered for more than ten minutes) or ``down`` (no answer, or an error),
with why and how long it took. 200 when every part is ``ok``, 503 otherwise, so an uptime check needs
only the status code. Public, like the services' health routes: it tells nothing about anyone's data.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Literal

from aws_lambda_powertools.event_handler import Response
from pydantic import Field

from functions.events.repository import outbox_store
from shared.api import PUBLIC, Router, lambda_handler, logger
from shared.service_client import ServiceCallFailed, public_get
from shared.types import Model

SERVICES = ("auth", "users", "orgs", "programs", "tasks", "reports", "events", "notifications")
OLDEST_UNDELIVERED_SECONDS = 600
CHECK_SECONDS = 3.0

router = Router()
PartStatus = Literal["ok", "degraded", "down"]


class Part(Model):
    status: PartStatus
    detail: str = Field(description="What was found, in a sentence.")
    ms: float = Field(description="How long the check took, in milliseconds.")


class SystemHealth(Model):
    status: Literal["ok", "degraded"] = Field(description="`ok` when every part is.")
    parts: dict[str, Part] = Field(description="Each service (its function and database), `files` (the "
                                               "reports' file store) and `outbox` (events waiting to be "
                                               "delivered).")


def _timed(check: Callable[[], tuple[PartStatus, str]]) -> Part:
    started = time.perf_counter()
    try:
        status, detail = check()
    except Exception as error:  # a check that fails is a part that is down, never a 500
        status, detail = "down", f"the check failed ({type(error).__name__})"
    return Part(status=status, detail=detail, ms=round((time.perf_counter() - started) * 1000, 1))


def _service(name: str, seen: dict[str, object]) -> Callable[[], tuple[PartStatus, str]]:
    """The check of one service's own health route; what it answered is kept in ``seen``."""
    def check() -> tuple[PartStatus, str]:
        try:
            answer = public_get(f"/{name}/health", timeout_seconds=CHECK_SECONDS)
        except ServiceCallFailed as failure:
            return "down", f"no answer ({failure.reason.rsplit(': ', 1)[-1] or 'unreachable'})"
        seen[name] = answer.body
        if answer.status != 200:
            detail = answer.body.get("detail") if isinstance(answer.body, dict) else None
            return "down", f"answered {answer.status}" + (f": {detail}" if detail else "")
        return "ok", "its function runs and reaches its database"
    return check


def _files(reports: Part, answered: object) -> Part:
    if isinstance(answered, dict) and answered.get("files") == "ok":
        return Part(status="ok", detail="the reports' file store answers", ms=reports.ms)
    return Part(status="down", detail="the reports service could not say it reaches its file store", ms=reports.ms)


def _outbox() -> tuple[PartStatus, str]:
    with outbox_store() as store:
        backlog = store.backlog()
    waited = ((datetime.now(UTC) - backlog.oldest_undelivered_at).total_seconds()
              if backlog.oldest_undelivered_at else 0.0)
    detail = f"{backlog.pending} pending, {backlog.failed} failed, {backlog.dead} dead"
    if backlog.oldest_undelivered_at:
        detail += f"; the oldest undelivered is {waited:.0f} s old"
    degraded = backlog.dead > 0 or waited > OLDEST_UNDELIVERED_SECONDS
    return ("degraded" if degraded else "ok"), detail


@router.get("/health", summary="Health of the whole system, part by part", tags=["events"], security=PUBLIC,
            description="200 when every part is `ok`; 503 with the same body when one is `degraded` or `down`.")
def system_health() -> Response[SystemHealth]:
    seen: dict[str, object] = {}
    checks: dict[str, Callable[[], tuple[PartStatus, str]]] = {name: _service(name, seen) for name in SERVICES}
    checks["outbox"] = _outbox
    with ThreadPoolExecutor(max_workers=len(checks)) as pool:  # the checks' threads keep the correlation id
        futures = {name: pool.submit(contextvars.copy_context().run, _timed, check) for name, check in checks.items()}
        parts = {name: future.result() for name, future in futures.items()}
    parts["files"] = _files(parts["reports"], seen.get("reports"))
    status: Literal["ok", "degraded"] = "ok" if all(part.status == "ok" for part in parts.values()) else "degraded"
    if status != "ok":
        logger.warning("system degraded", extra={"parts": {name: part.status for name, part in parts.items()
                                                           if part.status != "ok"}})
    body = SystemHealth(status=status, parts=dict(sorted(parts.items())))
    return Response(status_code=200 if status == "ok" else 503, content_type="application/json", body=body)


handler = lambda_handler(router)
