"""``GET /<service>/health`` for every service: the function runs and reaches its database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from shared import db
from shared.api import Router, lambda_handler
from shared.types import Model


class Health(Model):
    status: Literal["ok"]
    service: str
    database: Literal["ok"]


def health_endpoint(service: str, path: str) -> tuple[Router, Callable[[dict[str, Any], Any], dict[str, Any]]]:
    """The router (read by the OpenAPI generator) and Lambda handler of one service's health route."""
    router = Router()

    @router.get(path, summary=f"Health of the {service} service", tags=[service])
    def health() -> Health:
        with db.transaction("anon") as tx:
            tx.execute("select 1")
        return Health(status="ok", service=service, database="ok")

    return router, lambda_handler(router)
