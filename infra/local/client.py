"""Call the API's functions in-process, with API Gateway HTTP API (payload 2.0) events built by the
local gateway from the routes of template.yaml. No network and no authorizer step (each function
verifies the token itself). Used by the demo-data command and the integration tests."""

from __future__ import annotations

import json as jsonlib
from dataclasses import dataclass
from typing import Any

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
