"""The local API gateway: serves every ``HttpApi`` route of ``template.yaml`` over real HTTP.

Each request becomes an API Gateway HTTP API payload 2.0 event, the route's function handler is invoked,
and its result becomes the HTTP response. Like API Gateway it enforces the template's JWT authorizer
(issuer, audience, signature against the issuer's JWKS found by OpenID discovery, lifetime; claims in
``requestContext.authorizer.jwt.claims``) and answers CORS from the template's ``CorsConfiguration``.

Served (``create_server``, ``python -m infra.local.gateway``), each function runs as Lambda runs it: in
execution environments of its own, worker processes started on its first request, one request at a time
each, scaled out under concurrent requests and capped in number (infra/local/workers.py). The HTTP server
is waitress (infra/local/server.py). A ``Gateway`` built without a pool calls handlers in this process
(``infra.local.client.InProcessApi``, the integration tests), one request at a time per function.

Besides the API, the gateway serves its docs (``ApiDocs``): ``GET /docs`` (docs/api/index.html, its Swagger
UI files under ``/docs/assets/``: infra/local/docs_assets.py) and ``GET /openapi.json`` (the OpenAPI
document generated from the code); report files behind signed, expiring links,
``GET /_files/<key>?expires=&signature=`` (S3's presigned URLs on AWS); and its own figures per function,
``GET /_gateway/stats`` (cold starts, invocations, errors, durations, the API's answers, live instances);
with make dev, its monitoring page ``GET /_monitor`` (infra/local/monitor.py). They are not API routes.

    python -m infra.local.gateway --port 3000     # needs DATABASE_URL; see infra.local.dev
"""

from __future__ import annotations

import argparse
import base64
import json
import logging
import os
import signal
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

import jwt

from infra.local import docs_assets
from infra.local.files import LocalFiles
from infra.local.monitor import JSON_PATH as MONITOR_JSON
from infra.local.monitor import PAGE_PATH as MONITOR_PAGE
from infra.local.stats import GatewayFigures, Outcome
from infra.local.template import Route, Template
from infra.local.workers import (
    EnvironmentDied,
    FunctionFailed,
    FunctionTimedOut,
    LambdaContext,
    Throttled,
    WorkerPool,
    load_handler,
)
from shared.files import LOCAL_PREFIX

if TYPE_CHECKING:
    from infra.local.monitor import Monitor
    from infra.local.server import LocalServer

__all__ = ["MAX_PAYLOAD_BYTES", "Gateway", "LambdaContext", "create_server", "local_parameters", "problem"]

log = logging.getLogger("gateway")
MAX_PAYLOAD_BYTES = 10 * 1024 * 1024  # API Gateway's own limit


# Methods API Gateway's HTTP API routes: another one (TRACE, PROPFIND, ...) can never reach a function.
ROUTABLE_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
STATS_PATH = "/_gateway/stats"
DEFAULT_TIMEOUT_SECONDS = 3  # Lambda's, for a function whose template says none


def problem(status: int, detail: str) -> tuple[int, dict[str, str], bytes]:
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail}
    return status, {"Content-Type": "application/problem+json"}, json.dumps(body).encode()


class Unauthorized(Exception):
    pass


class JwtVerifier:
    """API Gateway's JWT authorizer: keys from the issuer's OpenID discovery document."""

    def __init__(self, issuer: str, audience: tuple[str, ...]) -> None:
        self.issuer = issuer
        self.audience = audience
        self._client: jwt.PyJWKClient | None = None
        self._lock = threading.Lock()

    def _jwks_client(self) -> jwt.PyJWKClient:
        with self._lock:
            if self._client is None:
                import urllib.request

                discovery = f"{self.issuer}/.well-known/openid-configuration"
                with urllib.request.urlopen(discovery, timeout=5) as response:  # noqa: S310 (issuer URL)
                    jwks_uri = json.load(response)["jwks_uri"]
                self._client = jwt.PyJWKClient(jwks_uri, cache_keys=True, lifespan=300, timeout=5)
            return self._client

    def verify(self, authorization: str | None) -> dict[str, Any]:
        if not authorization:
            raise Unauthorized("missing Authorization header")
        token = authorization.removeprefix("Bearer ").removeprefix("bearer ").strip()
        try:
            key = self._jwks_client().get_signing_key_from_jwt(token)
            return jwt.decode(token, key.key, algorithms=["RS256", "RS384", "RS512"], audience=list(self.audience),
                              issuer=self.issuer, options={"require": ["exp", "iss"]})
        except (jwt.PyJWTError, OSError, KeyError, ValueError) as error:
            raise Unauthorized(str(error)) from error


def _claims_as_api_gateway(claims: dict[str, Any]) -> dict[str, str]:
    """API Gateway hands claims to the function as strings (arrays as "[a b]")."""
    result = {}
    for name, value in claims.items():
        if isinstance(value, list):
            result[name] = "[" + " ".join(str(v) for v in value) + "]"
        elif isinstance(value, bool):
            result[name] = str(value).lower()
        else:
            result[name] = str(value)
    return result


# ---- the API docs: pages of this gateway, not API routes (those come only from template.yaml) ----
DOCS_PAGE = Path(__file__).resolve().parents[2] / "docs" / "api" / "index.html"


class ApiDocs:
    """``GET /docs``: the docs page. ``GET /openapi.json``: the OpenAPI document, generated from the code
    at the first request, naming this gateway as its server so that the page's "Try it out" calls it."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self._document: dict[str, Any] | None = None
        self._lock = threading.Lock()

    def document(self) -> dict[str, Any]:
        with self._lock:
            if self._document is None:
                from infra.openapi import build_document

                self._document = build_document(self.template)
            return self._document

    def answer(self, method: str, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes] | None:
        if method not in ("GET", "HEAD"):
            return None
        if path == "/docs":
            page = DOCS_PAGE.read_bytes()
            return 200, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache"}, page
        if path == "/openapi.json":
            try:
                document = self.document()
            except Exception:  # a broken handler module: say so here, the API routes may still work
                log.exception("the OpenAPI document could not be generated")
                return problem(500, "The OpenAPI document could not be generated; see the gateway's log.")
            if headers.get("host"):
                here = {"url": f"http://{headers['host']}", "description": "This gateway"}
                document = {**document, "servers": [here]}
            return 200, {"Content-Type": "application/json", "Cache-Control": "no-cache"}, json.dumps(document).encode()
        return None


def _specificity(route: Route) -> tuple[int, ...]:
    """Sort key: segment by segment, a literal before a {parameter} before a {greedy+}."""
    return tuple(2 if part.endswith("+}") else 1 if part.startswith("{") else 0
                 for part in route.path.strip("/").split("/"))


class Gateway:
    """API Gateway's part: routing, authorizer, CORS, events. ``pool`` runs the functions in execution
    environments of their own (worker processes); without one they run in this process."""

    def __init__(self, template: Template, pool: WorkerPool | None = None) -> None:
        self.template = template
        self.routes = template.routes()
        self._ordered = sorted(self.routes, key=_specificity)
        self.docs = ApiDocs(template)
        self.files = LocalFiles()  # GET /_files/<key>: report files behind signed links (infra/local/files.py)
        self.cors = template.cors()
        authorizer = template.authorizer()
        self.verifier = JwtVerifier(authorizer.issuer, authorizer.audience)
        self.pool = pool
        self.figures = pool.figures if pool is not None else GatewayFigures()
        self._timeouts = {route.function_id: _timeout_of(template, route.function_id) for route in self.routes}
        self._handlers: dict[str, Callable[..., Any]] = {}
        self._locks = {route.function_id: threading.Lock() for route in self.routes}
        self._import_lock = threading.Lock()
        self.monitor: Monitor | None = None  # make dev's monitoring page and alerts (infra/local/monitor.py)

    def handler_for(self, route: Route) -> Callable[..., Any]:
        """The handler, imported into this process (the in-process mode only)."""
        with self._import_lock:
            if route.function_id not in self._handlers:
                self._handlers[route.function_id] = load_handler(route.handler)
            return self._handlers[route.function_id]

    def stats(self) -> dict[str, Any]:
        """Figures per function, and the execution environments alive now (``GET /_gateway/stats``)."""
        environments = self.pool.stats() if self.pool is not None else {"in_process": True}
        return {**environments, "functions": self.figures.snapshot()}

    def close(self) -> None:
        """Stop every execution environment (worker process) of this gateway."""
        if self.pool is not None:
            self.pool.close()

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        """The most specific route wins, as in API Gateway: /orgs/health before /orgs/{org_id}."""
        for route in self._ordered:
            found = route.pattern.match(path)
            if found and route.method in (method, "ANY"):
                return route, found.groupdict()
        return None

    # ---- CORS, as API Gateway answers it from CorsConfiguration ----
    def _origin_allowed(self, origin: str | None) -> str | None:
        if not origin:
            return None
        if "*" in self.cors.allow_origins:
            return "*"
        return origin if origin in self.cors.allow_origins else None

    def cors_headers(self, origin: str | None) -> dict[str, str]:
        allowed = self._origin_allowed(origin)
        if not allowed:
            return {}
        headers = {"Access-Control-Allow-Origin": allowed}
        if self.cors.expose_headers:
            headers["Access-Control-Expose-Headers"] = ",".join(self.cors.expose_headers)
        if allowed != "*":
            headers["Vary"] = "Origin"
        return headers

    def preflight(self, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes] | None:
        origin = headers.get("origin")
        requested = headers.get("access-control-request-method")
        if not origin or not requested:
            return None
        allowed = self._origin_allowed(origin)
        asked_headers = [h.strip().lower() for h in headers.get("access-control-request-headers", "").split(",")
                         if h.strip()]
        if (not allowed or requested.upper() not in self.cors.allow_methods
                or any(h not in self.cors.allow_headers and "*" not in self.cors.allow_headers
                       for h in asked_headers)):
            return 204, {}, b""
        response = {
            "Access-Control-Allow-Origin": allowed,
            "Access-Control-Allow-Methods": ",".join(self.cors.allow_methods),
            "Access-Control-Allow-Headers": ",".join(self.cors.allow_headers),
        }
        if self.cors.max_age is not None:
            response["Access-Control-Max-Age"] = str(self.cors.max_age)
        return 204, response, b""

    # ---- one request ----
    def handle(self, method: str, raw_target: str, headers: dict[str, str], body: bytes,
               source_ip: str) -> tuple[int, dict[str, str], bytes]:
        if method == "OPTIONS":
            answered = self.preflight(headers)
            if answered:
                return answered
        status, response_headers, payload = self._route(method, raw_target, headers, body, source_ip)
        return status, {**response_headers, **self.cors_headers(headers.get("origin"))}, payload

    def _route(self, method: str, raw_target: str, headers: dict[str, str], body: bytes,
               source_ip: str) -> tuple[int, dict[str, str], bytes]:
        target = urlsplit(raw_target)
        path = target.path or "/"
        matched = self.match(method, path)
        if matched is None:
            return (self.docs.answer(method, path, headers) or docs_assets.answer(method, path)
                    or self.files.answer(method, path, target.query, headers, body)
                    or self._own_page(method, path)
                    or self._no_route(method, path))
        route, path_parameters = matched
        started = time.perf_counter()
        answer = self._answer(route, path_parameters, method, target.path, target.query, headers, body, source_ip)
        self.figures.answer(route.function_id, answer[0], (time.perf_counter() - started) * 1000)
        return answer

    def _answer(self, route: Route, path_parameters: dict[str, str], method: str, path: str, query: str,
                headers: dict[str, str], body: bytes, source_ip: str) -> tuple[int, dict[str, str], bytes]:
        claims = None
        if not route.public:
            try:
                claims = self.verifier.verify(headers.get("authorization"))
            except Unauthorized as error:
                log.info("authorizer refused %s %s: %s", method, path, error)
                status, response_headers, payload = problem(401, "A valid access token is required.")
                response_headers["WWW-Authenticate"] = "Bearer"
                return status, response_headers, payload
        event = self.event(route, method, path, query, headers, body, source_ip, path_parameters, claims)
        return self.invoke(route, event)

    def _own_page(self, method: str, path: str) -> tuple[int, dict[str, str], bytes] | None:
        if self.monitor is not None and (answered := self.monitor.answer(method, path)):
            return answered
        if path != STATS_PATH or method not in ("GET", "HEAD"):
            return None
        return 200, {"Content-Type": "application/json", "Cache-Control": "no-store"}, json.dumps(self.stats()).encode()

    def _no_route(self, method: str, path: str) -> tuple[int, dict[str, str], bytes]:
        """A path that has routes (or is one of the gateway's pages) answers any other method, one API
        Gateway routes (DELETE, HEAD, a non-CORS OPTIONS) or not (TRACE, PROPFIND), with a 405 naming
        the methods it has (RFC 9110 §15.5.6); a path that has none is a 404."""
        allowed = self.methods_of(path)
        if allowed:
            status, headers, payload = problem(405, f"{method} is not allowed on {path}.")
            return status, {**headers, "Allow": ", ".join(allowed)}, payload
        return problem(404, f"No route {method} {path}.")

    def methods_of(self, path: str) -> list[str]:
        """The methods that reach something at ``path``: its routes' and the gateway's own pages'."""
        methods: set[str] = set()
        for route in self.routes:
            if route.pattern.match(path):
                methods.update(ROUTABLE_METHODS - {"HEAD", "OPTIONS"} if route.method == "ANY" else {route.method})
        own_pages = ("/docs", "/openapi.json", STATS_PATH, *((MONITOR_PAGE, MONITOR_JSON) if self.monitor else ()))
        if path in own_pages or path.startswith((LOCAL_PREFIX, docs_assets.PREFIX)):
            methods.update({"GET", "HEAD"})
        if path == LOCAL_PREFIX:
            methods.add("POST")  # an upload (infra/local/files.py)
        return sorted(methods)

    def event(self, route: Route, method: str, path: str, query: str, headers: dict[str, str], body: bytes,
              source_ip: str, path_parameters: dict[str, str], claims: dict[str, Any] | None) -> dict[str, Any]:
        query_parameters: dict[str, str] = {}
        for name, value in parse_qsl(query, keep_blank_values=True):
            query_parameters[name] = f"{query_parameters[name]},{value}" if name in query_parameters else value
        try:
            text, is_base64 = body.decode("utf-8"), False
        except UnicodeDecodeError:
            text, is_base64 = base64.b64encode(body).decode(), True
        now = datetime.now(UTC)
        request_context: dict[str, Any] = {
            "accountId": "000000000000",
            "apiId": "local",
            "domainName": headers.get("host", "127.0.0.1"),
            "domainPrefix": "local",
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": source_ip,
                     "userAgent": headers.get("user-agent", "")},
            "requestId": str(uuid.uuid4()),
            "routeKey": route.route_key,
            "stage": "$default",
            "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "timeEpoch": int(now.timestamp() * 1000),
        }
        if claims is not None:
            request_context["authorizer"] = {"jwt": {"claims": _claims_as_api_gateway(claims), "scopes": None}}
        event: dict[str, Any] = {
            "version": "2.0",
            "routeKey": route.route_key,
            "rawPath": path,
            "rawQueryString": query,
            "headers": {k: v for k, v in headers.items() if k != "cookie"},
            "requestContext": request_context,
            "isBase64Encoded": is_base64,
        }
        if "cookie" in headers:
            event["cookies"] = [c.strip() for c in headers["cookie"].split(";")]
        if query_parameters:
            event["queryStringParameters"] = query_parameters
        if path_parameters:
            event["pathParameters"] = path_parameters
        if body:
            event["body"] = text
        return event

    def invoke(self, route: Route, event: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
        """Run the function on ``event``, in its execution environment (or in process), and answer as API
        Gateway does: what it returned, or a generic problem whose cause goes to this gateway's log only."""
        try:
            result = self._run(route, event)
        except FunctionFailed as failure:
            log.error("function %s crashed:\n%s", route.function_id, failure.trace)
            return problem(500, "Internal Server Error")
        except EnvironmentDied as death:
            log.error("function %s: its execution environment died before it answered: %s", route.function_id, death)
            return problem(502, "The function's execution environment stopped before it answered.")
        except FunctionTimedOut as late:
            log.error("function %s timed out: %s", route.function_id, late)
            return problem(504, "The function did not answer in time.")
        except Throttled as refused:
            log.warning("function %s throttled: %s", route.function_id, refused)
            status, headers, payload = problem(503, "Too many requests at once; try again shortly.")
            return status, {**headers, "Retry-After": "1"}, payload
        return self._response(route, result)

    def _run(self, route: Route, event: dict[str, Any]) -> Any:
        if self.pool is not None:
            return self.pool.invoke(route.function_id, route.handler, event, self._timeouts[route.function_id])
        return self._run_in_process(route, event)

    def _run_in_process(self, route: Route, event: dict[str, Any]) -> Any:
        """The handler called in this process, one request at a time per function."""
        started = time.perf_counter()
        outcome: Outcome = "error"
        try:
            handler = self.handler_for(route)
            with self._locks[route.function_id]:
                result = handler(event, LambdaContext(function_name=route.function_id))
            outcome = "ok"
            return result
        except Exception as error:
            raise FunctionFailed(traceback.format_exc()) from error
        finally:
            self.figures.invocation(route.function_id, (time.perf_counter() - started) * 1000, outcome)

    def _response(self, route: Route, result: Any) -> tuple[int, dict[str, str], bytes]:
        if not isinstance(result, dict) or "statusCode" not in result:
            log.error("function %s returned a malformed response: %r", route.function_id, result)
            return problem(502, "Bad Gateway")
        body = result.get("body") or ""
        payload = base64.b64decode(body) if result.get("isBase64Encoded") else str(body).encode()
        headers = {str(k): str(v) for k, v in (result.get("headers") or {}).items()}
        for name, values in (result.get("multiValueHeaders") or {}).items():
            headers[name] = ", ".join(values)
        if result.get("cookies"):
            headers["Set-Cookie"] = result["cookies"][0]
        return int(result["statusCode"]), headers, payload


def _timeout_of(template: Template, function_id: str) -> float:
    """The function's Timeout (seconds) from the template, else the template's Globals, else Lambda's 3."""
    own = template.functions().get(function_id, {}).get("Properties", {}).get("Timeout")
    default = template.document.get("Globals", {}).get("Function", {}).get("Timeout", DEFAULT_TIMEOUT_SECONDS)
    return float(own or default)


def create_server(host: str, port: int, template: Template | None = None, *,
                  max_instances: int | None = None) -> LocalServer:
    """The gateway over HTTP on ``host:port`` (0: any free port, see ``server_address``), its functions in
    worker processes that inherit this process's environment as it is now. ``serve_forever()`` serves,
    ``shutdown()`` stops serving (from another thread), ``server_close()`` frees the port and the workers."""
    from infra.local.server import LocalServer

    template = template or Template.load(parameters=local_parameters())
    pool = WorkerPool(max_instances=max_instances)
    gateway = Gateway(template, pool=pool)
    try:
        server = LocalServer(host, port, gateway)
    except BaseException:
        gateway.close()
        raise
    # Calls between services go "through the gateway" (shared.service_client): this one, wherever it listens.
    pool.environment.setdefault("API_BASE_URL", f"http://{host}:{server.server_address[1]}")
    return server


def local_parameters() -> dict[str, str]:
    """Template parameters as ``make dev`` sets them: the issuer is this gateway."""
    from shared.config import get_settings

    return {"JwtIssuer": get_settings().jwt_issuer, "CorsAllowOrigins": os.environ.get("CORS_ALLOW_ORIGINS", "*")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    signal.signal(signal.SIGTERM, _stop)  # a clean stop: the workers go with the gateway
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even if the parent shell ignored it
    server = create_server(args.host, args.port)
    pool = server.gateway.pool
    log.info("serving %d routes on http://%s:%d (at most %d function instances at once)",
             len(server.gateway.routes), args.host, server.server_address[1], pool.max_instances if pool else 0)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _stop(signum: int, frame: object) -> None:
    """SIGTERM stops the gateway as Ctrl-C does; a second one while it stops its workers is ignored."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


if __name__ == "__main__":
    main()
