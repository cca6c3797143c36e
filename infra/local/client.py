"""Call the API's functions in-process, with API Gateway HTTP API (payload 2.0) events built by the
local gateway from the routes of template.yaml. No network and no authorizer step (each function
verifies the token itself). Used by the demo-data command, ``make job`` and the integration tests.

``InProcessTransport`` carries the calls of ``shared.service_client`` (one service calling another, e.g.
the auth service creating a new account's profile) to the same in-process functions;
``services_in_process`` installs it for a block. A tool that runs the functions in its own process
uses it, since the gateway at ``API_BASE_URL``/``JWT_ISSUER`` may be another stack, or none.
``use_local_port`` names ``make dev``'s gateway (``PORT``, 3000) as this stack's issuer and base URL,
as ``make dev`` does, for the links such a tool prints.
"""

from __future__ import annotations

import json as jsonlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import jwt

from infra.local.gateway import Gateway, local_parameters
from infra.local.template import Template


@dataclass
class ApiResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return jsonlib.loads(self.body) if self.body else None

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)


class InProcessApi:
    user_agent = "proker-local"

    def __init__(self, gateway: Gateway | None = None) -> None:
        self.gateway = gateway or Gateway(Template.load(parameters=local_parameters()))

    def request(self, method: str, path: str, *, json: Any = None, body: bytes | str | None = None,
                token: str | None = None, headers: dict[str, str] | None = None,
                source_ip: str = "198.51.100.7") -> ApiResponse:
        route_path, _, query = path.partition("?")
        matched = self.gateway.match(method, route_path)
        if matched is None:
            raise LookupError(f"no route {method} {route_path} in template.yaml")
        route, path_parameters = matched
        sent = {"user-agent": self.user_agent, **{k.lower(): v for k, v in (headers or {}).items()}}
        if json is not None:
            body = jsonlib.dumps(json)
            sent.setdefault("content-type", "application/json")
        raw = body.encode() if isinstance(body, str) else (body or b"")
        claims = None
        if token is not None:
            sent["authorization"] = f"Bearer {token}"
            try:
                claims = jwt.decode(token, options={"verify_signature": False})
            except jwt.PyJWTError:
                claims = {}
        event = self.gateway.event(route, method, route_path, query, sent, raw, source_ip, path_parameters, claims)
        status, response_headers, payload = self.gateway.invoke(route, event)
        return ApiResponse(status, response_headers, payload)

    def get(self, path: str, **kwargs: Any) -> ApiResponse:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> ApiResponse:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> ApiResponse:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> ApiResponse:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> ApiResponse:
        return self.request("DELETE", path, **kwargs)


class InProcessTransport(httpx.BaseTransport):
    """An httpx transport that answers every request by calling the route's function in-process."""

    def __init__(self, api: InProcessApi) -> None:
        self.api = api
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        target = request.url.raw_path.decode()
        if self.api.gateway.match(request.method, target.split("?")[0]) is None:
            return httpx.Response(404, json={"status": 404, "detail": "no route"})
        headers = {key.decode(): value.decode() for key, value in request.headers.raw}
        answer = self.api.request(request.method, target, body=request.read(), headers=headers)
        return httpx.Response(answer.status, headers=answer.headers, content=answer.body)


@contextmanager
def services_in_process(api: InProcessApi | None = None) -> Iterator[InProcessApi]:
    """Within the block, calls between services reach ``api``'s functions (a new ``InProcessApi`` by
    default) in this process; afterwards the network again."""
    from shared import service_client

    api = api or InProcessApi()
    service_client.set_transport(InProcessTransport(api))
    try:
        yield api
    finally:
        service_client.set_transport(None)


def use_local_port() -> str:
    """``JWT_ISSUER`` (also the base URL of service calls and report file links) as ``make dev`` sets it:
    ``http://127.0.0.1:$PORT`` (3000) unless set. Call it before anything reads the settings."""
    return os.environ.setdefault("JWT_ISSUER", f"http://127.0.0.1:{int(os.environ.get('PORT', '3000'))}")
