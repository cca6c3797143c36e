"""The operators' alerts (issue 11): CloudWatch alarm notifications, as SNS delivers them to
NotificationsAlertFunction, become one Discord and one Slack post per change worth telling; the webhooks'
URLs come from Secrets Manager (moto); the posts reach a local HTTP server standing in for both."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from moto import mock_aws

from functions.notifications import alerts
from functions.notifications.handlers.alert import AlertNotDelivered, handler
from shared.config import reset_settings
from tests.support.receiver import Receiver


def cloudwatch_message(name: str, new: str, old: str, reason: str) -> str:
    """The Message of a CloudWatch alarm's SNS notification (the fields AWS documents)."""
    return json.dumps({
        "AlarmName": name, "AlarmDescription": "More than 5 % of the API's answers were 5xx",
        "AWSAccountId": "123456789012", "NewStateValue": new, "OldStateValue": old, "NewStateReason": reason,
        "StateChangeTime": "2026-12-03T08:15:30.123+0000", "Region": "Asia Pacific (Jakarta)",
        "AlarmArn": f"arn:aws:cloudwatch:ap-southeast-3:123456789012:alarm:{name}",
        "Trigger": {"MetricName": "5xx", "Namespace": "AWS/ApiGateway", "Statistic": "SUM", "Period": 300,
                    "EvaluationPeriods": 1, "ComparisonOperator": "GreaterThanThreshold", "Threshold": 0.05},
    })


def sns_event(*messages: str) -> dict[str, Any]:
    return {"Records": [{"EventSource": "aws:sns", "EventVersion": "1.0", "Sns": {
        "Type": "Notification", "MessageId": f"m-{n}", "Subject": "ALARM", "Message": message,
        "Timestamp": "2026-12-03T08:15:30.200Z",
        "TopicArn": "arn:aws:sns:ap-southeast-3:123456789012:proker-tracker-AlertsTopic"}}
        for n, message in enumerate(messages)]}


class Context:
    function_name = "NotificationsAlertFunction"
    memory_limit_in_mb = 256
    invoked_function_arn = "arn:aws:lambda:ap-southeast-3:123456789012:function:NotificationsAlertFunction"
    aws_request_id = "5b1c6a0e-0000-4000-8000-000000000000"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver()
    yield running
    running.close()


@pytest.fixture
def webhooks_secret(monkeypatch: pytest.MonkeyPatch, receiver: Receiver) -> Iterator[None]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-southeast-3")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("ALERT_WEBHOOKS", raising=False)
    monkeypatch.setenv("STAGE_NAME", "proker-tracker")
    with mock_aws():
        arn = boto3.client("secretsmanager").create_secret(Name="proker/alert-webhooks", SecretString=json.dumps(
            {"discord": f"{receiver.url}/discord", "slack": f"{receiver.url}/slack"}))["ARN"]
        monkeypatch.setenv("ALERT_WEBHOOKS_SECRET_ARN", arn)
        reset_settings()
        yield
    from aws_lambda_powertools.utilities import parameters

    parameters.clear_caches()
    reset_settings()


def test_an_alarm_and_its_recovery_are_posted_once_each_to_discord_and_slack(receiver, webhooks_secret):
    alarm = cloudwatch_message("ApiServerErrors", "ALARM", "OK",
                               "Threshold Crossed: 1 datapoint [0.31] was greater than the threshold (0.05).")
    assert handler(sns_event(alarm), Context()) == {"told": 1, "delivered": {"discord": True, "slack": True}}
    recovered = cloudwatch_message("ApiServerErrors", "OK", "ALARM",
                                   "Threshold Crossed: 1 datapoint [0.0] was not greater than the threshold (0.05).")
    handler(sns_event(recovered), Context())

    assert receiver.texts("discord") == [
        "🔴 ALARM: ApiServerErrors\nApiServerErrors: Threshold Crossed: 1 datapoint [0.31] was greater than the "
        "threshold (0.05).",
        "✅ Recovered: ApiServerErrors\nApiServerErrors: Threshold Crossed: 1 datapoint [0.0] was not greater than "
        "the threshold (0.05)."]
    first, second = (body["embeds"][0] for body in receiver.of("discord"))
    assert (first["color"], second["color"]) == (0xDC2626, 0x16A34A)
    assert first["footer"]["text"] == "Proker Tracker · proker-tracker"
    assert first["timestamp"] == "2026-12-03T08:15:30+00:00"
    assert [text.splitlines()[0] for text in receiver.texts("slack")] == [
        "🔴 ALARM: ApiServerErrors", "✅ Recovered: ApiServerErrors"]


def test_changes_not_worth_telling_post_nothing(receiver, webhooks_secret):
    no_data = cloudwatch_message("ApiLatencyP95", "INSUFFICIENT_DATA", "OK", "Insufficient Data")
    from_no_data = cloudwatch_message("ApiLatencyP95", "OK", "INSUFFICIENT_DATA", "Threshold Crossed")
    assert handler(sns_event(no_data, from_no_data), Context()) == {"told": 0}
    assert receiver.posts == []


def test_a_platform_that_fails_is_tried_three_times_and_a_total_failure_raises(monkeypatch, webhooks_secret):
    failing = Receiver(statuses=[503, 503, 503, 503, 503, 503])
    monkeypatch.setenv("ALERT_WEBHOOKS", json.dumps({"discord": f"{failing.url}/discord"}))
    reset_settings()
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    try:
        alarm = cloudwatch_message("EventsDead", "ALARM", "OK", "Threshold Crossed")
        with pytest.raises(AlertNotDelivered):  # Lambda's asynchronous retries try again later
            handler(sns_event(alarm), Context())
        assert len(failing.of("discord")) == 3
    finally:
        failing.close()


def test_a_rate_limited_post_is_tried_again_and_a_refused_one_is_not(receiver):
    limited = Receiver(statuses=[429])
    refused = Receiver(statuses=[404])
    try:
        change = alerts.Change("JobsFailed", "ALARM", "OK", "ReportsWeeklyReportsFunction failed", datetime.now(UTC),
                               "local (make dev)")
        outcome = alerts.tell([change], {"discord": f"{limited.url}/discord", "slack": f"{refused.url}/slack"},
                              sleep=lambda seconds: None)
        assert outcome == {"discord": True, "slack": False}
        assert len(limited.of("discord")) == 2 and len(refused.of("slack")) == 1
    finally:
        limited.close()
        refused.close()


def test_several_alarms_at_once_are_one_post(receiver):
    at = datetime.now(UTC)
    changes = [alerts.Change("FunctionErrors", "ALARM", "OK", "TasksCreateTaskFunction: 2 of 9 failed", at, "local"),
               alerts.Change("ApiServerErrors", "ALARM", "OK", "2 of 9 answers were 5xx", at, "local"),
               alerts.Change("EventsDead", "OK", "ALARM", "0 dead event(s)", at, "local")]
    alerts.tell(changes, {"discord": f"{receiver.url}/discord"})
    assert receiver.texts("discord") == [
        "🔴 2 alarms\nFunctionErrors: TasksCreateTaskFunction: 2 of 9 failed\nApiServerErrors: 2 of 9 answers were 5xx",
        "✅ Recovered: EventsDead\nEventsDead: 0 dead event(s)"]


def test_an_unknown_platform_in_the_configuration_is_refused(monkeypatch):
    monkeypatch.setenv("ALERT_WEBHOOKS", json.dumps({"teams": "https://example.invalid/hook"}))
    reset_settings()
    try:
        with pytest.raises(ValueError, match="unknown platform"):
            alerts.webhooks()
    finally:
        monkeypatch.delenv("ALERT_WEBHOOKS")
        reset_settings()
