"""The operators' alerts on AWS: CloudWatch alarms publish each change of state to the stack's SNS topic
(template.yaml: AlertsTopic); this posts the changes worth telling (into ALARM, and recovered) to the
Discord and Slack webhooks of ``ALERT_WEBHOOKS_SECRET_ARN`` (functions/notifications/alerts.py).

A post that fails on every platform raises, so Lambda's asynchronous retries (two) try the message again;
one that reaches at least one platform does not, so a working channel is not told twice.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from functions.notifications import alerts
from shared.config import get_settings

logger = Logger(service="notifications")


class AlertNotDelivered(RuntimeError):
    """No platform took the alert."""


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    where = get_settings().stage_name
    changes = [alerts.from_cloudwatch(record["Sns"]["Message"], where) for record in event.get("Records") or []]
    told = [change for change in changes if change.worth_telling]
    targets = alerts.webhooks()
    if not told or not targets:
        logger.info("nothing to tell", extra={"changes": len(changes), "targets": sorted(targets)})
        return {"told": 0}
    outcome = alerts.tell(told, targets)
    logger.info("alert told", extra={"alarms": [c.alarm for c in told], "delivered": outcome})
    if not any(outcome.values()):
        raise AlertNotDelivered(f"no platform took the alert: {sorted(outcome)}")
    return {"told": len(told), "delivered": outcome}
