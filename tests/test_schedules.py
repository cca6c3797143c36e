"""The schedules the local scheduler runs are exactly those template.yaml gives EventBridge Scheduler:
the SAM translator's ``AWS::Scheduler::Schedule`` resources (what a deploy creates) against what
``infra/local/scheduler.py`` reads, expression, time zone, target function and input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from infra.local.scheduler import LocalScheduler, schedules
from infra.local.template import Template
from tests.test_template import cfn, resources_of, sam_env  # noqa: F401 (fixtures: the translated template)


@pytest.mark.slow
def test_the_local_schedules_are_exactly_those_of_the_template(cfn: dict[str, Any]) -> None:  # noqa: F811
    deployed = set()
    for resource in resources_of(cfn, "AWS::Scheduler::Schedule").values():
        props = resource["Properties"]
        target = props["Target"]
        function_id = target["Arn"]["Ref"].removesuffix("Aliaslive")  # the schedule calls the `live` alias
        deployed.add((function_id, props["ScheduleExpression"], props.get("ScheduleExpressionTimezone", "UTC"),
                      json.dumps(json.loads(target.get("Input", "{}")), sort_keys=True),
                      props.get("State", "ENABLED") == "ENABLED"))
    local = {(s.function_id, s.expression, s.time_zone, json.dumps(s.input, sort_keys=True), s.enabled)
             for s in schedules(Template.load())}
    assert deployed, "the template declares no schedule"
    assert local == deployed
    assert {s.function_id for s in LocalScheduler(Template.load()).schedules} == {
        function_id for function_id, *_, enabled in deployed if enabled}


def test_the_jobs_of_issue_five_are_scheduled_in_jakarta_time() -> None:
    found = {s.function_id: s for s in schedules(Template.load())}
    assert found["TasksSendDueRemindersFunction"].expression == "cron(0 7 * * ? *)"
    assert found["ReportsWeeklyReportsFunction"].expression == "cron(0 7 ? * MON *)"
    assert found["ReportsProgressReportsFunction"].expression == "cron(30 7 ? * MON *)"
    assert {found[name].time_zone for name in found} == {"Asia/Jakarta"}
