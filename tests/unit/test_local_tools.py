"""The local tools that run the functions in their own process (`make demo`, `make job`): they name
`make dev`'s gateway on PORT as it does, and keep calls between services in-process."""

from __future__ import annotations

import httpx

from infra.local.client import InProcessApi, InProcessTransport, services_in_process, use_local_port
from shared import service_client


def test_the_issuer_follows_port_as_make_dev_sets_it(monkeypatch):
    monkeypatch.delenv("JWT_ISSUER", raising=False)
    monkeypatch.setenv("PORT", "8080")
    assert use_local_port() == "http://127.0.0.1:8080"
    monkeypatch.setenv("PORT", "9090")
    assert use_local_port() == "http://127.0.0.1:8080"  # an issuer already set stays
    monkeypatch.delenv("JWT_ISSUER")
    monkeypatch.delenv("PORT")
    assert use_local_port() == "http://127.0.0.1:3000"


def test_service_calls_stay_in_process_within_the_block(monkeypatch):
    monkeypatch.setattr(service_client, "_transport", None)
    api = InProcessApi()
    with services_in_process(api) as inside:
        assert inside is api
        transport = service_client._transport
        assert isinstance(transport, InProcessTransport) and transport.api is api
        answer = httpx.Client(transport=transport).get("http://gateway.invalid/no/such/route")
        assert answer.status_code == 404  # answered here, not over the network
    assert service_client._transport is None
