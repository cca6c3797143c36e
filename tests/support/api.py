"""Call endpoint functions in-process (``infra.local.client``: API Gateway payload 2.0 events built
by the local gateway from template.yaml, no authorizer step: each function verifies the token
itself). End-to-end tests go through the real gateway over HTTP instead.

``InProcessTransport`` (``infra.local.client``) carries the calls of ``shared.service_client`` (one
service calling another) to the same in-process functions, so integration tests exercise them without a
network.
"""

from __future__ import annotations

from infra.local import client
from infra.local.client import ApiResponse, InProcessTransport

__all__ = ["ApiResponse", "InProcessApi", "InProcessTransport"]


class InProcessApi(client.InProcessApi):
    user_agent = "pytest"
