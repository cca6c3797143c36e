"""``Idempotency-Key`` on the requests that create something (docs/decisions/0011-idempotency-keys.md).

A phone on a flaky line sends ``POST /programs``, the answer is lost, and it sends the request again:
without a key that is a second program. With ``Idempotency-Key: <key>`` the first request runs and its
answer is kept for 24 hours; the same request with the same key is answered that answer again (marked
``Idempotent-Replayed: true``) and runs nothing. A key is its caller's and its operation's (method and
route): another user's, or another operation's, equal key is another request. The key sent with another
request (path, query or body) is refused 422; while the first attempt still runs, 409 with ``Retry-After``.

Kept and replayed: 2xx, and the 4xx that answer the request itself (400, 403, 404, 410, 422: the same
request would be refused again the same way). Not kept, so that the retry runs: every 5xx, and the 4xx
that invite a retry (401: renew the token; 408, 409, 412, 425, 429). A 4xx never changed anything, so
not keeping one can never create a duplicate.

A function takes part with ``lambda_handler(router, idempotent=True)`` (shared/api.py): this module wraps
its resolver, outside Powertools' routing, so it keeps the exact response the caller got. The records are
in ``idempotency.requests`` (shared/migrations), written as the caller, so RLS keeps each user's to
themselves; the events sweep prunes the expired ones. Powertools' idempotency utility is not used (the
decision record says why).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from shared import db
from shared.api import PROBLEM_JSON, logger, problem_body
from shared.errors import FieldError, Unauthenticated
from shared.identity import bearer_token, verify_access_token

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
FIELD = f"header.{HEADER.lower()}"
KEY = re.compile(r"[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?")
"""1 to 255 printable ASCII characters, not beginning or ending with a space (HTTP strips those)."""
KEEP_HOURS = 24
NOT_KEPT = frozenset({401, 408, 409, 412, 425, 429})
"""The 4xx a client is meant to retry; with every 5xx, they leave the key free for the retry."""
RETRY_AFTER_SECONDS = 1
"""What a request that finds its key in use is told to wait: ours answer in well under a second."""
LEASE_WITHOUT_CONTEXT_SECONDS = 30
CLAIM_TRIES = 3

Resolve = Callable[[dict[str, Any], Any], dict[str, Any]]

_CLAIM = """
insert into idempotency.requests as r
  (user_id, operation, key_hash, fingerprint, attempt, status, locked_until, expires_at)
values (%(user)s, %(operation)s, %(key)s, %(fingerprint)s, %(attempt)s, 'running',
        now() + make_interval(secs => %(lease)s), now() + make_interval(hours => %(keep)s))
on conflict (user_id, operation, key_hash) do update
  set fingerprint = excluded.fingerprint, attempt = excluded.attempt, status = 'running',
      locked_until = excluded.locked_until, response = null, created_at = now(), expires_at = excluded.expires_at
  where r.expires_at <= now()
     or (r.status = 'running' and r.locked_until <= now() and r.fingerprint = excluded.fingerprint)
returning attempt
"""
_HOLDER = """
select fingerprint, status, response from idempotency.requests
where user_id = %(user)s and operation = %(operation)s and key_hash = %(key)s
"""
_MINE = "user_id = %(user)s and operation = %(operation)s and key_hash = %(key)s and attempt = %(attempt)s"
_COMPLETE = ("update idempotency.requests set status = 'done', locked_until = null, response = %(response)s"
             f" where {_MINE}")
_RELEASE = f"delete from idempotency.requests where {_MINE}"


@dataclass(frozen=True)
class _Request:
    """One attempt at a request that carries a key: who, which operation, which key, which request."""

    claims: Mapping[str, Any]
    user_id: uuid.UUID
    operation: str
    key_hash: str
    fingerprint: str
    attempt: uuid.UUID

    @property
    def params(self) -> dict[str, Any]:
        return {"user": self.user_id, "operation": self.operation, "key": self.key_hash,
                "fingerprint": self.fingerprint, "attempt": self.attempt}


def replaying(resolve: Resolve) -> Resolve:
    """``resolve`` (a Powertools resolver's) answering a request with a key it has answered already with
    that first answer. A request without the header, or whose caller is not authenticated, is resolved as
    it is (the route answers the 401)."""

    def resolve_once(event: dict[str, Any], context: Any) -> dict[str, Any]:
        headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
        key = headers.get(HEADER.lower())
        if key is None:
            return resolve(event, context)
        if not KEY.fullmatch(key):
            return _problem(422, f"The {HEADER} header must be 1 to 255 printable ASCII characters (a UUID, say).",
                            title="Invalid input", code="invalid")
        try:
            actor = verify_access_token(bearer_token(headers))
        except Unauthenticated:
            return resolve(event, context)
        request = _Request(claims=actor.claims, user_id=actor.user_id, operation=_operation(event),
                           key_hash=hashlib.sha256(key.encode()).hexdigest(), fingerprint=_fingerprint(event),
                           attempt=uuid.uuid4())
        try:
            holder = _claim(request, _lease_seconds(context))
        except (db.DatabaseUnavailable, psycopg.OperationalError):
            logger.exception("database unavailable")
            return _problem(503, "The service is temporarily unavailable; try again shortly.",
                            headers={"Retry-After": "5"})
        if holder is not None:
            return _answer_for(request, holder)
        try:
            response = resolve(event, context)
        except BaseException:
            _finish(request, _RELEASE)
            raise
        status = int(response.get("statusCode", 500))
        if status >= 500 or status in NOT_KEPT:
            _finish(request, _RELEASE)
        else:
            _finish(request, _COMPLETE, response=Jsonb(response))
        return response

    return resolve_once


def prune() -> int:
    """Forget the expired records (the events sweep calls it); how many went."""
    with db.service_transaction("idempotency") as tx:
        row = tx.execute("select idempotency.prune() as pruned").fetchone()
        tx.commit()
    return int(row["pruned"]) if row else 0


def _operation(event: Mapping[str, Any]) -> str:
    route_key = event.get("routeKey")
    if isinstance(route_key, str) and " /" in route_key:
        return route_key
    http = (event.get("requestContext") or {}).get("http") or {}
    return f"{http.get('method', 'POST')} {event.get('rawPath', '/')}"


def _fingerprint(event: Mapping[str, Any]) -> str:
    """What makes two requests the same one: method, path, query and the body's exact bytes."""
    http = (event.get("requestContext") or {}).get("http") or {}
    body = event.get("body") or ""
    try:
        raw = base64.b64decode(body) if event.get("isBase64Encoded") else str(body).encode()
    except binascii.Error:
        raw = str(body).encode()
    digest = hashlib.sha256(json.dumps([http.get("method"), event.get("rawPath"), event.get("rawQueryString")])
                            .encode())
    digest.update(b"\n" + raw)
    return digest.hexdigest()


def _lease_seconds(context: Any) -> float:
    """How long an attempt holds its key: the function's time left (a timed-out attempt frees it)."""
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    return remaining() / 1000 + 1 if callable(remaining) else LEASE_WITHOUT_CONTEXT_SECONDS


def _claim(request: _Request, lease: float) -> dict[str, Any] | None:
    """Take the key for this attempt and return None; or return the record that holds it."""
    params = {**request.params, "lease": lease, "keep": KEEP_HOURS}
    for _ in range(CLAIM_TRIES):
        with db.transaction("authenticated", request.claims) as tx:
            taken = tx.execute(_CLAIM, params).fetchone()
            holder = None if taken else tx.execute(_HOLDER, params).fetchone()
            tx.commit()
        if taken or holder:
            return holder
    # the holder ended between the two statements each time: a request with this key is being retried busily
    return {"fingerprint": request.fingerprint, "status": "running", "response": None}


def _answer_for(request: _Request, holder: Mapping[str, Any]) -> dict[str, Any]:
    if holder["fingerprint"] != request.fingerprint:
        return _problem(422, f"This {HEADER} was used with another request (method, path or body) in the last "
                             f"{KEEP_HOURS} hours; send a new key with a new request.",
                        title="Idempotency key reused", code="reused")
    if holder["status"] == "running":
        return _problem(409, f"A request with this {HEADER} is still running; retry after Retry-After seconds "
                             "to get its answer.", title="Request in progress",
                        headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    response: dict[str, Any] = dict(holder["response"])
    response["headers"] = {**(response.get("headers") or {}), REPLAYED_HEADER: "true"}
    return response


def _finish(request: _Request, statement: str, **params: Any) -> None:
    """Keep the answer or free the key. If that fails, the caller still gets their answer; the key stays
    held until the attempt's lease ends, then the request may run again."""
    try:
        with db.transaction("authenticated", request.claims) as tx:
            tx.execute(statement, {**request.params, **params})
            tx.commit()
    except (db.DatabaseUnavailable, psycopg.Error):
        logger.exception("could not record the end of an idempotent request", extra={"operation": request.operation})


def _problem(status: int, detail: str, *, title: str | None = None, code: str | None = None,
             headers: Mapping[str, str] | None = None) -> dict[str, Any]:
    errors = [FieldError(field=FIELD, message=detail, code=f"idempotency_key_{code}")] if code else []
    return {
        "statusCode": status,
        "headers": {"Content-Type": PROBLEM_JSON, **(headers or {})},
        "body": json.dumps(problem_body(status, detail, title=title, errors=errors)),
        "isBase64Encoded": False,
    }
