"""For the event tests: consumers built with ``shared.consumer`` like the real ones, a template that
routes test event types to them (the local router reads it as it reads template.yaml), outbox rows,
and a table where the consumers leave their effects."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterable
from typing import Any

import psycopg
from psycopg.rows import dict_row

from infra.local.template import Template
from shared.consumer import DomainEvent, RetryLater, consumer
from shared.db import Transaction

EFFECTS = "public.test_event_effects"


def create_effects_table(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f"create table if not exists {EFFECTS} (consumer text not null, event_id uuid not null,"
                     " type text not null, at timestamptz not null default clock_timestamp())")
        conn.execute(f"grant select, insert on {EFFECTS} to service_role")
        conn.execute(f"truncate {EFFECTS}")


def effects(database_url: str, consumer_name: str = "test_counter") -> list[str]:
    """The event ids a consumer left an effect for, one entry per effect (duplicates would show)."""
    with psycopg.connect(database_url) as conn:
        return [str(row[0]) for row in conn.execute(
            f"select event_id from {EFFECTS} where consumer = %s order by at", (consumer_name,))]


def _record(name: str) -> Any:
    def handle(tx: Transaction, event: DomainEvent) -> None:
        tx.execute(f"insert into {EFFECTS} (consumer, event_id, type) values (%s, %s, %s)",
                   (name, event.id, event.type))
        delay = float(os.environ.get("TEST_CONSUMER_DELAY", "0"))
        if delay:
            time.sleep(delay)
    return handle


def _refuse(tx: Transaction, event: DomainEvent) -> None:
    raise RuntimeError(f"refusing {event.type} on purpose")


counter = consumer("test_counter", _record("test_counter"))
second_counter = consumer("test_second", _record("test_second"))
def _later(tx: Transaction, event: DomainEvent) -> None:
    """Leaves an effect each time, and is done only once ``TEST_CONSUMER_READY`` is set."""
    _record("test_later")(tx, event)
    if not os.environ.get("TEST_CONSUMER_READY"):
        raise RetryLater("not ready yet")


def _picky(tx: Transaction, event: DomainEvent) -> None:
    """Leaves its effect, then refuses the events whose payload says ``fail``."""
    _record("test_picky")(tx, event)
    if event.payload.get("fail"):
        raise RuntimeError("refusing this one on purpose")


def _colliding(tx: Transaction, event: DomainEvent) -> None:
    """Leaves its effect and a row of ``public.test_deferred`` whose key is unique only at commit."""
    _record("test_colliding")(tx, event)
    tx.execute("insert into public.test_deferred (k) values (1)")


failing = consumer("test_failing", _refuse)
later = consumer("test_later", _later)
picky = consumer("test_picky", _picky)
colliding = consumer("test_colliding", _colliding)


def routing_template(routes: dict[str, tuple[str, list[str]]], batch_size: int = 10) -> Template:
    """A template in template.yaml's shape: per consumer (name: (handler, detail-types)) a queue, a
    dead-letter queue, a rule on EventBus and a function reading the queue."""
    resources: dict[str, Any] = {"EventBus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "test"}}}
    for name, (handler, types) in routes.items():
        resources[f"{name}DeadLetterQueue"] = {"Type": "AWS::SQS::Queue", "Properties": {}}
        resources[f"{name}Queue"] = {"Type": "AWS::SQS::Queue", "Properties": {"RedrivePolicy": {
            "deadLetterTargetArn": {"Fn::GetAtt": [f"{name}DeadLetterQueue", "Arn"]}, "maxReceiveCount": 5}}}
        resources[f"{name}Rule"] = {"Type": "AWS::Events::Rule", "Properties": {
            "EventBusName": {"Ref": "EventBus"}, "EventPattern": {"detail-type": types},
            "Targets": [{"Id": f"{name}Queue", "Arn": {"Fn::GetAtt": [f"{name}Queue", "Arn"]}}]}}
        resources[f"{name}Function"] = {"Type": "AWS::Serverless::Function", "Properties": {
            "Handler": handler, "Events": {"Queue": {"Type": "SQS", "Properties": {
                "Queue": {"Fn::GetAtt": [f"{name}Queue", "Arn"]}, "BatchSize": batch_size,
                "FunctionResponseTypes": ["ReportBatchItemFailures"]}}}}}
    return Template({"Resources": resources})


def insert_events(database_url: str, types: Iterable[str], **payload: Any) -> list[str]:
    """Outbox rows as a service's trigger writes them (pending), one per type, in order."""
    ids = []
    with psycopg.connect(database_url) as conn:
        for index, event_type in enumerate(types):
            ids.append(str(conn.execute(
                "insert into events.outbox (type, aggregate, aggregate_id, organization_id, payload)"
                " values (%s, 'test', %s, %s, %s) returning id",
                (event_type, uuid.uuid4(), uuid.uuid4(), json.dumps({"n": index, **payload}))).fetchone()[0]))
    return ids


def outbox_rows(database_url: str) -> dict[str, dict[str, Any]]:
    with psycopg.connect(database_url) as conn:
        conn.row_factory = dict_row  # type: ignore[assignment]
        return {str(row["id"]): row for row in conn.execute("select * from events.outbox")}
