"""Execution environments for the local gateway: a worker process per function instance, as Lambda runs them.

Lambda never shares a process between two functions, and an execution environment serves one request at a
time: module state, Powertools' class attributes (3.37 keeps the current event in ``BaseRouter``, shared by
every resolver of a process) and connection pools belong to one function instance. ``WorkerPool`` gives
the local gateway the same guarantee (docs/decisions/0009-local-gateway-workers.md):

- a function's first request starts a worker process for it (a cold start, logged and counted); the worker
  stays warm and serves one request at a time;
- concurrent requests to a function start more instances of it (Lambda scales out), up to a cap on live
  workers for the whole gateway (``LOCAL_GATEWAY_MAX_INSTANCES``); at the cap the least recently used idle
  worker, of any function, is stopped to make room; when none is idle the request waits for one;
- a worker that dies mid-request is dropped (that request gets a 502) and a new one starts on the next;
  one that runs past its function's Timeout is killed, as Lambda does.

Workers are forked from a multiprocessing fork server that has already imported the heavy libraries every
function uses, so a cold start costs the function's own imports, not Powertools' or pydantic's. A worker
exits when its pipe to the gateway closes or the gateway process goes away: none outlives the gateway.

This module is imported by every worker: it must stay light (standard library only).
"""

from __future__ import annotations

import importlib
import itertools
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
import uuid
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any

from infra.local.stats import GatewayFigures, Outcome

log = logging.getLogger("gateway")

DEFAULT_MAX_INSTANCES = 20  # ~45 MB resident each (~13 MB its own): under 1 GB, for ~100 functions
INIT_TIMEOUT_SECONDS = 30.0  # a cold start (the handler module's imports) that takes longer has failed
ACQUIRE_TIMEOUT_SECONDS = 30.0  # how long a request waits for an instance when all are busy: then 503
STOP_GRACE_SECONDS = 2.0
# Imported once by the fork server, inherited by every worker: what (nearly) every function imports.
PRELOAD = [
    "infra.local.workers",
    "aws_lambda_powertools.event_handler",
    "aws_lambda_powertools.logging",
    "aws_lambda_powertools.metrics",
    "pydantic",
    "pydantic.main",  # pydantic imports its parts lazily: these are what defining a model needs
    "pydantic.types",
    "pydantic.json_schema",
    "pydantic.functional_validators",
    "psycopg",
    "psycopg_pool",
    "jwt",
    "shared.config",  # every function's settings model; nothing read from the environment at import
    # multiprocessing runs the main module again in every worker (as __mp_main__): for `python -m
    # infra.local.gateway` these make that cost its own lines only, not its imports.
    "infra.local.files",
    "infra.local.template",
]


@dataclass
class LambdaContext:
    """What a handler reads from the Lambda context object."""

    function_name: str
    memory_limit_in_mb: int = 256
    function_version: str = "$LATEST"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    log_group_name: str = "local"
    log_stream_name: str = "local"
    timeout_seconds: float = 10.0
    _deadline: float = field(init=False, default=0.0, repr=False)

    def __post_init__(self) -> None:
        self._deadline = time.monotonic() + self.timeout_seconds

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:local:000000000000:function:{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


class FunctionFailed(Exception):
    """The handler raised, or its module could not be loaded: ``trace`` is for the gateway's log only."""

    def __init__(self, trace: str) -> None:
        super().__init__("the function failed")
        self.trace = trace


class EnvironmentDied(Exception):
    """The worker process ended before it answered (a crash, ``sys.exit``, a signal)."""


class FunctionTimedOut(Exception):
    """The function ran past its Timeout; its worker was killed, as Lambda ends the environment."""


class Throttled(Exception):
    """No instance could be had in time: every live worker was busy and the cap was reached."""


def load_handler(path: str) -> Callable[..., Any]:
    """``functions.auth.handlers.login.handler`` -> the callable, as Lambda resolves a Handler string."""
    module_name, _, attribute = path.rpartition(".")
    return getattr(importlib.import_module(module_name), attribute)  # type: ignore[no-any-return]


# ---------------------------------------------------------------- inside a worker process

def _watch_gateway(gateway_pid: int) -> None:
    """Exit when the gateway is gone, even in the middle of a handler (its pipe's EOF is only seen between
    requests): the fork server, this process's parent, exits with the gateway, so the parent changes."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent or not _alive(gateway_pid):
                os._exit(1)

    threading.Thread(target=watch, name="gateway-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _enter_environment(environment: Mapping[str, str], cwd: str, path: list[str]) -> None:
    """The gateway's environment as it was when it started (the fork server may be older), and its imports."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in `make dev` reaches the whole group: the gateway stops us
    os.environ.clear()
    os.environ.update(environment)
    os.chdir(cwd)
    sys.path[:] = path
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(line_buffering=True)  # the function's log lines appear as they are written


def worker_main(conn: Connection, function_id: str, handler_path: str, environment: Mapping[str, str], cwd: str,
                path: list[str], gateway_pid: int) -> None:
    """A function instance: load the handler (the init phase), then serve one invocation at a time until the
    gateway closes the pipe. Replies: ``("ready", None)``, then ``("ok", result)`` or ``("error", trace)``."""
    _enter_environment(environment, cwd, path)
    _watch_gateway(gateway_pid)
    try:
        handler = load_handler(handler_path)
    except BaseException:
        conn.send(("error", traceback.format_exc()))
        return
    conn.send(("ready", None))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        event, context = request
        try:
            reply: tuple[str, Any] = ("ok", handler(event, LambdaContext(**context)))
        except Exception:
            reply = ("error", traceback.format_exc())
        try:
            conn.send(reply)
        except (BrokenPipeError, ConnectionError, EOFError):
            return
        except Exception:  # the result cannot be pickled
            conn.send(("error", f"the handler's result could not be sent to the gateway:\n{traceback.format_exc()}"))


# ---------------------------------------------------------------- in the gateway

def max_instances_from_environment() -> int:
    value = os.environ.get("LOCAL_GATEWAY_MAX_INSTANCES", "")
    return max(1, int(value)) if value.strip() else DEFAULT_MAX_INSTANCES


_context_lock = threading.Lock()


def forkserver_context() -> BaseContext:
    """The fork server context, with the common libraries preloaded, started now so the first cold start
    does not pay for it. Preloading only counts before the fork server starts (once per process)."""
    with _context_lock:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)  # type: ignore[attr-defined]
        from multiprocessing import forkserver

        forkserver.ensure_running()
        return context


@dataclass(eq=False)
class Instance:
    """One execution environment: a worker process serving one function, one request at a time."""

    key: int
    function_id: str
    process: BaseProcess
    conn: Connection
    started: float = field(default_factory=time.monotonic)
    last_used: float = field(default_factory=time.monotonic)
    invocations: int = 0
    busy: bool = True

    def invoke(self, event: dict[str, Any], context: dict[str, Any], timeout: float) -> Any:
        """The handler's result; raises FunctionFailed, EnvironmentDied or FunctionTimedOut."""
        self.invocations += 1
        try:
            self.conn.send((event, context))
            if not self.conn.poll(timeout):
                self.kill()
                raise FunctionTimedOut(f"{self.function_id} ran past its {timeout:g} s timeout")
            kind, value = self.conn.recv()
        except (EOFError, OSError) as error:
            raise EnvironmentDied(self.exit_description()) from error
        if kind != "ok":
            raise FunctionFailed(str(value))
        return value

    def exit_description(self) -> str:
        self.process.join(1)
        code = self.process.exitcode
        if code is None:
            return f"its worker (pid {self.process.pid}) stopped answering"
        if code < 0:
            return f"its worker (pid {self.process.pid}) was killed by signal {-code}"
        return f"its worker (pid {self.process.pid}) exited with code {code}"

    def describe(self, now: float) -> dict[str, Any]:
        return {"function": self.function_id, "pid": self.process.pid, "busy": self.busy,
                "invocations": self.invocations, "age_seconds": round(now - self.started, 1),
                "idle_seconds": 0.0 if self.busy else round(now - self.last_used, 1)}

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()

    def stop(self) -> None:
        """Close the pipe (the worker exits at its EOF), then insist."""
        self.conn.close()
        self.process.join(STOP_GRACE_SECONDS)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(STOP_GRACE_SECONDS)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(STOP_GRACE_SECONDS)


class WorkerPool:
    """The live execution environments of every function, at most ``max_instances`` of them."""

    def __init__(self, max_instances: int | None = None, environment: Mapping[str, str] | None = None,
                 figures: GatewayFigures | None = None, acquire_timeout: float = ACQUIRE_TIMEOUT_SECONDS) -> None:
        self.max_instances = max_instances or max_instances_from_environment()
        self.environment = dict(os.environ if environment is None else environment)  # as the gateway starts
        self.cwd = os.getcwd()
        self.path = list(sys.path)
        self.figures = figures or GatewayFigures()
        self.acquire_timeout = acquire_timeout
        self.evictions = 0
        self.waits = 0  # requests that had to wait for an instance (all busy at the cap)
        self.peak_instances = 0  # the most instances alive at once
        self._context = forkserver_context()
        self._keys = itertools.count(1)
        self._cond = threading.Condition()
        self._spawn_lock = threading.Lock()
        self._instances: dict[int, Instance] = {}
        self._idle: OrderedDict[int, Instance] = OrderedDict()  # the least recently used first
        self._starting = 0
        self._closed = False

    # ---- one invocation ----
    def invoke(self, function_id: str, handler_path: str, event: dict[str, Any], timeout: float) -> Any:
        """Run ``event`` through an instance of the function: a warm one when idle, else a new one.
        Raises FunctionFailed, EnvironmentDied, FunctionTimedOut or Throttled. Counts it in ``figures``,
        its duration without the cold start (as Lambda's Duration and Init Duration)."""
        try:
            instance = self._acquire(function_id, handler_path)
        except Throttled:
            self.figures.invocation(function_id, 0.0, "throttle")
            raise
        except (FunctionFailed, EnvironmentDied):
            self.figures.invocation(function_id, 0.0, "init_error")
            raise
        started = time.perf_counter()
        outcome: Outcome = "error"
        reusable = False
        try:
            context = {"function_name": function_id, "timeout_seconds": timeout}
            result = instance.invoke(event, context, timeout)
            outcome, reusable = "ok", True
            return result
        except FunctionFailed:
            reusable = instance.process.is_alive()
            raise
        except EnvironmentDied:
            outcome = "crash"
            raise
        except FunctionTimedOut:
            outcome = "timeout"
            raise
        finally:
            self.figures.invocation(function_id, (time.perf_counter() - started) * 1000, outcome)
            self._release(instance, reusable)

    def _acquire(self, function_id: str, handler_path: str) -> Instance:
        deadline = time.monotonic() + self.acquire_timeout
        victim: Instance | None = None
        waited = False
        with self._cond:
            while True:
                if self._closed:
                    raise Throttled("the gateway is stopping")
                warm = self._take_idle(function_id)
                if warm is not None:
                    return warm
                if len(self._instances) + self._starting < self.max_instances:
                    break
                victim = self._evictable()
                if victim is not None:
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise Throttled(f"all {self.max_instances} instances stayed busy for {self.acquire_timeout:g} s")
                if not waited:
                    waited = True
                    self.waits += 1
                self._cond.wait(remaining)
            self._starting += 1
            self.peak_instances = max(self.peak_instances, len(self._instances) + self._starting)
        try:
            if victim is not None:
                log.info("evicting %s (pid %s, idle %.1f s) to make room for %s", victim.function_id,
                         victim.process.pid, time.monotonic() - victim.last_used, function_id)
                victim.stop()
            instance = self._start(function_id, handler_path)
        except BaseException:
            with self._cond:
                self._starting -= 1
                self._cond.notify_all()
            raise
        with self._cond:
            self._starting -= 1
            self._instances[instance.key] = instance
        return instance

    def _take_idle(self, function_id: str) -> Instance | None:
        """The function's most recently used idle instance (the warmest), marked busy. One that died while
        idle (killed, out of memory) is dropped here, so that the request gets a new one instead."""
        for key in list(reversed(self._idle)):
            instance = self._idle[key]
            if instance.function_id != function_id:
                continue
            del self._idle[key]
            if not instance.process.is_alive():
                del self._instances[key]
                instance.conn.close()
                log.warning("%s (pid %s) died while idle: %s", function_id, instance.process.pid,
                            instance.exit_description())
                continue
            instance.busy = True
            return instance
        return None

    def _evictable(self) -> Instance | None:
        """The least recently used idle instance, of any function, taken out of the pool."""
        if not self._idle:
            return None
        _, victim = self._idle.popitem(last=False)
        del self._instances[victim.key]
        self.evictions += 1
        return victim

    def _start(self, function_id: str, handler_path: str) -> Instance:
        """A cold start: fork a worker, wait until it has loaded the handler (Lambda's init phase)."""
        started = time.perf_counter()
        ours, theirs = self._context.Pipe()
        process = self._context.Process(  # type: ignore[attr-defined]
            target=worker_main, name=f"lambda:{function_id}", daemon=True,
            args=(theirs, function_id, handler_path, self.environment, self.cwd, self.path, os.getpid()))
        with self._spawn_lock:
            process.start()
        theirs.close()  # only the worker holds its end: its death is our EOF
        instance = Instance(key=next(self._keys), function_id=function_id, process=process, conn=ours)
        try:
            if not ours.poll(INIT_TIMEOUT_SECONDS):
                raise FunctionFailed(f"{function_id} did not finish its init in {INIT_TIMEOUT_SECONDS:g} s")
            kind, value = ours.recv()
            if kind != "ready":
                raise FunctionFailed(str(value))
        except (EOFError, OSError) as error:
            instance.stop()
            raise EnvironmentDied(instance.exit_description()) from error
        except FunctionFailed:
            instance.stop()
            raise
        init_ms = (time.perf_counter() - started) * 1000
        self.figures.cold_start(function_id, init_ms)
        log.info("cold start: %s (pid %s) ready in %.0f ms", function_id, process.pid, init_ms)
        return instance

    def _release(self, instance: Instance, reusable: bool) -> None:
        with self._cond:
            instance.last_used = time.monotonic()
            instance.busy = False
            if reusable and not self._closed:
                self._idle[instance.key] = instance
            else:
                self._instances.pop(instance.key, None)
            self._cond.notify_all()
        if not reusable:
            instance.stop()

    # ---- the whole pool ----
    def stats(self) -> dict[str, Any]:
        now = time.monotonic()
        with self._cond:
            instances = [instance.describe(now) for instance in self._instances.values()]
            starting = self._starting
        return {"max_instances": self.max_instances, "live_instances": len(instances) + starting,
                "busy_instances": sum(1 for i in instances if i["busy"]) + starting, "starting": starting,
                "peak_instances": self.peak_instances, "evictions": self.evictions, "waits": self.waits,
                "instances": instances}

    def pids(self) -> list[int]:
        with self._cond:
            return [i.process.pid for i in self._instances.values() if i.process.pid is not None]

    def close(self) -> None:
        """Stop every worker. A busy one is killed: the request it serves is answered 502."""
        with self._cond:
            self._closed = True
            instances = list(self._instances.values())
            self._instances.clear()
            self._idle.clear()
            self._cond.notify_all()
        for instance in instances:
            if instance.busy:
                instance.kill()
                instance.process.join(STOP_GRACE_SECONDS)
            else:
                instance.stop()
