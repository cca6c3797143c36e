"""The one factory every endpoint function is built with.

A handler module declares its route on a Powertools ``Router`` and ends with
``handler = lambda_handler(router)``. The factory adds, once for all of them: request
validation from the route's type hints, problem+json errors (RFC 9457) mapped from the
domain error classes, the caller's identity (``Authenticated``), a body size limit,
correlation-id logging and metrics. No endpoint file repeats any of it.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Iterable, Mapping
from http import HTTPStatus
from typing import Annotated, Any

import psycopg
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.request import Request
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2
from pydantic import ConfigDict, Field

from shared import correlation
from shared.config import get_settings
from shared.db import DatabaseUnavailable
from shared.errors import (
    Conflict,
    DomainError,
    FieldError,
    Forbidden,
    Gone,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    RateLimited,
    ServiceUnavailable,
    Unauthenticated,
)
from shared.identity import Actor, ServiceIdentity, bearer_token, verify_access_token, verify_service_token
from shared.types import Model

__all__ = ["PUBLIC", "SERVICE_ONLY", "Authenticated", "Problem", "Router", "client_address", "lambda_handler",
           "problem_response", "service_caller"]

PROBLEM_JSON = "application/problem+json"
MAX_JSON_DEPTH = 64
"""Arrays and objects nested in a request body: far more than any of ours has, far fewer than the
recursion limit of the parsers (``json.loads``, pydantic), which a 2 KB body of brackets reaches."""

logger = Logger()
metrics = Metrics(namespace="ProkerTracker")

_STATUS_BY_ERROR: dict[type[DomainError], int] = {
    InvalidInput: 422,
    Unauthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    Gone: 410,
    PreconditionFailed: 412,
    RateLimited: 429,
    ServiceUnavailable: 503,
}


def current_actor(request: Request) -> Actor:
    """Verify the bearer token again inside the function (the gateway verified it first)."""
    return verify_access_token(bearer_token(request.headers))


Authenticated = Annotated[Actor, Depends(current_actor)]
"""Type of a route parameter that receives the verified caller."""

SERVICE_TOKEN_SCHEME = "serviceToken"  # noqa: S105 (the name of an OpenAPI security scheme)
SERVICE_ONLY: list[dict[str, list[str]]] = [{SERVICE_TOKEN_SCHEME: []}]
"""``security`` of a service-only route (the OpenAPI document says so; ``service_caller`` enforces it). Like
``PUBLIC``, API Gateway's JWT authorizer lets it through: a service token is not meant for it (its ``aud``)."""
PUBLIC: list[dict[str, list[str]]] = [{}]
"""``security`` of a public route: no JWT authorizer in front of it (template.yaml: ``Auth: Authorizer: NONE``,
which ``python -m infra.template`` writes from this). OpenAPI's empty requirement, "no credential needed"; the
function admits whom it admits (a mailed link's token, a feed's secret address, a signed body, anyone)."""


def service_caller(audience: str) -> Callable[[Request], ServiceIdentity]:
    """A dependency that admits only another service's token meant for ``audience`` (this service):
    ``caller: Annotated[ServiceIdentity, Depends(service_caller("users"))]``. A user's token is 403."""

    def current_service(request: Request) -> ServiceIdentity:
        return verify_service_token(bearer_token(request.headers), audience)

    return current_service


def client_address(request: Request) -> str | None:
    event = request.resolved_event
    if isinstance(event, APIGatewayProxyEventV2):
        return event.request_context.http.source_ip
    return None


class ProblemFieldError(Model):
    """One entry of a problem's ``errors``."""

    model_config = ConfigDict(extra="forbid")

    field: str = Field(description="Dotted path of the field at fault, e.g. `body.email`.")
    message: str = Field(description="What is wrong with it.")
    code: str = Field(description="A stable code for programs, e.g. `missing`, `weak_password`, `taken`.")


# The OpenAPI document (infra/openapi.py) declares every error body with this model; it does not
# build responses, and tests check that what problem_body builds conforms to it.
class Problem(Model):
    """An error (RFC 9457 problem details)."""

    model_config = ConfigDict(extra="forbid")

    type: str = Field(description="`about:blank`: the status code says what kind of problem it is.")
    title: str = Field(description="Short summary of the kind of problem.")
    status: int = Field(ge=400, le=599, description="The HTTP status code.")
    detail: str = Field(description="What went wrong with this request, safe to show to the user.")
    errors: list[ProblemFieldError] = Field(default_factory=list, min_length=1,
                                            description="Present when particular input fields are at fault.")


def problem_body(status: int, detail: str, *, title: str | None = None,
                 errors: Iterable[FieldError] = ()) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    errors = list(errors)
    if errors:
        body["errors"] = [{"field": e.field, "message": e.message, "code": e.code} for e in errors]
    return body


def problem_response(status: int, detail: str, *, title: str | None = None,
                     errors: Iterable[FieldError] = (), headers: Mapping[str, str] | None = None) -> Response:
    return Response(
        status_code=status,
        content_type=PROBLEM_JSON,
        body=json.dumps(problem_body(status, detail, title=title, errors=errors)),
        headers=dict(headers or {}),
    )


def _field_errors(errors: Iterable[Mapping[str, Any]]) -> list[FieldError]:
    result = []
    for error in errors:
        location = ".".join(str(part) for part in error.get("loc", ()))
        message = str(error.get("msg", "is not valid"))
        result.append(FieldError(field=location or "body", message=message, code=str(error.get("type", "invalid"))))
    return result


def _register_error_handlers(app: APIGatewayHttpResolver) -> None:
    @app.exception_handler(DomainError)
    def domain_error(error: DomainError) -> Response:
        status = next((_STATUS_BY_ERROR[cls] for cls in type(error).__mro__ if cls in _STATUS_BY_ERROR), 400)
        headers = {}
        if isinstance(error, RateLimited):
            headers["Retry-After"] = str(error.retry_after_seconds)
        if isinstance(error, Unauthenticated):
            headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        if status >= 500:
            logger.warning("service unavailable", extra={"error": error.detail})
        return problem_response(status, error.detail, title=error.title, errors=error.errors, headers=headers)

    @app.exception_handler(RequestValidationError)
    def validation_error(error: RequestValidationError) -> Response:
        errors = _field_errors(error.errors())
        if any(e.code == "json_invalid" for e in errors):
            return problem_response(400, "The request body is not valid JSON.", title="Malformed request")
        return problem_response(422, "The request is not valid; see errors for each field.",
                                title="Invalid input", errors=errors)

    @app.exception_handler([json.JSONDecodeError, UnicodeDecodeError])  # JSON is UTF-8 (RFC 8259)
    def malformed_json(_: ValueError) -> Response:
        return problem_response(400, "The request body is not valid JSON.", title="Malformed request")

    @app.exception_handler(psycopg.DataError)
    def unstorable_value(_: psycopg.DataError) -> Response:
        # e.g. a NUL character in text, or a number out of the column's range: the input's fault
        return problem_response(422, "A value in the request cannot be stored (for example a NUL character).",
                                title="Invalid input")

    @app.exception_handler([psycopg.errors.InsufficientPrivilege, psycopg.IntegrityError])
    def refused_by_the_database(error: psycopg.Error) -> Response:
        # The service checked and allowed the change, then RLS, a trigger or a constraint refused it:
        # a concurrent change won in between (the program became final, a role or membership ended,
        # a row was deleted). Repositories map the refusals they expect; this is the rest.
        logger.warning("the database refused a change the service allowed",
                       extra={"sqlstate": error.sqlstate, "error": type(error).__name__})
        return problem_response(409, "Something this request depends on changed meanwhile; read it again and "
                                     "retry.", title="Conflict")

    @app.exception_handler([DatabaseUnavailable, psycopg.OperationalError])
    def database_unavailable(error: Exception) -> Response:
        logger.exception("database unavailable")
        return problem_response(503, "The service is temporarily unavailable; try again shortly.",
                                headers={"Retry-After": "5"})

    @app.not_found
    def not_found(_: NotFoundError) -> Response:
        event = app.current_event
        return problem_response(404, f"No route {event.http_method} {event.path}.")

    @app.exception_handler(Exception)
    def unexpected(error: Exception) -> Response:
        logger.exception("unhandled error")
        _count("UnhandledErrors")
        return problem_response(500, "Something went wrong on our side. It has been logged.")


def create_app() -> APIGatewayHttpResolver:
    app = APIGatewayHttpResolver(enable_validation=True)
    _register_error_handlers(app)
    return app


def _too_large(event: Mapping[str, Any]) -> bool:
    body = event.get("body") or ""
    size = len(body) * 3 // 4 if event.get("isBase64Encoded") else len(body.encode())
    return size > get_settings().max_body_bytes


def _not_json(event: Mapping[str, Any]) -> bool:
    """Every body an endpoint reads is JSON. Powertools would also parse forms (and answer a malformed multipart
    header or another media type with an exception, a 500 here), so any other declared type is refused."""
    if not event.get("body"):
        return False
    headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
    content_type = headers.get("content-type", "").strip().lower()
    return bool(content_type) and not content_type.startswith("application/json")


# A string, or what is left of the body after an unterminated one: each quote starts at most one match and
# nothing is tried twice, so the scan is linear however the quotes and backslashes are arranged.
_JSON_STRING = re.compile(rb'"(?:[^"\\]++|\\.?)*+(?:"|\Z)', re.DOTALL)
_NOT_A_BRACKET = bytes(set(range(256)) - set(b"[]{}"))


def _too_deep(event: Mapping[str, Any]) -> bool:
    """Whether the body nests arrays and objects more than ``MAX_JSON_DEPTH`` deep, counted on the raw text
    (brackets outside strings) before any parser recurses into it. A body that is not JSON at all is left
    to the parser, which answers it 400."""
    body = event.get("body")
    if not body:
        return False
    try:
        raw = base64.b64decode(body, validate=True) if event.get("isBase64Encoded") else str(body).encode()
    except binascii.Error:
        return False
    depth = 0
    for bracket in _JSON_STRING.sub(b"", raw).translate(None, _NOT_A_BRACKET):
        depth += 1 if bracket in b"[{" else -1
        if depth > MAX_JSON_DEPTH:
            return True
    return False


def _raw_problem(status: int, detail: str, *, title: str | None = None) -> dict[str, Any]:
    return {
        "statusCode": status,
        "headers": {"Content-Type": PROBLEM_JSON},
        "body": json.dumps(problem_body(status, detail, title=title)),
        "isBase64Encoded": False,
    }


def lambda_handler(router: Router, *, idempotent: bool = False) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    """Build the Lambda entry point of one endpoint function from its router. ``idempotent``: a route that
    creates something, which takes an ``Idempotency-Key`` and answers a retry with its first answer."""
    app = create_app()
    app.include_router(router)
    resolve: Callable[[dict[str, Any], Any], dict[str, Any]] = app.resolve
    if idempotent:
        from shared.idempotency import replaying  # only the creating functions import it

        resolve = replaying(app.resolve)

    @logger.inject_lambda_context(clear_state=True)
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        # the request's correlation id (shared/correlation.py): in every log line, the transaction, the
        # events it writes, the calls it makes, and back in the answer's X-Request-Id
        request_id = correlation.of_http_event(event)
        logger.set_correlation_id(request_id)
        try:
            with correlation.using(request_id):
                response = _respond(resolve, event, context)
            if request_id:
                response["headers"][correlation.HEADER] = request_id
            return response
        finally:
            if not get_settings().metrics_disabled:
                metrics.flush_metrics()

    handler.app = app  # type: ignore[attr-defined]  # the OpenAPI generator and tests read it
    handler.idempotent = idempotent  # type: ignore[attr-defined]  # the OpenAPI generator reads it
    return handler


def _count(name: str) -> None:
    # Powertools keeps metrics it may not publish (POWERTOOLS_METRICS_DISABLED, as in make dev and the
    # tests) in memory for ever: add them only when they are published.
    if not get_settings().metrics_disabled:
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=1)


def _respond(resolve: Callable[[dict[str, Any], Any], dict[str, Any]], event: dict[str, Any],
             context: Any) -> dict[str, Any]:
    if _too_large(event):
        response = _raw_problem(413, f"The request body is larger than {get_settings().max_body_bytes} bytes.")
    elif _not_json(event):
        response = _raw_problem(415, "The request body must be JSON (Content-Type: application/json).")
    elif _too_deep(event):
        response = _raw_problem(400, f"The request body has arrays or objects nested more than {MAX_JSON_DEPTH} "
                                     "levels deep.", title="Malformed request")
    else:
        response = resolve(event, context)
    headers = response.setdefault("headers", {})
    headers.setdefault("Cache-Control", "no-store")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    _count(f"Http{int(response.get('statusCode', 200)) // 100}xx")
    return response
