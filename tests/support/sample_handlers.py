"""Handlers the gateway tests route to (never named in template.yaml)."""

from __future__ import annotations

from typing import Any

import psycopg

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
received: list[dict[str, Any]] = []


def crash(event: dict[str, Any], context: Any) -> dict[str, Any]:
    raise ValueError("the whole function fell over")


def echo(event: dict[str, Any], context: Any) -> dict[str, Any]:
    received.append(event)
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": "{}"}
