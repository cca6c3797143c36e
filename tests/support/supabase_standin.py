"""A local stand-in for a Supabase project's Auth API (GoTrue), for contract tests of the
Supabase identity provider. It is not Supabase: it answers only what ``supabase_auth`` calls
for us, in the shapes the real server sends (supabase/auth ``internal/api``: signup.go,
token.go, logout.go, jwks.go, errors.go with API version 2024-01-01):

- ``POST /auth/v1/signup``: a session (``"Confirm email"`` off) or only the user (on; for a
  taken address then a made-up user, as Supabase hides which addresses exist); a taken address
  with confirmation off is 422 ``user_already_exists``; a password under 6 characters is 422
  ``weak_password`` with ``weak_password.reasons``.
- ``POST /auth/v1/token?grant_type=password``: 400 ``invalid_credentials`` (unknown address or
  wrong password alike) or ``email_not_confirmed``.
- ``POST /auth/v1/token?grant_type=refresh_token``: rotates; 400 ``refresh_token_not_found``,
  or ``refresh_token_already_used`` for a rotated one (no reuse interval here).
- ``POST /auth/v1/logout?scope=local|global|others``: needs the user's bearer token
  (401 ``no_authorization``, 403 ``bad_jwt``, 403 ``session_not_found``), then 204.
- ``GET /auth/v1/.well-known/jwks.json``: the public ES256 key, needs no API key.
- ``POST /auth/v1/recover`` and ``POST /auth/v1/resend`` (type ``signup``): 200 ``{}`` for any address;
  a link is "mailed" (kept in ``mailbox``) only for an existing one (and for ``resend`` an unconfirmed
  one), as Supabase does; a confirmation link is also mailed at sign-up with "Confirm email" on.
- ``POST /auth/v1/verify`` with ``token_hash`` and type ``recovery`` or ``email``: a session (the
  address is confirmed by then); a wrong, used or expired link is 403 ``otp_expired``.
- ``PUT /auth/v1/user`` with the user's bearer token: a new password (422 ``weak_password`` or
  ``same_password``).

Every other call needs the ``apikey`` header (Supabase's gateway answers 401 without it).
Access tokens are ES256 with a ``kid``, claims as Supabase's: iss, sub, aud, exp, iat, email,
phone, app_metadata, user_metadata, role, aal, amr, session_id, is_anonymous.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

API_VERSION = "2024-01-01"
ACCESS_TOKEN_SECONDS = 3600
MIN_PASSWORD_LENGTH = 6  # Supabase's default


class _Refused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass
class StandInUser:
    id: str
    email: str
    password: str
    user_metadata: dict[str, Any]
    confirmed: bool
    created_at: str = field(default_factory=lambda: _timestamp())


@dataclass
class MailedLink:
    """A link Supabase would have e-mailed: to whom, of what type, its token hash, where it leads."""

    email: str
    type: str  # "recovery" or "signup"
    token_hash: str
    redirect_to: str | None
    used: bool = False


@dataclass(frozen=True)
class Call:
    """One request the stand-in received."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any


def _timestamp() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


class SupabaseStandIn:
    def __init__(self, *, api_key: str = "sb_publishable_standin", confirm_email: bool = False) -> None:
        self.api_key = api_key
        self.confirm_email = confirm_email
        self.rate_limited = False  # answer every call with 429, as Supabase's rate limits do
        self.signing_key = ec.generate_private_key(ec.SECP256R1())
        self.kid = str(uuid.uuid4())
        self.users: dict[str, StandInUser] = {}  # by e-mail
        self.sessions: dict[str, str] = {}  # session id -> user id
        self.refresh_tokens: dict[str, tuple[str, bool]] = {}  # token -> (session id, rotated)
        self.calls: list[Call] = []
        self.logouts: list[tuple[str, str]] = []  # (session id, scope)
        self.mailbox: list[MailedLink] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """What SUPABASE_URL names: the project's URL."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def issuer(self) -> str:
        return f"{self.url}/auth/v1"

    def start(self) -> SupabaseStandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop answering: from now on the port refuses connections, as an unreachable project."""
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()

    def calls_to(self, path: str) -> list[Call]:
        return [call for call in self.calls if call.path == path]

    # ---- what the project publishes and signs ----
    def jwks(self) -> dict[str, Any]:
        jwk = ECAlgorithm.to_jwk(self.signing_key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "alg": "ES256", "kid": self.kid, "use": "sig", "key_ops": ["verify"],
                          "ext": True}]}

    def _access_token(self, user: StandInUser, session_id: str) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer, "sub": user.id, "aud": "authenticated", "exp": now + ACCESS_TOKEN_SECONDS,
            "iat": now, "email": user.email, "phone": "",
            "app_metadata": {"provider": "email", "providers": ["email"]},
            "user_metadata": {**user.user_metadata, "email": user.email, "email_verified": user.confirmed,
                              "phone_verified": False, "sub": user.id},
            "role": "authenticated", "aal": "aal1", "amr": [{"method": "password", "timestamp": now}],
            "session_id": session_id, "is_anonymous": False,
        }
        return jwt.encode(claims, self.signing_key, algorithm="ES256", headers={"kid": self.kid, "typ": "JWT"})

    # ---- response bodies ----
    def _user_json(self, user: StandInUser) -> dict[str, Any]:
        confirmed_at = user.created_at if user.confirmed else None
        identity_data = {"email": user.email, "email_verified": user.confirmed, "phone_verified": False,
                         "sub": user.id}
        return {
            "id": user.id, "aud": "authenticated", "role": "authenticated", "email": user.email,
            "email_confirmed_at": confirmed_at, "phone": "", "confirmed_at": confirmed_at,
            "confirmation_sent_at": None if user.confirmed else user.created_at,
            "last_sign_in_at": confirmed_at,
            "app_metadata": {"provider": "email", "providers": ["email"]},
            "user_metadata": {**user.user_metadata, **identity_data},
            "identities": [{
                "identity_id": str(uuid.uuid5(uuid.NAMESPACE_URL, user.id)), "id": user.id, "user_id": user.id,
                "identity_data": identity_data, "provider": "email", "last_sign_in_at": user.created_at,
                "created_at": user.created_at, "updated_at": user.created_at, "email": user.email,
            }],
            "created_at": user.created_at, "updated_at": user.created_at, "is_anonymous": False,
        }

    def _session_json(self, user: StandInUser, session_id: str) -> dict[str, Any]:
        refresh_token = secrets.token_urlsafe(9)  # Supabase's are short random strings too
        self.refresh_tokens[refresh_token] = (session_id, False)
        return {
            "access_token": self._access_token(user, session_id), "token_type": "bearer",
            "expires_in": ACCESS_TOKEN_SECONDS, "expires_at": int(time.time()) + ACCESS_TOKEN_SECONDS,
            "refresh_token": refresh_token, "user": self._user_json(user),
        }

    def _new_session(self, user: StandInUser) -> dict[str, Any]:
        session_id = str(uuid.uuid4())
        self.sessions[session_id] = user.id
        return self._session_json(user, session_id)

    def _user_by_id(self, user_id: str) -> StandInUser:
        return next(user for user in self.users.values() if user.id == user_id)

    def _mail(self, user: StandInUser, type_: str, redirect_to: str | None) -> None:
        self.mailbox.append(MailedLink(user.email, type_, secrets.token_hex(28), redirect_to))

    def links_to(self, email: str, type_: str) -> list[MailedLink]:
        return [link for link in self.mailbox if link.email == email and link.type == type_]

    def _claims(self, headers: dict[str, str]) -> dict[str, Any]:
        bearer = headers.get("authorization", "")
        if not bearer.lower().startswith("bearer "):
            raise _Refused(401, "no_authorization", "This endpoint requires a valid Bearer token")
        try:
            return jwt.decode(bearer[7:], self.signing_key.public_key(), algorithms=["ES256"],
                              audience="authenticated")
        except jwt.PyJWTError as error:
            raise _Refused(403, "bad_jwt", "invalid JWT: unable to parse or verify signature") from error

    # ---- endpoints ----
    def signup(self, body: dict[str, Any]) -> tuple[int, Any]:
        email, password = str(body.get("email", "")).lower(), str(body.get("password", ""))
        if len(password) < MIN_PASSWORD_LENGTH:
            raise _WeakPassword(["length"])
        if email in self.users:
            if not self.confirm_email:
                raise _Refused(422, "user_already_exists", "User already registered")
            ghost = StandInUser(id=str(uuid.uuid4()), email=email, password="", user_metadata={}, confirmed=False)
            return 200, {**self._user_json(ghost), "identities": []}
        user = StandInUser(id=str(uuid.uuid4()), email=email, password=password,
                           user_metadata=dict(body.get("data") or {}), confirmed=not self.confirm_email)
        self.users[email] = user
        if not user.confirmed:
            self._mail(user, "signup", None)
        return 200, self._new_session(user) if user.confirmed else self._user_json(user)

    def recover(self, body: dict[str, Any], redirect_to: str | None) -> tuple[int, Any]:
        user = self.users.get(str(body.get("email", "")).lower())
        if user is not None:
            self._mail(user, "recovery", redirect_to)
        return 200, {}

    def resend(self, body: dict[str, Any], redirect_to: str | None) -> tuple[int, Any]:
        if body.get("type") != "signup":
            raise _Refused(400, "validation_failed", "Missing one of these types: signup, email_change, ...")
        user = self.users.get(str(body.get("email", "")).lower())
        if user is not None and not user.confirmed:
            self._mail(user, "signup", redirect_to)
        return 200, {}

    def verify(self, body: dict[str, Any]) -> tuple[int, Any]:
        wanted = {"recovery": "recovery", "email": "signup", "signup": "signup"}.get(str(body.get("type")))
        link = next((link for link in self.mailbox if link.token_hash == body.get("token_hash")
                     and link.type == wanted and not link.used), None)
        if link is None:
            raise _Refused(403, "otp_expired", "Email link is invalid or has expired")
        link.used = True
        user = self.users[link.email]
        user.confirmed = True  # following a link proves the address
        return 200, self._new_session(user)

    def update_user(self, headers: dict[str, str], body: dict[str, Any]) -> tuple[int, Any]:
        claims = self._claims(headers)
        if claims.get("session_id") not in self.sessions:
            raise _Refused(403, "session_not_found", "Session from session_id claim in JWT does not exist")
        user = self._user_by_id(claims["sub"])
        password = body.get("password")
        if password is not None:
            if len(str(password)) < MIN_PASSWORD_LENGTH:
                raise _WeakPassword(["length"])
            if password == user.password:
                raise _Refused(422, "same_password", "New password should be different from the old password.")
            user.password = str(password)
        return 200, self._user_json(user)

    def password_grant(self, body: dict[str, Any]) -> tuple[int, Any]:
        user = self.users.get(str(body.get("email", "")).lower())
        if user is None or not secrets.compare_digest(user.password, str(body.get("password", ""))):
            raise _Refused(400, "invalid_credentials", "Invalid login credentials")
        if not user.confirmed:
            raise _Refused(400, "email_not_confirmed", "Email not confirmed")
        return 200, self._new_session(user)

    def refresh_grant(self, body: dict[str, Any]) -> tuple[int, Any]:
        token = str(body.get("refresh_token", ""))
        found = self.refresh_tokens.get(token)
        if found is None or found[0] not in self.sessions:
            raise _Refused(400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found")
        session_id, rotated = found
        if rotated:
            raise _Refused(400, "refresh_token_already_used", "Invalid Refresh Token: Already Used")
        self.refresh_tokens[token] = (session_id, True)
        return 200, self._session_json(self._user_by_id(self.sessions[session_id]), session_id)

    def logout(self, headers: dict[str, str], scope: str) -> tuple[int, Any]:
        claims = self._claims(headers)
        session_id, user_id = claims.get("session_id"), claims["sub"]
        if session_id not in self.sessions:
            raise _Refused(403, "session_not_found", "Session from session_id claim in JWT does not exist")
        if scope not in ("local", "global", "others"):
            raise _Refused(400, "validation_failed", f"Unsupported logout scope {scope!r}")
        ended = {
            "local": [session_id],
            "global": [s for s, u in self.sessions.items() if u == user_id],
            "others": [s for s, u in self.sessions.items() if u == user_id and s != session_id],
        }[scope]
        for ending in ended:
            del self.sessions[ending]
        self.logouts.append((session_id, scope))
        return 204, None

    def answer(self, method: str, target: str, headers: dict[str, str], raw: bytes) -> tuple[int, Any]:
        parts = urlsplit(target)
        query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
        body = json.loads(raw) if raw else None
        with self._lock:
            self.calls.append(Call(method, parts.path, query, headers, body))
            route = (method, parts.path, query.get("grant_type"))
            if route == ("GET", "/auth/v1/.well-known/jwks.json", None):
                return 200, self.jwks()
            if headers.get("apikey") != self.api_key:
                return 401, {"message": "Invalid API key", "hint": "Double check your Supabase API key."}
            if self.rate_limited:
                raise _Refused(429, "over_request_rate_limit", "Request rate limit reached")
            if route == ("POST", "/auth/v1/signup", None):
                return self.signup(body or {})
            if route == ("POST", "/auth/v1/token", "password"):
                return self.password_grant(body or {})
            if route == ("POST", "/auth/v1/token", "refresh_token"):
                return self.refresh_grant(body or {})
            if route[:2] == ("POST", "/auth/v1/logout"):
                return self.logout(headers, query.get("scope", "global"))
            if route == ("POST", "/auth/v1/recover", None):
                return self.recover(body or {}, query.get("redirect_to"))
            if route == ("POST", "/auth/v1/resend", None):
                return self.resend(body or {}, query.get("redirect_to"))
            if route == ("POST", "/auth/v1/verify", None):
                return self.verify(body or {})
            if route == ("PUT", "/auth/v1/user", None):
                return self.update_user(headers, body or {})
            return 404, {"code": "not_found", "message": "Not found"}


class _WeakPassword(_Refused):
    def __init__(self, reasons: list[str]) -> None:
        super().__init__(422, "weak_password", f"Password should be at least {MIN_PASSWORD_LENGTH} characters.")
        self.reasons = reasons


def _handler_for(standin: SupabaseStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        # HTTP/1.0: one request per connection, so a stopped stand-in really is unreachable.
        def _serve(self) -> None:
            headers = {name.lower(): value for name, value in self.headers.items()}
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                status, body = standin.answer(self.command, self.path, headers, raw)
            except _Refused as refused:
                status, body = refused.status, {"code": refused.code, "message": refused.message}
                if isinstance(refused, _WeakPassword):
                    body["weak_password"] = {"reasons": refused.reasons}
            payload = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            if payload:
                self.send_header("Content-Type", "application/json")
            if headers.get("x-supabase-api-version") == API_VERSION:
                self.send_header("X-Supabase-Api-Version", API_VERSION)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler
