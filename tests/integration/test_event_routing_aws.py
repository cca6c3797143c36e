"""Routing on AWS, with moto: the bus, rules, queues and queue policies made from template.yaml's
resources; the dispatcher function puts real outbox events on the bus; the messages the queues hold are
fed to the consumer functions as Lambda's SQS event source would. The local router, reading the same
template, delivers the same events to the same functions."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import psycopg
import pytest
from moto import mock_aws
from psycopg.rows import dict_row

from functions.events import dispatcher
from functions.events.eventbridge import MAX_ENTRIES, EventBridgeDelivery
from functions.events.models import OutboxEvent
from infra.local.events import Consumer, LocalDispatcher, LocalRouter, consumers_of, eventbridge_event, rules_of
from infra.local.gateway import LambdaContext
from infra.local.template import Template
from shared.config import reset_settings
from tests.support.programs import make_program, make_world, register_people

REGION = "ap-southeast-1"
STACK = "proker-test"


def _resolve(value: Any, arns: dict[str, str], refs: dict[str, str]) -> Any:
    """CloudFormation's Ref / GetAtt .Arn with the physical names made here."""
    if isinstance(value, dict) and set(value) == {"Ref"}:
        return refs[value["Ref"]]
    if isinstance(value, dict) and set(value) == {"Fn::GetAtt"}:
        target = value["Fn::GetAtt"]
        name = target.split(".")[0] if isinstance(target, str) else target[0]
        return arns[name]
    if isinstance(value, dict):
        return {key: _resolve(item, arns, refs) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve(item, arns, refs) for item in value]
    return value


class Stack:
    """What CloudFormation would create from template.yaml's events resources, in moto."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self.events = boto3.client("events", region_name=REGION)
        self.sqs = boto3.client("sqs", region_name=REGION)
        self.arns: dict[str, str] = {}
        self.refs: dict[str, str] = {}
        self.queue_urls: dict[str, str] = {}
        resources = template.resources
        for name, resource in resources.items():
            if resource["Type"] == "AWS::Events::EventBus":
                bus = resource["Properties"]["Name"]["Fn::Sub"].replace("${AWS::StackName}", STACK)
                self.arns[name] = self.events.create_event_bus(Name=bus)["EventBusArn"]
                self.refs[name] = bus
        queues = [name for name, res in resources.items() if res["Type"] == "AWS::SQS::Queue"]
        # dead-letter queues first: the others name them
        for name in sorted(queues, key=lambda q: "RedrivePolicy" in resources[q].get("Properties", {})):
            props = _resolve(resources[name].get("Properties", {}), self.arns, self.refs)
            attributes = {key: (json.dumps(value) if isinstance(value, dict) else str(value))
                          for key, value in props.items()}
            url = self.sqs.create_queue(QueueName=f"{STACK}-{name}", Attributes=attributes)["QueueUrl"]
            self.queue_urls[name] = url
            self.refs[name] = url
            self.arns[name] = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"]
                                                            )["Attributes"]["QueueArn"]
        for name, resource in resources.items():
            if resource["Type"] == "AWS::Events::Rule":
                props = _resolve(resource["Properties"], self.arns, self.refs)
                self.arns[name] = self.events.put_rule(
                    Name=name, EventBusName=props["EventBusName"], EventPattern=json.dumps(props["EventPattern"]),
                    State="ENABLED")["RuleArn"]
                self.events.put_targets(Rule=name, EventBusName=props["EventBusName"], Targets=props["Targets"])
        for resource in resources.values():
            if resource["Type"] == "AWS::SQS::QueuePolicy":
                props = _resolve(resource["Properties"], self.arns, self.refs)
                for url in props["Queues"]:
                    policy = json.dumps(props["PolicyDocument"])
                    self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": policy})

    @property
    def bus(self) -> str:
        return self.refs["EventBus"]

    def drain(self, queue: str) -> list[dict[str, Any]]:
        messages = []
        while True:
            batch = self.sqs.receive_message(QueueUrl=self.queue_urls[queue], MaxNumberOfMessages=10,
                                             AttributeNames=["All"]).get("Messages", [])
            if not batch:
                return messages
            messages.extend(batch)
            for message in batch:  # taken: the test hands them to the consumer itself
                self.sqs.delete_message(QueueUrl=self.queue_urls[queue], ReceiptHandle=message["ReceiptHandle"])

    def lambda_event(self, queue: str, messages: list[dict[str, Any]]) -> dict[str, Any]:
        """What Lambda's SQS event source hands the function."""
        return {"Records": [{
            "messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
            "attributes": m.get("Attributes", {}), "messageAttributes": {}, "md5OfBody": m["MD5OfBody"],
            "eventSource": "aws:sqs", "eventSourceARN": self.arns[queue], "awsRegion": REGION,
        } for m in messages]}


@pytest.fixture
def aws(monkeypatch) -> Iterator[None]:
    for name, value in {"AWS_DEFAULT_REGION": REGION, "AWS_ACCESS_KEY_ID": "testing",
                        "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing"}.items():
        monkeypatch.setenv(name, value)
    dispatcher._delivery = None  # a client made in another test's mock would not be mocked
    with mock_aws():
        yield
    dispatcher._delivery = None


@pytest.fixture
def stack(aws, monkeypatch) -> Iterator[Stack]:
    template = Template.load()
    built = Stack(template)
    monkeypatch.setenv("EVENTS_BUS_NAME", built.bus)
    reset_settings()
    yield built
    monkeypatch.delenv("EVENTS_BUS_NAME")
    reset_settings()


@pytest.fixture
def cancelled_program(api, database) -> dict[str, Any]:
    """Real events: a program in progress with three tasks (one assigned, one done), then cancelled."""
    people = register_people(api, uuid.uuid4().hex[:6])
    ids = make_world(database, people)
    program = make_program(database, ids, people, "dalam_progres")
    ketua = people["ketua"]["token"]
    tasks = [api.post(f"/programs/{program}/tasks", token=ketua, json={"title": title, **extra}).json["id"]
             for title, extra in (("Sewa gedung", {"assignees": [people["anggota"]["id"]]}), ("Konsumsi", {}),
                                  ("Publikasi", {}))]
    for to in ("dalam_progres", "review", "selesai"):
        assert api.post(f"/tasks/{tasks[2]}/transitions", token=ketua, json={"to": to}).status == 200
    assert api.post(f"/programs/{program}/transitions", token=ketua,
                    json={"to": "dibatalkan", "note": "Dana tidak cukup"}).status == 200
    return {"program": program, "tasks": tasks}


def outbox_events(database_url: str) -> list[OutboxEvent]:
    with psycopg.connect(database_url) as conn:
        conn.row_factory = dict_row  # type: ignore[assignment]
        rows = conn.execute("select id, type, aggregate, aggregate_id, organization_id, occurred_at, payload,"
                            " correlation_id, attempts from events.outbox order by occurred_at").fetchall()
    return [OutboxEvent(**row) for row in rows]


def task_statuses(database_url: str, tasks: list[str]) -> list[str]:
    with psycopg.connect(database_url) as conn:
        return [conn.execute("select status from task_service.tasks where id = %s", (task,)).fetchone()[0]
                for task in tasks]


def test_template_routing_through_eventbridge_and_sqs_reaches_the_consumers(stack, cancelled_program, database):
    from functions.events.handlers.dispatch import handler as dispatch_function

    events = outbox_events(database)
    assert "program.status_changed" in {e.type for e in events}
    consumers = consumers_of(stack.template)
    local = LocalRouter(stack.template)

    # the dispatcher function, as the one-minute schedule runs it, puts every event on the bus
    result = dispatch_function({"job": "events.sweep"}, LambdaContext(function_name="EventsDispatchFunction"))
    assert result["report"]["delivered"] == len(events) and result["report"]["failed"] == 0
    assert result["backlog"] == {**result["backlog"], "pending": 0, "failed": 0, "dead": 0}

    # each queue holds exactly the events the template's rules route to it, as the local router routes them
    held: dict[str, list[dict[str, Any]]] = {queue: stack.drain(queue) for queue in consumers}
    for queue, messages in held.items():
        bodies = [json.loads(m["Body"]) for m in messages]
        expected = {str(e.id): eventbridge_event(e) for e in events if queue in local.queues_for(eventbridge_event(e))}
        assert sorted(b["detail"]["id"] for b in bodies) == sorted(expected), queue
        for body in bodies:
            mine = expected[body["detail"]["id"]]
            assert (body["detail-type"], body["source"], body["detail"]) == (
                mine["detail-type"], mine["source"], mine["detail"])
    assert [json.loads(m["Body"])["detail-type"] for m in held["TasksProgramStatusQueue"]] == [
        "program.status_changed"]
    for queue in set(stack.queue_urls) - set(consumers):  # dead-letter queues: nothing there
        assert stack.drain(queue) == []

    # fed to the consumer functions as Lambda would, they act, and report no failure
    for queue, messages in held.items():
        for start in range(0, len(messages), 10):
            consumer = consumers[queue]
            answer = _invoke(consumer, stack.lambda_event(queue, messages[start:start + 10]))
            assert answer == {"batchItemFailures": []}, (consumer.function_id, answer)
    assert task_statuses(database, cancelled_program["tasks"]) == ["dibatalkan", "dibatalkan", "selesai"]

    # the same messages again (SQS delivers at least once): nothing changes
    before = _history_count(database)
    answer = _invoke(consumers["TasksProgramStatusQueue"],
                     stack.lambda_event("TasksProgramStatusQueue", held["TasksProgramStatusQueue"]))
    assert answer == {"batchItemFailures": []}
    assert _history_count(database) == before


def test_the_local_router_delivers_the_same_events_to_the_same_functions(stack, cancelled_program, database):
    from functions.events.handlers.dispatch import handler as dispatch_function

    consumers = consumers_of(stack.template)
    dispatch_function({"job": "events.sweep"}, None)
    on_aws = {(consumers[queue].function_id, json.loads(m["Body"])["detail"]["id"])
              for queue in consumers for m in stack.drain(queue)}

    class Recording(LocalRouter):
        def __init__(self) -> None:
            super().__init__(stack.template)
            self.calls: set[tuple[str, str]] = set()

        def invoke(self, consumer: Consumer, records: list[dict[str, Any]]) -> set[str]:
            self.calls |= {(consumer.function_id, json.loads(r["body"])["detail"]["id"]) for r in records}
            return super().invoke(consumer, records)

    with psycopg.connect(database) as conn:  # the same events, undelivered again
        conn.execute("update events.outbox set state = 'pending', attempts = 0, delivered_at = null,"
                     " next_attempt_at = now()")
    router = Recording()
    report = LocalDispatcher(database, router).sweep()
    assert report.failed == 0
    assert router.calls == on_aws
    assert ("TasksProgramStatusFunction", next(str(e.id) for e in outbox_events(database)
                                               if e.type == "program.status_changed")) in on_aws


def test_the_template_routes_program_status_changes_to_the_tasks_consumer():
    rules = {rule.name: rule for rule in rules_of(Template.load())}
    assert rules["TasksProgramStatusRule"].pattern == {"detail-type": ["program.status_changed"]}
    assert rules["TasksProgramStatusRule"].queues == ("TasksProgramStatusQueue",)


# ---------------------------------------------------------------- put_events: batches and partial failures


class StubEvents:
    """An EventBridge client that refuses the entries whose detail-type is in ``refuse``."""

    def __init__(self, refuse: set[str] = frozenset()) -> None:  # type: ignore[assignment]
        self.refuse = refuse
        self.requests: list[list[dict[str, Any]]] = []

    def put_events(self, Entries: list[dict[str, Any]]) -> dict[str, Any]:
        self.requests.append(Entries)
        results = [{"ErrorCode": "InternalFailure", "ErrorMessage": "try again"} if e["DetailType"] in self.refuse
                   else {"EventId": str(uuid.uuid4())} for e in Entries]
        return {"FailedEntryCount": sum("ErrorCode" in r for r in results), "Entries": results}


def _events(*types: str) -> list[OutboxEvent]:
    from datetime import UTC, datetime

    return [OutboxEvent(id=uuid.uuid4(), type=t, aggregate="task", aggregate_id=uuid.uuid4(),
                        organization_id=None, occurred_at=datetime.now(UTC), payload={"n": n})
            for n, t in enumerate(types)]


def test_put_events_sends_at_most_ten_entries_a_request_and_reports_each_failed_entry():
    client = StubEvents(refuse={"task.refused"})
    events = _events(*(["task.assigned"] * 22 + ["task.refused"]))
    failures = EventBridgeDelivery("bus", client=client)(events)
    assert [len(r) for r in client.requests] == [MAX_ENTRIES, MAX_ENTRIES, 3]
    assert set(failures) == {events[-1].id}
    assert failures[events[-1].id] == "InternalFailure: try again"
    first = client.requests[0][0]
    assert (first["Source"], first["DetailType"], first["EventBusName"]) == ("proker.task", "task.assigned", "bus")
    assert json.loads(first["Detail"]) == events[0].detail()


def test_large_entries_go_in_smaller_requests():
    client = StubEvents()
    events = _events(*(["task.assigned"] * 4))
    big = [OutboxEvent(**{**e.__dict__, "payload": {"text": "x" * 90_000}}) for e in events]
    assert EventBridgeDelivery("bus", client=client)(big) == {}
    assert [len(r) for r in client.requests] == [2, 2]


def test_an_unreachable_bus_fails_every_entry(aws):
    failures = EventBridgeDelivery("no-such-bus", client=boto3.client("events", region_name=REGION))(
        _events("task.assigned", "task.created"))
    assert len(failures) == 2
    assert all("put_events" in error for error in failures.values())


def _invoke(consumer: Consumer, event: dict[str, Any]) -> Any:
    import importlib

    module_name, _, attribute = consumer.handler.rpartition(".")
    handler = getattr(importlib.import_module(module_name), attribute)
    return handler(event, LambdaContext(function_name=consumer.function_id))


def _history_count(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        return conn.execute("select count(*) from task_service.task_status_history").fetchone()[0]

