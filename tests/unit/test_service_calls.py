"""Service tokens (issue and verify) and the service client's timeouts and bounded retries, on fake
transports; the real flow (auth -> users through the gateway) is tested in integration and e2e."""

from __future__ import annotations

import socket
import time
import uuid
from datetime import UTC, datetime

import httpx
import jwt
import pytest

from functions.auth.tokens import issue_access_token
from shared.config import get_settings
from shared.errors import Forbidden, Unauthenticated
from shared.identity import verify_service_token
from shared.keys import active_signing_key
from shared.service_client import ServiceCallFailed, ServiceClient, issue_service_token
from tests.support.forge import FORGERIES


def user_token() -> str:
    token, _ = issue_access_token(user_id=uuid.uuid4(), email="a@hima.example", name="A", session_id=uuid.uuid4(),
                                  now=datetime.now(UTC))
    return token


def signed(**claims: object) -> str:
    """A token signed with our key: a service token of auth for users, but for ``claims``."""
    key = active_signing_key()
    now = int(time.time())
    base = {"iss": get_settings().jwt_issuer, "sub": "auth", "aud": "users", "role": "service", "iat": now,
            "exp": now + 60}
    return jwt.encode({**base, **claims}, key.private_key, algorithm="RS256", headers={"kid": key.kid})


# ---- tokens ----

def test_a_service_token_names_caller_and_audience_and_lives_a_minute():
    token = issue_service_token("auth", "users")
    claims = jwt.decode(token, options={"verify_signature": False})
    assert (claims["sub"], claims["aud"], claims["role"], claims["exp"] - claims["iat"]) == ("auth", "users",
                                                                                            "service", 60)
    assert jwt.get_unverified_header(token)["kid"] == active_signing_key().kid
    identity = verify_service_token(token, "users")
    assert (identity.name, identity.audience) == ("auth", "users")


def test_a_service_token_for_another_service_is_refused():
    with pytest.raises(Unauthenticated, match="another service"):
        verify_service_token(issue_service_token("auth", "orgs"), "users")


def test_a_users_access_token_is_forbidden_not_unauthenticated():
    with pytest.raises(Forbidden):
        verify_service_token(user_token(), "users")


@pytest.mark.parametrize("claims", [
    {"exp": int(time.time()) - 600, "iat": int(time.time()) - 660},  # expired
    {"exp": int(time.time()) + 3600},  # lives an hour: not a service token of ours
    {"role": "authenticated"},  # neither a service token nor a valid user token (aud users)
    {"role": None},
    {"sub": ""},
    {"iss": "https://evil.example"},
])
def test_service_tokens_that_are_not_right_are_unauthenticated(claims):
    with pytest.raises(Unauthenticated):
        verify_service_token(signed(**claims), "users")


@pytest.mark.parametrize("forgery", FORGERIES.values(), ids=FORGERIES.keys())
def test_forged_service_tokens_are_unauthenticated(forgery):
    forged = forgery(issue_service_token("auth", "users"))
    with pytest.raises(Unauthenticated):
        verify_service_token(forged, "users")


# ---- the client ----

class Recorder:
    """A transport answering with the given statuses (or exceptions), one per request."""

    def __init__(self, *answers: int | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return httpx.Response(answer, json={"status": answer, "detail": f"answer {answer}"} if answer >= 400 else None)


def client(recorder: Recorder, **kwargs: object) -> tuple[ServiceClient, list[float]]:
    pauses: list[float] = []
    return ServiceClient("auth", base_url="http://gateway.test/", transport=httpx.MockTransport(recorder),
                         sleep=pauses.append, **kwargs), pauses  # type: ignore[arg-type]


def test_a_call_goes_to_the_gateway_with_a_fresh_service_token():
    recorder = Recorder(204)
    calls, _ = client(recorder)
    assert calls.put("users", "/users/internal/profiles/42", json={"a": 1}).status == 204
    [request] = recorder.requests
    assert str(request.url) == "http://gateway.test/users/internal/profiles/42"
    token = request.headers["authorization"].removeprefix("Bearer ")
    assert verify_service_token(token, "users").name == "auth"
    assert request.headers["user-agent"] == "proker-service/auth"


def test_a_call_made_for_a_request_carries_its_correlation_id():
    from shared import correlation

    recorder = Recorder(204, 204)
    calls, _ = client(recorder)
    with correlation.using("permintaan-9"):
        calls.get("users", "/users/internal/profiles/42")
    calls.get("users", "/users/internal/profiles/42")  # outside any request: none
    assert [request.headers.get("x-request-id") for request in recorder.requests] == ["permintaan-9", None]


def test_idempotent_calls_are_retried_a_bounded_number_of_times_with_backoff():
    recorder = Recorder(503, httpx.ConnectError("refused"), 204)
    calls, pauses = client(recorder)
    assert calls.put("users", "/x").status == 204
    assert len(recorder.requests) == 3 and len(pauses) == 2
    assert all(0 <= pause <= 0.2 for pause in pauses)
    tokens = {request.headers["authorization"] for request in recorder.requests}
    assert len(tokens) == 3  # a new token per attempt


def test_retries_give_up_after_the_last_attempt():
    recorder = Recorder(502, 503, 504, 204)
    calls, _ = client(recorder)
    with pytest.raises(ServiceCallFailed) as raised:
        calls.get("users", "/x")
    assert raised.value.status == 504 and len(recorder.requests) == 3
    assert "depends on" in raised.value.detail and "/x" not in raised.value.detail  # nothing internal for users
    assert "/x" in raised.value.reason


def test_a_call_that_is_not_idempotent_is_never_retried():
    recorder = Recorder(503, 204)
    calls, _ = client(recorder)
    with pytest.raises(ServiceCallFailed):
        calls.post("users", "/x", json={})
    assert len(recorder.requests) == 1


def test_a_refusal_is_not_retried_and_says_why():
    recorder = Recorder(422, 204)
    calls, _ = client(recorder)
    with pytest.raises(ServiceCallFailed) as raised:
        calls.put("users", "/x", json={})
    assert raised.value.status == 422 and "answer 422" in raised.value.reason
    assert len(recorder.requests) == 1


def test_a_server_that_never_answers_is_given_up_within_the_deadline():
    with socket.socket() as listener:  # accepts connections (the backlog) and never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        calls = ServiceClient("auth", base_url=f"http://127.0.0.1:{listener.getsockname()[1]}",
                              transport=httpx.HTTPTransport(), deadline_seconds=0.5)
        started = time.monotonic()
        with pytest.raises(ServiceCallFailed) as raised:
            calls.get("users", "/users/health")
        assert time.monotonic() - started < 1.5
    assert "Timeout" in raised.value.reason
