"""The one factory every scheduled job is built with (docs/architecture.md, "Scheduled jobs").

A job module declares what one run does and ends with ``handler = scheduled_job("<name>", run)``.
The function it builds is the Lambda entry point of an EventBridge Scheduler schedule
(template.yaml: the function's ``ScheduleV2`` event, time zone Asia/Jakarta); locally
``infra/local/scheduler.py`` calls it on the same schedule and ``python -m infra.jobs run <id>`` at
once. ``run(event)`` does the work (as ``service_role``, through ``shared.db.service_transaction``)
and returns a summary of plain JSON values, which is logged, counted and returned. A failed run
raises: Lambda records the error, EventBridge Scheduler retries, and the JobFailures metric alarms.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit

from shared import correlation
from shared.api import logger, metrics
from shared.config import get_settings

__all__ = ["scheduled_job"]

Run = Callable[[Mapping[str, Any]], Mapping[str, Any]]


def scheduled_job(name: str, run: Run) -> Callable[[Any, Any], dict[str, Any]]:
    """The Lambda entry point of job ``name``."""

    @logger.inject_lambda_context(clear_state=True)
    def handler(event: Any, context: Any) -> dict[str, Any]:
        logger.append_keys(job=name)
        # one correlation id a run (shared/correlation.py): the events it writes carry it to their consumers
        run_id = getattr(context, "aws_request_id", None) or str(uuid.uuid4())
        logger.set_correlation_id(run_id)
        started = time.monotonic()
        publish = not get_settings().metrics_disabled
        try:
            with correlation.using(run_id):
                result = dict(run(event if isinstance(event, Mapping) else {}))
        except Exception:
            logger.exception("job failed")
            if publish:
                metrics.add_dimension(name="Job", value=name)
                metrics.add_metric(name="JobFailures", unit=MetricUnit.Count, value=1)
                metrics.flush_metrics()
            raise
        elapsed_ms = round((time.monotonic() - started) * 1000, 1)
        logger.info("job done", extra={"result": result, "elapsed_ms": elapsed_ms})
        if publish:
            metrics.add_dimension(name="Job", value=name)
            metrics.add_metric(name="JobRuns", unit=MetricUnit.Count, value=1)
            metrics.add_metric(name="JobMilliseconds", unit=MetricUnit.Milliseconds, value=elapsed_ms)
            metrics.flush_metrics()
        return {"job": name, "elapsed_ms": elapsed_ms, **result}

    return handler
