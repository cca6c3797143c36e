"""Call endpoint functions in-process with API Gateway HTTP API (payload 2.0) events.

Events are built by the local gateway's own event builder from the route in template.yaml;
the authorizer step is left out (the function verifies the token itself, which is what
integration tests exercise). End-to-end tests go through the real gateway over HTTP instead.

``InProcessTransport`` carries the calls of ``shared.service_client`` (one service calling another)
to the same in-process functions, so integration tests exercise them without a network.
"""

from __future__ import annotations

import json as jsonlib
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
    def __init__(self) -> None:
        self.gateway = Gateway(Template.load(parameters=local_parameters()))

    def request(self, method: str, path: str, *, json: Any = None, body: bytes | str | None = None,
                token: str | None = None, headers: dict[str, str] | None = None,
                source_ip: str = "198.51.100.7") -> ApiResponse:
        matched = self.gateway.match(method, path.split("?")[0])
        assert matched, f"no route {method} {path} in template.yaml"
        route, path_parameters = matched
        sent = {"user-agent": "pytest", **{k.lower(): v for k, v in (headers or {}).items()}}
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
        query = path.split("?", 1)[1] if "?" in path else ""
        event = self.gateway.event(route, method, path.split("?")[0], query, sent, raw, source_ip,
                                   path_parameters, claims)
        status, response_headers, payload = self.gateway.invoke(route, event)
        return ApiResponse(status, response_headers, payload)

    def get(self, path: str, **kwargs: Any) -> ApiResponse:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> ApiResponse:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> ApiResponse:
        return self.request("PUT", path, **kwargs)

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
