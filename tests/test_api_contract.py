"""The API keeps the contract its OpenAPI document states, for any input schemathesis generates.

The document is the one the code generates (``infra.openapi``: what docs/api/openapi.json holds).
Requests go over HTTP to a real local gateway running in this process, which calls the real
functions against the test database. Checked on every operation, authenticated as a freshly
registered user: no 5xx; status codes, content types, bodies and headers as documented; input the
document calls invalid is refused with a 4xx, and input it calls valid is not refused as invalid;
a method a path does not have is 405; protected routes refuse a request without a valid token.

Two things no schema can say are told apart, each by name: a 422 whose every error is a rule of
``BEYOND_SCHEMA`` (a password that fits the schema yet is weak, a cursor or a mailed token this API
never gave out, an end before a start), or a 412 (an ``If-Match`` that is not the current ETag), is
not "valid input rejected"; and a literal path that a
templated route also matches (``PATCH /orgs/health`` is ``PATCH /orgs/{org_id}`` with the id
"health", 422 as API Gateway routes it) is not an "undeclared method". A generated
``Idempotency-Key`` is made unique per request: a key reused with another body is refused by design
(tests/integration/test_idempotency.py).

The gateway listens on ``E2E_PORT`` when it is free, so that its JWT authorizer finds the keys of
the issuer (JWT_ISSUER is ``http://127.0.0.1:E2E_PORT``) at itself; when the end-to-end suite's
gateway holds that port, this one takes another and the authorizer asks that one (the same keys).
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks
from schemathesis.config import SchemathesisConfig

from infra.local.gateway import create_server, local_parameters
from infra.local.template import Template
from infra.openapi import build_document
from tests.conftest import E2E_PORT
from tests.support.ports import free_port

CONFIG = SchemathesisConfig.from_dict({
    "seed": 20261125,  # the same cases every run
    "generation": {"max-examples": 10},
})
schema = schemathesis.openapi.from_dict(build_document(), config=CONFIG)

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
    checks.negative_data_rejection,
    checks.positive_data_acceptance,
    checks.unsupported_method,
    checks.ignored_auth,
]


@pytest.fixture(scope="module")
def gateway_url(database_url: str) -> Iterator[str]:
    template = Template.load(parameters=local_parameters())
    try:
        server = create_server("127.0.0.1", E2E_PORT, template)
    except OSError:  # the end-to-end suite's gateway holds it
        server = create_server("127.0.0.1", free_port(), template)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def token(register) -> str:
    return register()["access_token"]


BEYOND_SCHEMA = frozenset({
    "weak_password",  # zxcvbn's judgement
    "wrong_password",  # the current password, when changing it
    "invalid_cursor",  # a cursor this list never gave out
    "invalid_token",  # a mailed link's token that does not exist, expired or was used
    "invalid_range",  # an end before its start
    "invalid_time_zone",  # not in the tz database
    "invalid_email",  # allowed by `format: email`, but no mail reaches it (a special-use domain: .test)
    "nul_character",  # text holding \u0000, which PostgreSQL cannot store
})
ROUTES = Template.load(parameters=local_parameters()).routes()


def _shadowed(path: str) -> bool:
    """Whether a templated route of another path also matches this literal path (``/orgs/{org_id}``
    matches ``/orgs/health``), so that a method this path lacks reaches that route instead."""
    return any(route.path != path and "{" in route.path
               and re.fullmatch(re.sub(r"\{[^/]+\}", "[^/]+", route.path), path) for route in ROUTES)


def _refused_beyond_schema(response) -> bool:
    if response.status_code == 412:  # an If-Match that is not the resource's current ETag: its state, not its schema
        return True
    if response.status_code != 422:
        return False
    errors = response.json().get("errors") or []
    return bool(errors) and all(error.get("code") in BEYOND_SCHEMA for error in errors)


@schema.parametrize()
@settings(deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_operation_keeps_its_documented_contract(case, gateway_url, token):
    # One user per operation (the database is emptied after each); logout may end its session
    # midway, after which the operation answers the documented 401.
    if case.headers and "Idempotency-Key" in case.headers:
        case.headers["Idempotency-Key"] = str(uuid.uuid4())
    headers = {"Authorization": f"Bearer {token}"}
    response = case.call(base_url=gateway_url, headers=headers)
    case.validate_response(response, checks=_checks_for(case, response), headers=headers,
                           transport_kwargs={"base_url": gateway_url, "headers": headers})


def _checks_for(case, response) -> list:
    excluded = []
    if _refused_beyond_schema(response):
        excluded.append(checks.positive_data_acceptance)
    if _shadowed(case.operation.path):
        excluded.append(checks.unsupported_method)
    return [check for check in CHECKS if check not in excluded]


# ---- what schemathesis found once, kept as plain cases ----

def test_a_long_password_is_judged_not_a_crash(api, database):
    # zxcvbn raises for more than 72 characters; the schema allows 256.
    response = api.post("/auth/register", json={"email": "a@hima.example", "password": "Kabinet Sinergi " * 10,
                                                "name": "A"})
    assert response.status in (201, 422)


@pytest.mark.parametrize("content_type", ["text/plain", "multipart/form-data", "application/x-www-form-urlencoded"])
def test_a_body_that_is_not_json_is_415(api, database, content_type):
    response = api.post("/auth/login", body='{"email": "a@hima.example", "password": "x"}',
                        headers={"Content-Type": content_type})
    assert response.status == 415
    assert response.header("content-type") == "application/problem+json"
    assert response.json["status"] == 415


def test_a_body_that_is_not_utf8_is_400(api, database):
    response = api.post("/auth/login", body=b'{"email": "\xff"}', headers={"Content-Type": "application/json"})
    assert response.status == 400
    assert response.json["detail"] == "The request body is not valid JSON."
