"""Who is calling: access-token verification (defense in depth behind the gateway's
authorizer), service-token verification (calls between services, see
docs/decisions/0005-service-tokens.md) and the database transaction that runs as a user."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import jwt

from shared import db, keys
from shared.config import get_settings
from shared.errors import Forbidden, Unauthenticated

CLOCK_SKEW_SECONDS = 5
SERVICE_ROLE = "service"
MAX_SERVICE_TOKEN_SECONDS = 300
"""A service token living longer than this is refused, whoever signed it (they are minted for ~60 s)."""
VERIFIED_TOKENS = 512
VERIFIED_SECONDS = 60.0
"""A verified access token is remembered (at most this many, each this long and never past its expiry), so
that a user's next requests to the same function skip PyJWT's parsing and the signature check (about
0.7 ms a request, most of it parsing). Revocation is unaffected: the session is checked in the database
on every request; a signing key withdrawn from the issuer's keys stops counting within a minute."""
_verified: OrderedDict[str, tuple[Actor, float, int]] = OrderedDict()  # token -> actor, until, keys' generation
_verified_lock = threading.Lock()


@dataclass(frozen=True)
class Actor:
    """An authenticated user, as the verified access token describes them."""

    user_id: UUID
    email: str | None
    session_id: UUID | None
    issuer: str
    claims: dict[str, Any] = field(repr=False)
    access_token: str | None = field(default=None, repr=False, compare=False)
    """The token as presented (an external identity provider needs it to end the session)."""

    @property
    def own_session(self) -> bool:
        """Issued by our auth service (so revocable in ``auth_service.sessions``)."""
        return self.issuer == get_settings().jwt_issuer and not _issued_by_supabase(self.issuer)


def _issued_by_supabase(issuer: str) -> bool:
    """Supabase's issuer is trusted once SUPABASE_URL is set (verifying needs no API key). It is
    checked before our own: behind Supabase, JWT_ISSUER (the gateway's issuer) names it too."""
    return issuer == get_settings().supabase_issuer


def _key_for(issuer: str, kid: str | None) -> tuple[Any, list[str]]:
    settings = get_settings()
    if not kid:
        raise Unauthenticated("the access token has no key id")
    if _issued_by_supabase(issuer):
        key, algorithms = keys.key_from_jwks(f"{issuer}/.well-known/jwks.json", kid), ["ES256", "RS256"]
    elif issuer == settings.jwt_issuer:
        key, algorithms = keys.verification_key(kid), ["RS256"]
    else:
        raise Unauthenticated("the access token comes from an issuer this service does not trust")
    if key is None:
        raise Unauthenticated("the access token was signed with an unknown key")
    return key, algorithms


def verify_access_token(token: str) -> Actor:
    """Check signature, algorithm, issuer, audience and lifetime; raise ``Unauthenticated``. A token
    verified in the last minute is not parsed again (``VERIFIED_SECONDS``)."""
    now = time.time()
    with _verified_lock:
        known = _verified.get(token)
    if known is not None and now < known[1] and known[2] == keys.generation():
        return known[0]
    actor = _verified_actor(token)
    with _verified_lock:
        _verified[token] = (actor, min(now + VERIFIED_SECONDS, actor.claims["exp"]), keys.generation())
        while len(_verified) > VERIFIED_TOKENS:
            _verified.popitem(last=False)
    return actor


def _verified_actor(token: str) -> Actor:
    settings = get_settings()
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
        issuer = unverified.get("iss")
        if not isinstance(issuer, str):
            raise Unauthenticated("the access token has no issuer")
        key, algorithms = _key_for(issuer, header.get("kid"))
        claims = jwt.decode(
            token,
            key,
            algorithms=algorithms,
            audience=settings.jwt_audience,
            issuer=issuer,
            leeway=CLOCK_SKEW_SECONDS,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
        )
        if claims.get("role") != "authenticated":
            raise Unauthenticated("the access token is not a user's token")
        session = claims.get("session_id")
        return Actor(
            user_id=UUID(claims["sub"]),
            email=claims.get("email"),
            session_id=UUID(session) if session else None,
            issuer=issuer,
            claims=claims,
            access_token=token,
        )
    except jwt.ExpiredSignatureError as error:
        raise Unauthenticated("the access token has expired") from error
    except jwt.InvalidTokenError as error:
        raise Unauthenticated("the access token is not valid") from error
    except (ValueError, TypeError) as error:
        raise Unauthenticated("the access token is not valid") from error


@dataclass(frozen=True)
class ServiceIdentity:
    """Another service of ours, as its verified service token describes it."""

    name: str
    """The calling service (the token's ``sub``), e.g. ``auth``."""
    audience: str
    claims: dict[str, Any] = field(repr=False)


def _is_user_token(token: str) -> bool:
    try:
        verify_access_token(token)
    except Unauthenticated:
        return False
    return True


def verify_service_token(token: str, audience: str) -> ServiceIdentity:
    """Check a service token meant for ``audience`` (the called service's name).

    Raise ``Forbidden`` for a valid user's access token (a service-only route is not for users) and
    ``Unauthenticated`` for anything else that is not a valid, short-lived service token of our own
    issuer for this audience.
    """
    settings = get_settings()
    try:
        kid = jwt.get_unverified_header(token).get("kid")
        key = keys.verification_key(kid) if kid else None
        if key is None:
            raise jwt.InvalidTokenError("unknown key")
        claims = jwt.decode(
            token,
            key,
            algorithms=["RS256"],
            issuer=settings.jwt_issuer,
            leeway=CLOCK_SKEW_SECONDS,
            options={"require": ["exp", "iat", "sub", "iss", "aud"], "verify_aud": False},
        )
    except (jwt.InvalidTokenError, ValueError, TypeError) as error:
        if _is_user_token(token):  # e.g. one issued by Supabase Auth
            raise Forbidden("This endpoint is for services only; a user's access token is not accepted.") from error
        raise Unauthenticated("the service token is not valid") from error
    if claims.get("role") != SERVICE_ROLE:
        if _is_user_token(token):
            raise Forbidden("This endpoint is for services only; a user's access token is not accepted.")
        raise Unauthenticated("the token is not a service token")
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if audience not in audiences:
        raise Unauthenticated("the service token is meant for another service")
    if not isinstance(claims["iat"], int | float) or claims["exp"] - claims["iat"] > MAX_SERVICE_TOKEN_SECONDS:
        raise Unauthenticated("the service token lives too long")
    if not isinstance(claims["sub"], str) or not claims["sub"]:
        raise Unauthenticated("the service token names no calling service")
    return ServiceIdentity(name=claims["sub"], audience=audience, claims=claims)


def bearer_token(headers: dict[str, str]) -> str:
    value = next((v for k, v in headers.items() if k.lower() == "authorization"), None)
    if not value:
        raise Unauthenticated("this endpoint needs an access token (Authorization: Bearer ...)")
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("the Authorization header must be 'Bearer <access token>'")
    return token.strip()


@contextmanager
def user_transaction(actor: Actor) -> Iterator[db.Transaction]:
    """A transaction as ``authenticated`` with the actor's claims.

    For tokens of our own issuer it first checks that the session is still active, so the
    token of a revoked session is refused before it expires.
    """
    check = ("select auth_service.session_is_active(%s) as active", (actor.session_id,)) if actor.own_session else None
    with db.transaction("authenticated", actor.claims, first=check) as tx:
        if tx.first is not None:
            row = tx.first.fetchone()
            if not row or not row["active"]:
                raise Unauthenticated("the session of this access token has ended")
        yield tx
