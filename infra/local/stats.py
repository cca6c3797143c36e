"""Figures the local gateway keeps per function, as Lambda's own metrics would show them: cold starts and
their duration (Init Duration), invocations, errors, and the duration of recent invocations (p50, p99).

They live in the gateway's memory only (``Gateway.stats()``, ``GET /_gateway/stats``): the local monitoring
page reads them; nothing else depends on them.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Literal

RECENT = 1000  # durations kept per function for the percentiles: recent behaviour, bounded memory

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


@dataclass
class FunctionFigures:
    """One function's figures since the gateway started."""

    cold_starts: int = 0
    invocations: int = 0
    errors: int = 0  # the handler raised, its environment died, it timed out, or it failed to start
    crashes: int = 0  # of which: the execution environment (worker process) died
    timeouts: int = 0  # of which: the function ran past its Timeout
    throttles: int = 0  # no instance could be had in time (not invoked, so not an invocation)
    init_ms: deque[float] = field(default_factory=lambda: deque(maxlen=RECENT))
    duration_ms: deque[float] = field(default_factory=lambda: deque(maxlen=RECENT))

    def snapshot(self) -> dict[str, Any]:
        inits, durations = list(self.init_ms), list(self.duration_ms)
        return {
            "cold_starts": self.cold_starts,
            "cold_start_ms": {"last": _rounded(inits[-1] if inits else None),
                              "p50": _rounded(percentile(inits, 0.5)), "max": _rounded(max(inits, default=None))},
            "invocations": self.invocations,
            "errors": self.errors,
            "crashes": self.crashes,
            "timeouts": self.timeouts,
            "throttles": self.throttles,
            "duration_ms": {"p50": _rounded(percentile(durations, 0.5)),
                            "p99": _rounded(percentile(durations, 0.99)),
                            "max": _rounded(max(durations, default=None))},
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
            if outcome != "ok":
                figures.errors += 1
            if outcome == "crash":
                figures.crashes += 1
            elif outcome == "timeout":
                figures.timeouts += 1

    def snapshot(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return {name: figures.snapshot() for name, figures in sorted(self._functions.items())}
