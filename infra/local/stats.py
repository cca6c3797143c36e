"""Figures the local gateway keeps per function, as Lambda's own metrics would show them: cold starts and
their duration (Init Duration), invocations, errors, and the duration of recent invocations (p50, p95, p99);
and per route's function the API's answers by status class (2xx, 4xx, 5xx) and latency, as API Gateway's.

Each figure is kept since the gateway started and over a recent window (``snapshot(window_seconds)``): the
local monitoring page and its alert rules read them (infra/local/monitor.py), ``GET /_gateway/stats`` serves
them.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Literal

RECENT = 1000  # durations kept per function for the percentiles: recent behaviour, bounded memory
WINDOW_EVENTS = 5000  # invocations and answers kept per function with their time, for the recent window

Outcome = Literal["ok", "error", "crash", "timeout", "throttle", "init_error"]


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (``share`` in 0..1) of ``values``; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(share * len(ordered))))
    return ordered[rank - 1]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _window(values: list[float]) -> dict[str, float | None]:
    return {"p50": _rounded(percentile(values, 0.5)), "p95": _rounded(percentile(values, 0.95)),
            "p99": _rounded(percentile(values, 0.99)), "max": _rounded(max(values, default=None))}


@dataclass
class FunctionFigures:
    """One function's figures since the gateway started, and its recent invocations and answers."""

    cold_starts: int = 0
    invocations: int = 0
    errors: int = 0  # the handler raised, its environment died, it timed out, or it failed to start
    crashes: int = 0  # of which: the execution environment (worker process) died
    timeouts: int = 0  # of which: the function ran past its Timeout
    throttles: int = 0  # no instance could be had in time (not invoked, so not an invocation)
    answers: dict[str, int] = field(default_factory=lambda: {"2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0})
    init_ms: deque[float] = field(default_factory=lambda: deque(maxlen=RECENT))
    duration_ms: deque[float] = field(default_factory=lambda: deque(maxlen=RECENT))
    # (monotonic seconds, duration ms, failed) per invocation; (monotonic seconds, latency ms, status) per answer
    recent_invocations: deque[tuple[float, float, bool]] = field(default_factory=lambda: deque(maxlen=WINDOW_EVENTS))
    recent_answers: deque[tuple[float, float, int]] = field(default_factory=lambda: deque(maxlen=WINDOW_EVENTS))

    def snapshot(self, since: float) -> dict[str, Any]:
        inits, durations = list(self.init_ms), list(self.duration_ms)
        invocations = [(ms, failed) for at, ms, failed in self.recent_invocations if at >= since]
        answers = [(ms, status) for at, ms, status in self.recent_answers if at >= since]
        return {
            "cold_starts": self.cold_starts,
            "cold_start_ms": {"last": _rounded(inits[-1] if inits else None),
                              "p50": _rounded(percentile(inits, 0.5)), "max": _rounded(max(inits, default=None))},
            "invocations": self.invocations,
            "errors": self.errors,
            "crashes": self.crashes,
            "timeouts": self.timeouts,
            "throttles": self.throttles,
            "duration_ms": _window(durations),
            "answers": dict(self.answers),
            "recent": {
                "invocations": len(invocations),
                "errors": sum(1 for _, failed in invocations if failed),
                "duration_ms": _window([ms for ms, _ in invocations]),
                "answers": {kind: sum(1 for _, status in answers if status // 100 == int(kind[0]))
                            for kind in self.answers},
                "latency_ms": _window([ms for ms, _ in answers]),
            },
        }


class GatewayFigures:
    """Thread-safe figures of every function the gateway has invoked."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._functions: dict[str, FunctionFigures] = {}

    def _of(self, function_id: str) -> FunctionFigures:
        return self._functions.setdefault(function_id, FunctionFigures())

    def cold_start(self, function_id: str, init_ms: float) -> None:
        with self._lock:
            figures = self._of(function_id)
            figures.cold_starts += 1
            figures.init_ms.append(init_ms)

    def invocation(self, function_id: str, duration_ms: float, outcome: Outcome) -> None:
        with self._lock:
            figures = self._of(function_id)
            if outcome == "throttle":
                figures.throttles += 1
                return
            figures.invocations += 1
            if outcome != "init_error":  # it never ran: no duration
                figures.duration_ms.append(duration_ms)
            figures.recent_invocations.append((time.monotonic(), duration_ms, outcome != "ok"))
            if outcome != "ok":
                figures.errors += 1
            if outcome == "crash":
                figures.crashes += 1
            elif outcome == "timeout":
                figures.timeouts += 1

    def answer(self, function_id: str, status: int, latency_ms: float) -> None:
        """The API answered a request of this function's route (the authorizer's 401 included)."""
        with self._lock:
            figures = self._of(function_id)
            kind = f"{min(max(status // 100, 2), 5)}xx"
            figures.answers[kind] += 1
            figures.recent_answers.append((time.monotonic(), latency_ms, status))

    def recent_latencies(self, window_seconds: float) -> list[float]:
        """The API's latency of every answer in the last ``window_seconds``, all functions together."""
        since = time.monotonic() - window_seconds
        with self._lock:
            return [ms for figures in self._functions.values() for at, ms, _ in figures.recent_answers if at >= since]

    def snapshot(self, window_seconds: float = 300.0) -> dict[str, dict[str, Any]]:
        """Every function's figures; ``recent`` covers the last ``window_seconds``."""
        since = time.monotonic() - window_seconds
        with self._lock:
            return {name: figures.snapshot(since) for name, figures in sorted(self._functions.items())}
