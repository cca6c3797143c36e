"""The local gateway's own behaviour, on a small template of test routes."""

from __future__ import annotations

import io
import json
import logging

import pytest

from infra.local.gateway import Gateway
from infra.local.template import Template
from tests.support import sample_handlers

TEMPLATE = {
    "Parameters": {"Origins": {"Type": "CommaDelimitedList", "Default": "https://app.example"}},
    "Resources": {
        "Api": {"Type": "AWS::Serverless::HttpApi", "Properties": {
            "CorsConfiguration": {"AllowOrigins": {"Ref": "Origins"}, "AllowMethods": ["GET"],
                                  "AllowHeaders": ["Authorization"], "MaxAge": 60},
            "Auth": {"DefaultAuthorizer": "Jwt", "Authorizers": {"Jwt": {"JwtConfiguration": {
                "issuer": "http://127.0.0.1:1", "audience": ["authenticated"]}}}}}},
        **{name: {"Type": "AWS::Serverless::Function", "Properties": {
            "Handler": f"tests.support.sample_handlers.{handler}",
            "Events": {"Api": {"Type": "HttpApi", "Properties": {
                "Method": "GET", "Path": path, "Auth": {"Authorizer": "NONE"}}}}}}
           for name, handler, path in [("Crash", "crash", "/sample/crash"), ("Boom", "factory_boom", "/sample/boom"),
                                       ("Refused", "factory_boom", "/sample/refused"),
                                       ("Clash", "factory_boom", "/sample/clash"),
                                       ("Echo", "echo", "/sample/items/{item_id}")]},
    },
}


@pytest.fixture
def gateway() -> Gateway:
    return Gateway(Template(TEMPLATE))


def test_a_crashing_function_is_a_generic_500_with_the_trace_in_the_log(gateway, caplog):
    with caplog.at_level(logging.ERROR, logger="gateway"):
        status, headers, body = gateway.handle("GET", "/sample/crash", {}, b"", "127.0.0.1")
    assert status == 500
    assert headers["Content-Type"] == "application/problem+json"
    assert b"fell over" not in body and b"Traceback" not in body
    assert "Traceback" in caplog.text and "the whole function fell over" in caplog.text


@pytest.mark.parametrize("path", ["/sample/refused", "/sample/clash"])
def test_a_change_the_database_refuses_after_the_service_allowed_it_is_a_409(gateway, path):
    # a concurrent change won between the service's checks and the write: retry, not a server fault
    status, headers, body = gateway.handle("GET", path, {}, b"", "127.0.0.1")
    assert status == 409 and headers["Content-Type"] == "application/problem+json"
    problem = json.loads(body)
    assert "changed meanwhile" in problem["detail"]
    assert b"row-level security" not in body and b"secret_fk" not in body


def test_an_unhandled_error_inside_the_factory_is_a_generic_500(gateway):
    status, headers, body = gateway.handle("GET", "/sample/boom", {}, b"", "127.0.0.1")
    assert status == 500
    problem = json.loads(body)
    assert problem["status"] == 500 and "hunter2" not in body.decode()
    assert headers["Content-Type"] == "application/problem+json"


def test_the_event_is_api_gateway_payload_2(gateway):
    sample_handlers.received.clear()
    gateway.handle("GET", "/sample/items/42?tag=a&tag=b", {"user-agent": "t", "cookie": "a=1; b=2"}, b"",
                   "192.0.2.1")
    event = sample_handlers.received[-1]
    assert event["version"] == "2.0"
    assert event["routeKey"] == "GET /sample/items/{item_id}"
    assert event["pathParameters"] == {"item_id": "42"}
    assert event["queryStringParameters"] == {"tag": "a,b"}
    assert event["cookies"] == ["a=1", "b=2"]
    assert event["requestContext"]["http"]["sourceIp"] == "192.0.2.1"


def test_cors_allows_only_the_configured_origins(gateway):
    asked = {"origin": "https://app.example", "access-control-request-method": "GET",
             "access-control-request-headers": "authorization"}
    status, headers, _ = gateway.handle("OPTIONS", "/sample/items/1", asked, b"", "127.0.0.1")
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert headers["Access-Control-Max-Age"] == "60"
    status, headers, _ = gateway.handle("OPTIONS", "/sample/items/1", {**asked, "origin": "https://evil.example"},
                                        b"", "127.0.0.1")
    assert "Access-Control-Allow-Origin" not in headers
    _, headers, _ = gateway.handle("GET", "/sample/items/1", {"origin": "https://evil.example"}, b"", "127.0.0.1")
    assert "Access-Control-Allow-Origin" not in headers


def test_unknown_route_and_wrong_method_are_404_problems(gateway):
    for method, path in [("GET", "/nowhere"), ("DELETE", "/sample/items/1")]:
        status, _headers, body = gateway.handle(method, path, {}, b"", "127.0.0.1")
        assert status == 404
        assert json.loads(body)["detail"] == f"No route {method} {path}."


def test_the_function_logs_json_with_the_requests_correlation_id(gateway):
    from shared.api import logger

    route, params = gateway.match("GET", "/sample/boom")
    event = gateway.event(route, "GET", "/sample/boom", "", {}, b"", "127.0.0.1", params, None)
    output = io.StringIO()
    previous = logger.registered_handler.setStream(output)
    try:
        gateway.invoke(route, event)
    finally:
        logger.registered_handler.setStream(previous)
    lines = [json.loads(line) for line in output.getvalue().splitlines() if line.startswith("{")]
    logged = next(line for line in lines if line.get("message") == "unhandled error")
    assert logged["correlation_id"] == event["requestContext"]["requestId"]
    assert logged["level"] == "ERROR"
    assert "hunter2" in logged["exception"]  # the trace goes to the log, never to the client


def test_metrics_are_published_as_emf_when_enabled_and_kept_nowhere_when_disabled(gateway, monkeypatch, capsys):
    from shared.api import metrics
    from shared.config import reset_settings

    route, params = gateway.match("GET", "/sample/boom")
    event = gateway.event(route, "GET", "/sample/boom", "", {}, b"", "127.0.0.1", params, None)
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "false")
    monkeypatch.setenv("POWERTOOLS_METRICS_NAMESPACE", "ProkerTracker")
    reset_settings()
    try:
        gateway.invoke(route, event)
        documents = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
        assert documents and documents[-1]["Http5xx"] == [1.0] and documents[-1]["UnhandledErrors"] == [1.0]
    finally:
        monkeypatch.undo()
        reset_settings()
    gateway.invoke(route, event)
    assert metrics.metric_set == {}
