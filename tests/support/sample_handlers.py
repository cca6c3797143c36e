"""Handlers the gateway tests route to (never named in template.yaml).

The served gateway runs each function in worker processes of its own, so a handler tells the test what
it saw in its response (the event, its process id, its environment), never through this module's state.
"""

from __future__ import annotations

import json
import os
import time
from typing import Annotated, Any

import psycopg
from aws_lambda_powertools.event_handler.openapi.params import Body
from pydantic import BaseModel

from shared.api import Router, lambda_handler

router = Router()


@router.get("/sample/boom")
def boom() -> dict[str, str]:
    raise RuntimeError("secret internals: password=hunter2")


@router.get("/sample/refused")
def refused() -> dict[str, str]:
    raise psycopg.errors.InsufficientPrivilege('new row violates row-level security policy for table "tasks"')


@router.get("/sample/clash")
def clash() -> dict[str, str]:
    raise psycopg.errors.ForeignKeyViolation('insert violates foreign key constraint "secret_fk"')


factory_boom = lambda_handler(router)


def _json(body: Any, status: int = 200) -> dict[str, Any]:
    return {"statusCode": status, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}


def crash(event: dict[str, Any], context: Any) -> dict[str, Any]:
    raise ValueError("the whole function fell over")


def echo(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The event it received, its process and the environment variable SAMPLE_MARK."""
    return _json({"event": event, "pid": os.getpid(), "mark": os.environ.get("SAMPLE_MARK")})


def slow(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Busy for ``?ms=`` milliseconds (default 200): concurrent requests need more instances."""
    milliseconds = int((event.get("queryStringParameters") or {}).get("ms", "200"))
    time.sleep(milliseconds / 1000)
    return _json({"pid": os.getpid()})


def exit_abruptly(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The execution environment dies in the middle of the request (a segfault, the OOM killer, sys.exit)."""
    os._exit(3)


# Two functions built by the shared factory, as every endpoint is: Powertools 3.37 keeps the current event
# in a class attribute of BaseRouter, so two of them served concurrently in one process would see each
# other's event. Each answers what it validated, what its router's current event says, and its process.
class Sample(BaseModel):
    n: int


def _sampling_router(name: str) -> Router:
    sampling = Router()

    @sampling.post(f"/sample/{name}")
    def sample(body: Annotated[Sample, Body()]) -> dict[str, Any]:
        time.sleep(0.005)  # let a concurrent request of another function in, were it sharing this process
        seen = sampling.current_event.json_body
        return {"function": name, "validated": body.n, "seen": seen["n"], "pid": os.getpid()}

    return sampling


sample_a = lambda_handler(_sampling_router("a"))
sample_b = lambda_handler(_sampling_router("b"))
