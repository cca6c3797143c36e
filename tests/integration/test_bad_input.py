"""Bad input gets a clear 4xx problem+json naming the field, and changes nothing."""

from __future__ import annotations

import psycopg
import pytest

from tests.conftest import STRONG_PASSWORD

TABLES = ("users", "sessions", "refresh_tokens", "login_failures")


def snapshot(database_url: str) -> dict[str, int]:
    with psycopg.connect(database_url) as conn:
        return {t: conn.execute(f"select count(*) from auth_service.{t}").fetchone()[0] for t in TABLES}


CASES = [
    # (path, body, status, field named in errors or None)
    ("/auth/register", {"password": STRONG_PASSWORD, "name": "A"}, 422, "body.email"),
    ("/auth/register", {"email": "a@hima.example", "name": "A"}, 422, "body.password"),
    ("/auth/register", {"email": "a@hima.example", "password": STRONG_PASSWORD}, 422, "body.name"),
    ("/auth/register", {"email": "not-an-email", "password": STRONG_PASSWORD, "name": "A"}, 422, "body.email"),
    ("/auth/register", {"email": 42, "password": STRONG_PASSWORD, "name": "A"}, 422, "body.email"),
    ("/auth/register", {"email": "a@hima.example", "password": ["x"], "name": "A"}, 422, "body.password"),
    ("/auth/register", {"email": "a@hima.example", "password": STRONG_PASSWORD, "name": "A" * 201}, 422,
     "body.name"),
    ("/auth/register", {"email": "a@hima.example", "password": STRONG_PASSWORD, "name": "A", "role": "ketua"},
     422, "body.role"),
    ("/auth/register", ["a@hima.example"], 422, "body"),
    ("/auth/login", {"email": "a@hima.example"}, 422, "body.password"),
    ("/auth/login", {"email": "a@hima.example", "password": ""}, 422, "body.password"),
    ("/auth/refresh", {}, 422, "body.refresh_token"),
    ("/auth/refresh", {"refresh_token": 7}, 422, "body.refresh_token"),
]


@pytest.mark.parametrize(("path", "body", "status", "field"), CASES)
def test_invalid_body_is_a_clear_problem_and_writes_nothing(api, database, path, body, status, field):
    before = snapshot(database)
    response = api.post(path, json=body)
    assert response.status == status
    assert response.header("content-type") == "application/problem+json"
    problem = response.json
    assert problem["status"] == status and problem["title"] and problem["detail"]
    assert field in [error["field"] for error in problem["errors"]]
    assert "Traceback" not in response.body.decode()
    assert snapshot(database) == before


@pytest.mark.parametrize("path", ["/auth/register", "/auth/login", "/auth/refresh"])
def test_malformed_json_is_400(api, database, path):
    before = snapshot(database)
    response = api.post(path, body='{"email": "a@hima.example", ', headers={"Content-Type": "application/json"})
    assert response.status == 400
    assert response.json["detail"] == "The request body is not valid JSON."
    assert snapshot(database) == before


def test_empty_body_names_the_body(api, database):
    response = api.post("/auth/register", headers={"Content-Type": "application/json"})
    assert response.status == 422
    assert response.json["errors"][0]["field"] == "body"


def test_oversize_body_is_413_and_writes_nothing(api, database):
    before = snapshot(database)
    huge = {"email": "a@hima.example", "password": STRONG_PASSWORD, "name": "A", "pad": "x" * 70_000}
    response = api.post("/auth/register", json=huge)
    assert response.status == 413
    assert response.header("content-type") == "application/problem+json"
    assert snapshot(database) == before


def test_database_down_is_503_without_a_trace(api, database, monkeypatch):
    from shared import db
    from shared.config import reset_settings

    db.close_pool()
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nowhere")
    monkeypatch.setenv("DB_CONNECT_TIMEOUT", "1")
    reset_settings()
    try:
        response = api.post("/auth/login", json={"email": "a@hima.example", "password": STRONG_PASSWORD})
        assert response.status == 503
        assert response.header("retry-after")
        assert response.header("content-type") == "application/problem+json"
        assert "nowhere" not in response.body.decode() and "psycopg" not in response.body.decode()
    finally:
        db.close_pool()
        monkeypatch.undo()
        reset_settings()


# ---- JSON nested deeper than any request needs: refused before a parser recurses into it

DEEP = "[" * 966 + "]" * 966  # 2 KB: json.loads and pydantic recursed until a RecursionError, a 500
DEEP_IN_AN_OBJECT = '{"name": ' + '{"a": ' * 400 + "1" + "}" * 400 + "}"


@pytest.mark.parametrize(("method", "path", "authenticated"), [
    ("POST", "/auth/register", False),
    ("POST", "/auth/login", False),
    ("PATCH", "/users/me", True),
    ("POST", "/orgs", True),
    ("POST", "/programs", True),
    ("PATCH", "/tasks/00000000-0000-0000-0000-000000000001", True),
])
@pytest.mark.parametrize("body", [DEEP, DEEP_IN_AN_OBJECT], ids=["array", "object"])
def test_deeply_nested_json_is_a_400_on_every_endpoint_with_a_body(api, database, register, method, path,
                                                                     authenticated, body):
    token = register()["access_token"] if authenticated else None
    before = snapshot(database)
    response = api.request(method, path, body=body, token=token, headers={"Content-Type": "application/json"})
    assert response.status == 400
    assert response.header("content-type") == "application/problem+json"
    problem = response.json
    assert problem["title"] == "Malformed request"
    assert "nested" in problem["detail"] and "Recursion" not in response.body.decode()
    assert snapshot(database) == before


def test_nesting_within_the_limit_still_reaches_validation(api, database):
    # 64 levels are accepted as JSON; the model then says what is wrong with the field
    nested = '{"email": "a@hima.example", "password": "x", "name": ' + "[" * 63 + "]" * 63 + "}"
    response = api.post("/auth/register", body=nested, headers={"Content-Type": "application/json"})
    assert response.status == 422
    assert "body.name" in [error["field"] for error in response.json["errors"]]


def test_brackets_inside_strings_are_not_nesting(api, database):
    name = "[" * 120 + '\\"{' * 20  # in JSON: 120 brackets, then 20 times an escaped quote and a brace
    body = f'{{"email": "a@hima.example", "password": "{STRONG_PASSWORD}", "name": "{name}"}}'
    response = api.post("/auth/register", body=body, headers={"Content-Type": "application/json"})
    assert response.status == 201, response.json
