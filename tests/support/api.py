"""Call endpoint functions in-process (``infra.local.client``: API Gateway payload 2.0 events built
by the local gateway from template.yaml, no authorizer step: each function verifies the token
itself). End-to-end tests go through the real gateway over HTTP instead.

``InProcessTransport`` carries the calls of ``shared.service_client`` (one service calling another)
to the same in-process functions, so integration tests exercise them without a network.
"""

from __future__ import annotations

import httpx

from infra.local import client
from infra.local.client import ApiResponse

__all__ = ["ApiResponse", "InProcessApi", "InProcessTransport"]


class InProcessApi(client.InProcessApi):
    user_agent = "pytest"


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
