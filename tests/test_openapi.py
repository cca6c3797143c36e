"""The OpenAPI document is generated from the code, committed, and served with its docs page by the
local gateway."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from infra.local.gateway import Gateway, local_parameters, problem
from infra.local.template import Template
from infra.openapi import OUTPUT, ROUTE_BODIES, build_document, render
from shared.api import Problem, problem_body
from shared.errors import FieldError

ERRORS = {"400", "404", "413", "422", "500", "503"}
SERVICE_ONLY = {"PUT /users/internal/profiles/{user_id}", "GET /events/backlog"}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return build_document()


@pytest.fixture(scope="module")
def routes() -> dict[str, Any]:
    return {route.route_key: route for route in Template.load().routes()}


def operation(document: dict[str, Any], route_key: str) -> dict[str, Any]:
    method, path = route_key.split(" ", 1)
    return document["paths"][path][method.lower()]


def test_the_committed_document_is_what_the_code_generates(document):
    committed = OUTPUT.read_text() if OUTPUT.exists() else ""
    if committed != render(document):
        pytest.fail("docs/api/openapi.json differs from what the code generates: run `make openapi` "
                    "and commit the result.", pytrace=False)


def test_generation_is_stable(document):
    assert render(build_document()) == render(document)


def test_it_documents_exactly_the_routes_of_the_template(document, routes):
    documented = {f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item}
    assert documented == set(routes)
    assert document["openapi"].startswith("3.1")
    assert document["info"]["title"] == "Proker Tracker API"
    assert document["servers"][0]["url"] == "http://127.0.0.1:3000"


def test_routes_that_are_not_public_require_a_bearer_jwt(document, routes):
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert scheme == {**scheme, "type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    service = document["components"]["securitySchemes"]["serviceToken"]
    assert service == {**service, "type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    assert "security" not in document
    for key, route in routes.items():
        op = operation(document, key)
        if key in SERVICE_ONLY:  # public at the gateway; the function admits only service tokens
            assert op["security"] == [{"serviceToken": []}], key
            assert {"401", "403"} <= set(op["responses"]), key
        elif route.public:
            assert "security" not in op, key
            assert "401" not in op["responses"] or key in ("POST /auth/login", "POST /auth/refresh"), key
        else:
            assert op["security"] == [{"bearerAuth": []}], key
            assert "401" in op["responses"], key


def test_every_error_is_problem_json_and_powertools_422_is_gone(document, routes):
    assert "HTTPValidationError" not in json.dumps(document)
    assert "ValidationError" not in document["components"]["schemas"]
    for key in routes:
        responses = operation(document, key)["responses"]
        assert set(responses) >= ERRORS, key
        for status, response in responses.items():
            if int(status) >= 400 and int(status) not in ROUTE_BODIES.get(key, {}):
                assert response["content"] == {"application/problem+json": {
                    "schema": {"$ref": "#/components/schemas/Problem"}}}, (key, status)


def test_a_route_that_answers_an_error_with_its_own_body_says_so(document):
    """GET /health's 503 is the same SystemHealth body as its 200, naming the part that is down."""
    responses = operation(document, "GET /health")["responses"]
    assert responses["503"]["content"] == responses["200"]["content"] == {"application/json": {
        "schema": {"$ref": "#/components/schemas/SystemHealth"}}}


def test_route_specific_answers(document):
    login = operation(document, "POST /auth/login")["responses"]
    assert login["429"]["headers"]["Retry-After"]["required"] is True
    assert {"401", "415"} <= set(login)
    assert "409" in operation(document, "POST /auth/register")["responses"]
    assert "429" not in operation(document, "GET /auth/me")["responses"]
    assert "415" not in operation(document, "GET /auth/me")["responses"]


def test_success_statuses_are_the_ones_the_functions_send(document):
    register = operation(document, "POST /auth/register")["responses"]
    assert register["201"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Tokens"}
    for key in ("POST /auth/logout", "PUT /auth/password", "DELETE /auth/sessions/{session_id}"):
        responses = operation(document, key)["responses"]
        assert "200" not in responses and "content" not in responses["204"], key
    assert "password_hash" not in json.dumps(document)


@pytest.mark.parametrize("body", [
    problem_body(404, "No such thing."),
    problem_body(422, "Bad.", title="Invalid input", errors=[FieldError("body.email", "is not valid", "value_error")]),
    json.loads(problem(401, "A valid access token is required.")[2]),  # the gateway's own
])
def test_the_problem_schema_is_exactly_what_we_send(document, body):
    assert Problem.model_validate(body, strict=True).model_dump(exclude_unset=True) == body
    schema = document["components"]["schemas"]["Problem"]
    assert set(schema["required"]) == {"type", "title", "status", "detail"}
    assert set(schema["properties"]) == {"type", "title", "status", "detail", "errors"}
    assert schema["additionalProperties"] is False


def test_the_problem_schema_refuses_what_we_never_send():
    with pytest.raises(ValueError):
        Problem.model_validate({**problem_body(404, "x"), "statusCode": 404})
    with pytest.raises(ValueError):
        Problem.model_validate({**problem_body(422, "x"), "errors": []})


# ---- served by the local gateway ----

@pytest.fixture(scope="module")
def gateway() -> Gateway:
    return Gateway(Template.load(parameters=local_parameters()))


def test_the_gateway_serves_the_docs_page(gateway):
    status, headers, body = gateway.handle("GET", "/docs", {"host": "127.0.0.1:3000"}, b"", "127.0.0.1")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    page = body.decode()
    assert "/docs/assets/swagger-ui-bundle.js" in page and 'url: "openapi.json"' in page
    # served by the project itself: the page works without internet
    assert not re.search(r'(src|href)="(https?:)?//', page)
    status, headers, script = gateway.handle("GET", "/docs/assets/swagger-ui-bundle.js", {}, b"", "127.0.0.1")
    assert status == 200 and len(script) > 100_000


def test_the_gateway_serves_the_document_naming_itself_as_server(gateway, document):
    status, headers, body = gateway.handle("GET", "/openapi.json", {"host": "127.0.0.1:4321"}, b"", "127.0.0.1")
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    served = json.loads(body)
    assert served["servers"] == [{"url": "http://127.0.0.1:4321", "description": "This gateway"}]
    assert {**served, "servers": document["servers"]} == document


@pytest.mark.parametrize(("method", "target", "expected"), [
    ("POST", "/docs", 405), ("DELETE", "/openapi.json", 405), ("GET", "/docs/", 404),
    ("GET", "/api/openapi.json", 404)])
def test_the_docs_are_no_api_routes(gateway, method, target, expected):
    status, headers, _ = gateway.handle(method, target, {}, b"", "127.0.0.1")
    assert status == expected
    if expected == 405:  # the pages are read-only: the answer names what they take
        assert headers["Allow"] == "GET, HEAD"
    assert headers["Content-Type"] == "application/problem+json"
