"""Bad input on every users endpoint: a clear 4xx problem+json naming the field, and nothing changed."""

from __future__ import annotations

import psycopg
import pytest

from functions.users.models import default_settings
from shared.service_client import issue_service_token

UNKNOWN_ID = "5b0c5e3a-7d1f-4c2e-9a8b-3f6d2c1e0a94"  # an id nothing has: the same in every test worker

SETTINGS = default_settings().model_dump()


def snapshot(database_url: str) -> dict[str, list[tuple]]:
    with psycopg.connect(database_url) as conn:
        return {table: conn.execute(f"select * from user_service.{table} order by 1").fetchall()
                for table in ("profiles", "private_details", "settings")}


@pytest.fixture
def token(api, register) -> str:
    token = register(name="Budi")["access_token"]
    assert api.request("PATCH", "/users/me", token=token, json={"phone": "081234567890"}).status == 200
    assert api.put("/users/me/settings", token=token, json=SETTINGS).status == 200
    return token


def without(data: dict, key: str) -> dict:
    return {k: v for k, v in data.items() if k != key}


CASES = [
    # (method, path, body, status, field named in errors)
    ("PATCH", "/users/me", {"display_name": None}, 422, "body.display_name"),
    ("PATCH", "/users/me", {"display_name": "x" * 201}, 422, "body.display_name"),
    ("PATCH", "/users/me", {"display_name": 42}, 422, "body.display_name"),
    ("PATCH", "/users/me", {"phone": "12"}, 422, "body.phone"),
    ("PATCH", "/users/me", {"phone": "0812-abcd-7890"}, 422, "body.phone"),
    ("PATCH", "/users/me", {"avatar_url": "javascript:alert(1)"}, 422, "body.avatar_url"),
    ("PATCH", "/users/me", {"avatar_url": "not a url"}, 422, "body.avatar_url"),
    ("PATCH", "/users/me", {"student_number": "21 06 12"}, 422, "body.student_number"),
    ("PATCH", "/users/me", {"student_number_on_documents": None}, 422, "body.student_number_on_documents"),
    ("PATCH", "/users/me", {"student_number_on_documents": "ya"}, 422, "body.student_number_on_documents"),
    ("PATCH", "/users/me", {"student_number_on_documents": 0}, 422, "body.student_number_on_documents"),
    ("PATCH", "/users/me", {"faculty": "x" * 201}, 422, "body.faculty"),
    ("PATCH", "/users/me", {"study_program": ["x"]}, 422, "body.study_program"),
    ("PATCH", "/users/me", {"bio": "x" * 1001}, 422, "body.bio"),
    ("PATCH", "/users/me", {"email": "other@hima.example"}, 422, "body.email"),
    ("PATCH", "/users/me", {"bio": "ok", "version": 9}, 422, "body.version"),
    ("PATCH", "/users/me", ["bio"], 422, "body"),
    ("PUT", "/users/me/settings", without(SETTINGS, "language"), 422, "body.language"),
    ("PUT", "/users/me/settings", {**SETTINGS, "language": "jv"}, 422, "body.language"),
    ("PUT", "/users/me/settings", {**SETTINGS, "time_zone": "WIB"}, 422, "body.time_zone"),
    ("PUT", "/users/me/settings", {**SETTINGS, "time_zone": "Asia/Bandung"}, 422, "body.time_zone"),
    ("PUT", "/users/me/settings", {**SETTINGS, "daily_digest": "yes"}, 422, "body.daily_digest"),
    ("PUT", "/users/me/settings", {**SETTINGS, "notifications": without(SETTINGS["notifications"], "task_due")},
     422, "body.notifications.task_due"),
    ("PUT", "/users/me/settings", {**SETTINGS, "notifications": {
        **SETTINGS["notifications"], "comment": {"in_app": True, "email": "no", "chat": False}}},
     422, "body.notifications.comment.email"),
    ("PUT", "/users/me/settings", {**SETTINGS, "notifications": {
        **SETTINGS["notifications"], "birthday": {"in_app": True, "email": True, "chat": True}}},
     422, "body.notifications.birthday"),
    ("PUT", "/users/me/settings", {**SETTINGS, "theme": "dark"}, 422, "body.theme"),
    ("GET", "/users/not-a-uuid", None, 422, "path.user_id"),
    ("GET", "/users", None, 422, "query.organization_id"),
    ("GET", "/users?organization_id=42", None, 422, "query.organization_id"),
    ("GET", f"/users?organization_id={UNKNOWN_ID}&limit=0", None, 422, "query.limit"),
    ("GET", f"/users?organization_id={UNKNOWN_ID}&limit=101", None, 422, "query.limit"),
    ("GET", f"/users?organization_id={UNKNOWN_ID}&limit=many", None, 422, "query.limit"),
    ("GET", f"/users?organization_id={UNKNOWN_ID}&cursor=not-ours", None, 422, "query.cursor"),
    ("GET", f"/users?organization_id={UNKNOWN_ID}&cursor=e30", None, 422, "query.cursor"),
    ("GET", f"/users?organization_id={UNKNOWN_ID}&q={'x' * 101}", None, 422, "query.q"),
]


@pytest.mark.parametrize(("method", "path", "body", "status", "field"), CASES)
def test_invalid_input_is_a_clear_problem_and_changes_nothing(api, database, token, method, path, body, status,
                                                              field):
    before = snapshot(database)
    response = api.request(method, path, token=token, json=body)
    assert response.status == status, response.json
    assert response.header("content-type") == "application/problem+json"
    problem = response.json
    assert problem["status"] == status and problem["title"] and problem["detail"]
    assert field in [error["field"] for error in problem["errors"]], problem
    assert "Traceback" not in response.body.decode()
    assert snapshot(database) == before


@pytest.mark.parametrize(("method", "path"), [("PATCH", "/users/me"), ("PUT", "/users/me/settings")])
def test_malformed_json_is_400_and_changes_nothing(api, database, token, method, path):
    before = snapshot(database)
    response = api.request(method, path, token=token, body='{"bio": ', headers={"Content-Type": "application/json"})
    assert response.status == 400
    assert snapshot(database) == before


@pytest.mark.parametrize(("method", "path", "body"), [
    ("GET", "/users/me", None), ("PATCH", "/users/me", {"bio": "x"}), ("GET", "/users/me/settings", None),
    ("PUT", "/users/me/settings", {**SETTINGS, "language": "en"}), ("GET", f"/users/{UNKNOWN_ID}", None),
    ("GET", f"/users?organization_id={UNKNOWN_ID}", None)])
def test_a_bad_token_is_401_on_every_user_route(api, database, token, method, path, body):
    before = snapshot(database)
    response = api.request(method, path, token=token[:-4] + "AAAA", json=body)
    assert response.status == 401
    assert snapshot(database) == before


SERVICE_CASES = [
    ("/users/internal/profiles/not-a-uuid", {"email": "a@hima.example", "display_name": "A"}, "path.user_id"),
    (f"/users/internal/profiles/{UNKNOWN_ID}", {"email": "not-an-email", "display_name": "A"}, "body.email"),
    (f"/users/internal/profiles/{UNKNOWN_ID}", {"email": "a@hima.example"}, "body.display_name"),
    (f"/users/internal/profiles/{UNKNOWN_ID}", {"email": "a@hima.example", "display_name": " "}, "body.display_name"),
    (f"/users/internal/profiles/{UNKNOWN_ID}", {"email": "a@hima.example", "display_name": "A", "phone": "1"},
     "body.phone"),
]


@pytest.mark.parametrize(("path", "body", "field"), SERVICE_CASES)
def test_invalid_input_on_the_service_route(api, database, token, path, body, field):
    before = snapshot(database)
    response = api.put(path, json=body, headers={"Authorization": f"Bearer {issue_service_token('auth', 'users')}"})
    assert response.status == 422
    assert field in [error["field"] for error in response.json["errors"]]
    assert snapshot(database) == before
