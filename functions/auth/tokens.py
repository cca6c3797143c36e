"""Issuing tokens: RS256 access tokens in Supabase's format, opaque rotating refresh tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from uuid import UUID

import jwt

from shared.config import get_settings
from shared.keys import active_signing_key


def issue_access_token(*, user_id: UUID, email: str, name: str, session_id: UUID,
                       now: datetime) -> tuple[str, int]:
    """Return the token and its expiry as a Unix timestamp. Like Supabase's, it carries the name given at
    sign-up in ``user_metadata`` (the users service starts a profile from it)."""
    settings = get_settings()
    issued_at = int(now.timestamp())
    expires_at = issued_at + settings.access_token_ttl_seconds
    key = active_signing_key()
    claims = {
        "iss": settings.jwt_issuer,
        "sub": str(user_id),
        "aud": settings.jwt_audience,
        "exp": expires_at,
        "iat": issued_at,
        "email": email,
        "role": "authenticated",
        "session_id": str(session_id),
        "user_metadata": {"name": name},
        "aal": "aal1",
        "is_anonymous": False,
    }
    token = jwt.encode(claims, key.private_key, algorithm="RS256", headers={"kid": key.kid})
    return token, expires_at


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


def refresh_token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def new_one_time_token() -> str:
    """The secret of a mailed link (password reset, e-mail verification): 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def one_time_token_hash(token: str) -> bytes:
    """What is stored of a mailed link's token: its SHA-256 (256 random bits need no slow hash)."""
    return hashlib.sha256(token.encode()).digest()
