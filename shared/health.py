"""``GET /<service>/health`` for every service: the function runs and reaches its database (and, for the
reports service, its file store). ``GET /health`` (functions/events/handlers/system_health.py) asks them all."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import Field

from shared import db
from shared.api import PUBLIC, Router, lambda_handler, logger
from shared.errors import ServiceUnavailable
from shared.files import file_store
from shared.types import Model


class Health(Model):
    status: Literal["ok"]
    service: str
    database: Literal["ok"]


class HealthWithFiles(Health):
    files: Literal["ok"] = Field(description="The store of generated files (S3; locally a folder) answers.")


class FileStoreUnavailable(ServiceUnavailable):
    def __init__(self) -> None:
        super().__init__("The file store is not reachable; try again shortly.")


def health_endpoint(service: str, path: str, *, files: bool = False
                    ) -> tuple[Router, Callable[[dict[str, Any], Any], dict[str, Any]]]:
    """The router (read by the OpenAPI generator) and Lambda handler of one service's health route;
    ``files``: it also checks the file store (shared/files.py)."""
    router = Router()

    def database() -> None:
        with db.transaction("anon") as tx:
            tx.execute("select 1")

    if not files:
        @router.get(path, summary=f"Health of the {service} service", tags=[service],
                    security=PUBLIC)
        def health() -> Health:
            database()
            return Health(status="ok", service=service, database="ok")
    else:
        @router.get(path, summary=f"Health of the {service} service and its file store", tags=[service],
                    security=PUBLIC)
        def health_with_files() -> HealthWithFiles:
            database()
            try:
                file_store().check()
            except Exception as error:  # any failure of the store's client: a 503 that names the part
                logger.warning("file store unavailable", extra={"error": type(error).__name__})
                raise FileStoreUnavailable() from error
            return HealthWithFiles(status="ok", service=service, database="ok", files="ok")

    return router, lambda_handler(router)
