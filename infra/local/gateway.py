"""The local API gateway: serves every ``HttpApi`` route of ``template.yaml`` over real HTTP.

Each request becomes an API Gateway HTTP API payload 2.0 event, the route's function handler
is invoked in-process, and its result becomes the HTTP response. Like API Gateway it enforces
the template's JWT authorizer (issuer, audience, signature against the issuer's JWKS found
by OpenID discovery, lifetime; claims in ``requestContext.authorizer.jwt.claims``) and
answers CORS from the template's ``CorsConfiguration``. One lock per function: like a Lambda
execution environment, a function handles one request at a time.

Besides the API, the gateway serves its docs (``ApiDocs``): ``GET /docs`` (docs/api/index.html) and
``GET /openapi.json`` (the OpenAPI document generated from the code); and report files behind signed,
expiring links, ``GET /_files/<key>?expires=&signature=`` (S3's presigned URLs on AWS). They are not
API routes.

    python -m infra.local.gateway --port 3000     # needs DATABASE_URL; see infra.local.dev
"""

from __future__ import annotations

import argparse
import base64
import importlib
import json
import logging
import os
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import jwt

from infra.local.files import LocalFiles
from infra.local.template import Route, Template

log = logging.getLogger("gateway")
MAX_PAYLOAD_BYTES = 10 * 1024 * 1024  # API Gateway's own limit


@dataclass
class LambdaContext:
    """What a handler reads from the Lambda context object."""

    function_name: str
    memory_limit_in_mb: int = 256
    function_version: str = "$LATEST"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    log_group_name: str = "local"
    log_stream_name: str = "local"

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:local:000000000000:function:{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


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
    def __init__(self, template: Template) -> None:
        self.template = template
        self.routes = template.routes()
        self.docs = ApiDocs(template)
        self.files = LocalFiles()  # GET /_files/<key>: report files behind signed links (infra/local/files.py)
        self.cors = template.cors()
        authorizer = template.authorizer()
        self.verifier = JwtVerifier(authorizer.issuer, authorizer.audience)
        self._handlers: dict[str, Callable[..., Any]] = {}
        self._locks = {route.function_id: threading.Lock() for route in self.routes}
        self._import_lock = threading.Lock()

    def handler_for(self, route: Route) -> Callable[..., Any]:
        with self._import_lock:
            if route.function_id not in self._handlers:
                module_name, _, attribute = route.handler.rpartition(".")
                self._handlers[route.function_id] = getattr(importlib.import_module(module_name), attribute)
            return self._handlers[route.function_id]

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        """The most specific route wins, as in API Gateway: /orgs/health before /orgs/{org_id}."""
        for route in sorted(self.routes, key=_specificity):
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
            return (self.docs.answer(method, path, headers) or self.files.answer(method, path, target.query)
                    or problem(404, f"No route {method} {path}."))
        route, path_parameters = matched
        claims = None
        if not route.public:
            try:
                claims = self.verifier.verify(headers.get("authorization"))
            except Unauthorized as error:
                log.info("authorizer refused %s %s: %s", method, path, error)
                status, response_headers, payload = problem(401, "A valid access token is required.")
                response_headers["WWW-Authenticate"] = "Bearer"
                return status, response_headers, payload
        event = self.event(route, method, target.path, target.query, headers, body, source_ip,
                           path_parameters, claims)
        return self.invoke(route, event)

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
        try:
            handler = self.handler_for(route)
            with self._locks[route.function_id]:
                result = handler(event, LambdaContext(function_name=route.function_id))
        except Exception:
            log.error("function %s crashed:\n%s", route.function_id, traceback.format_exc())
            return problem(500, "Internal Server Error")
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


def make_request_handler(gateway: Gateway) -> type[BaseHTTPRequestHandler]:
    class RequestHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "ProkerLocalGateway"

        def _serve(self) -> None:
            started = time.perf_counter()
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_PAYLOAD_BYTES:
                status, headers, payload = problem(413, "The request is larger than the gateway accepts.")
                self.close_connection = True
            else:
                body = self.rfile.read(length) if length else b""
                lowered: dict[str, str] = {}
                for name, value in self.headers.items():
                    key = name.lower()
                    lowered[key] = f"{lowered[key]},{value}" if key in lowered else value
                status, headers, payload = gateway.handle(self.command, self.path, lowered, body,
                                                          self.client_address[0])
            self.send_response(status)
            for name, value in headers.items():
                if name.lower() not in ("content-length", "connection"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
            log.info("%s %s -> %s (%.1f ms)", self.command, self.path, status, (time.perf_counter() - started) * 1000)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass  # _serve logs one line per request

    return RequestHandler


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, port: int, gateway: Gateway) -> None:
        self.gateway = gateway
        super().__init__((host, port), make_request_handler(gateway))


def create_server(host: str, port: int, template: Template | None = None) -> LocalServer:
    return LocalServer(host, port, Gateway(template or Template.load(parameters=local_parameters())))


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
    server = create_server(args.host, args.port)
    log.info("serving %d routes on http://%s:%d", len(server.gateway.routes), args.host, args.port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
