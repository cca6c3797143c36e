"""Calls from one of our services to another's endpoint, through the gateway, with a service token.

    ServiceClient("auth").put("users", f"/users/internal/profiles/{user_id}", json={...})

Each call carries a fresh service JWT (RS256, our issuer and key set, ``sub`` = the calling service,
``aud`` = the called one, ``role: service``, 60 seconds; see docs/decisions/0005-service-tokens.md),
which the called function checks with ``shared.identity.verify_service_token``. Calls have timeouts and
an overall deadline; idempotent ones (GET, PUT, DELETE) are retried a bounded number of times on
transport errors and on 429/502/503/504, with jittered exponential backoff. Every failure is
``ServiceCallFailed``.

The base URL is ``Settings.service_base_url`` (API_BASE_URL, else JWT_ISSUER). httpx is imported on
first use; one connection pool per execution environment. ``set_transport`` replaces the network
(tests route calls to the functions in-process).
"""

from __future__ import annotations

import functools
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jwt

from shared import correlation
from shared.config import get_settings
from shared.errors import ServiceUnavailable
from shared.identity import SERVICE_ROLE
from shared.keys import active_signing_key

if TYPE_CHECKING:
    import httpx

SERVICE_TOKEN_TTL_SECONDS = 60
CONNECT_TIMEOUT_SECONDS = 1.0
READ_TIMEOUT_SECONDS = 3.0
DEADLINE_SECONDS = 5.0
"""All attempts of one call together, backoff included: the caller's own function times out at 10 s."""
MAX_ATTEMPTS = 3
BACKOFF_SECONDS = 0.1
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({429, 502, 503, 504})

_transport: httpx.BaseTransport | None = None


class ServiceCallFailed(ServiceUnavailable):
    """The other service could not be reached in time, or refused the call. Unhandled, it is a 503
    whose detail says nothing of our internals; ``reason`` (for the log) says what happened."""

    def __init__(self, reason: str, *, status: int | None = None) -> None:
        super().__init__("A service this request depends on is unavailable; try again shortly.")
        self.reason = reason
        self.status = status

    def __str__(self) -> str:
        return self.reason


@dataclass(frozen=True)
class ServiceResponse:
    status: int
    body: Any


def issue_service_token(caller: str, audience: str, *, now: float | None = None) -> str:
    """A service token of ``caller`` for ``audience``, signed with the active key of our key set."""
    settings = get_settings()
    issued_at = int(now if now is not None else time.time())
    key = active_signing_key()
    claims = {
        "iss": settings.jwt_issuer,
        "sub": caller,
        "aud": audience,
        "role": SERVICE_ROLE,
        "iat": issued_at,
        "exp": issued_at + SERVICE_TOKEN_TTL_SECONDS,
        "jti": str(uuid.uuid4()),
    }
    return jwt.encode(claims, key.private_key, algorithm="RS256", headers={"kid": key.kid})


def set_transport(transport: httpx.BaseTransport | None) -> None:
    """Send every call through ``transport`` (None: the network again). For tests and local tools."""
    global _transport
    _transport = transport
    _http_client.cache_clear()


@functools.cache
def _http_client() -> httpx.Client:
    import httpx

    timeout = httpx.Timeout(READ_TIMEOUT_SECONDS, connect=CONNECT_TIMEOUT_SECONDS)
    return httpx.Client(timeout=timeout, transport=_transport, follow_redirects=False)


def public_get(path: str, *, timeout_seconds: float = READ_TIMEOUT_SECONDS,
               base_url: str | None = None) -> ServiceResponse:
    """GET a public route of ours (a health check) once: no token, no retry. A transport failure is
    ``ServiceCallFailed``; any answer, 2xx or not, is returned with its JSON body (None if it has none)."""
    import httpx

    url = f"{(base_url or get_settings().service_base_url).rstrip('/')}/{path.lstrip('/')}"
    headers = {"Accept": "application/json"}
    if (request_id := correlation.current()) is not None:
        headers[correlation.HEADER] = request_id
    try:
        response = _http_client().get(url, headers=headers, timeout=httpx.Timeout(
            timeout_seconds, connect=min(CONNECT_TIMEOUT_SECONDS, timeout_seconds)))
    except httpx.TransportError as error:
        raise ServiceCallFailed(f"GET {path}: {type(error).__name__}: {error}") from error
    try:
        body = response.json() if response.content else None
    except ValueError:
        body = None
    return ServiceResponse(response.status_code, body)


def _problem_detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    return str(detail) if detail else response.reason_phrase


class ServiceClient:
    """Calls made on behalf of the service ``caller`` (its name, e.g. ``auth``)."""

    def __init__(self, caller: str, *, base_url: str | None = None, max_attempts: int = MAX_ATTEMPTS,
                 deadline_seconds: float = DEADLINE_SECONDS, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.caller = caller
        self.base_url = (base_url or get_settings().service_base_url).rstrip("/")
        self.max_attempts = max_attempts
        self.deadline_seconds = deadline_seconds
        self._transport = transport
        self._own_client: httpx.Client | None = None
        self._sleep = sleep

    def _client(self) -> httpx.Client:
        """The shared pool, or a client of this caller's own transport."""
        if self._transport is None:
            return _http_client()
        if self._own_client is None:
            import httpx

            self._own_client = httpx.Client(transport=self._transport, follow_redirects=False)
        return self._own_client

    def get(self, audience: str, path: str, **kwargs: Any) -> ServiceResponse:
        return self.request("GET", audience, path, **kwargs)

    def put(self, audience: str, path: str, **kwargs: Any) -> ServiceResponse:
        return self.request("PUT", audience, path, **kwargs)

    def delete(self, audience: str, path: str, **kwargs: Any) -> ServiceResponse:
        return self.request("DELETE", audience, path, **kwargs)

    def post(self, audience: str, path: str, **kwargs: Any) -> ServiceResponse:
        return self.request("POST", audience, path, **kwargs)

    def request(self, method: str, audience: str, path: str, *, json: Any = None,
                params: dict[str, str] | None = None) -> ServiceResponse:
        """Call ``method path`` of the service ``audience``; a 2xx answer is returned, anything else raised."""
        import httpx

        method = method.upper()
        attempts = self.max_attempts if method in IDEMPOTENT else 1
        deadline = time.monotonic() + self.deadline_seconds
        url = f"{self.base_url}/{path.lstrip('/')}"
        failure, status, made = "the deadline passed before the first attempt", None, 0
        while made < attempts and (remaining := deadline - time.monotonic()) > 0:
            if made:
                pause = random.uniform(0, BACKOFF_SECONDS * 2 ** (made - 1))  # noqa: S311 (jitter, not secrecy)
                self._sleep(min(pause, remaining))
            made += 1
            headers = {"Authorization": f"Bearer {issue_service_token(self.caller, audience)}",
                       "User-Agent": f"proker-service/{self.caller}", "Accept": "application/json"}
            if (request_id := correlation.current()) is not None:
                headers[correlation.HEADER] = request_id  # the called service logs with the same id
            remaining = max(deadline - time.monotonic(), 0.01)
            timeout = httpx.Timeout(min(READ_TIMEOUT_SECONDS, remaining),
                                    connect=min(CONNECT_TIMEOUT_SECONDS, remaining))
            try:
                response = self._client().request(method, url, json=json, params=params, headers=headers,
                                                  timeout=timeout)
            except httpx.TransportError as error:
                failure, status = f"{type(error).__name__}: {error}", None
                continue
            status = response.status_code
            if response.is_success:
                try:
                    return ServiceResponse(status, response.json() if response.content else None)
                except ValueError as error:
                    raise ServiceCallFailed(f"{method} {path} on {audience} answered {status} without JSON",
                                            status=status) from error
            failure = f"{status} {_problem_detail(response)}"
            if status not in RETRY_STATUSES:
                raise ServiceCallFailed(f"{method} {path} on {audience} was refused: {failure}", status=status)
        raise ServiceCallFailed(f"{method} {path} on {audience} failed after {made} attempt(s): {failure}",
                                status=status)
