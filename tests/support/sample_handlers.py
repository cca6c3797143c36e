"""Handlers the gateway tests route to (never named in template.yaml)."""

from __future__ import annotations

from typing import Any

from shared.api import Router, lambda_handler

router = Router()


@router.get("/sample/boom")
def boom() -> dict[str, str]:
    raise RuntimeError("secret internals: password=hunter2")


factory_boom = lambda_handler(router)
received: list[dict[str, Any]] = []


def crash(event: dict[str, Any], context: Any) -> dict[str, Any]:
    raise ValueError("the whole function fell over")


def echo(event: dict[str, Any], context: Any) -> dict[str, Any]:
    received.append(event)
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": "{}"}
