"""Forged access tokens: each must be refused with 401, by the gateway and by the function."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from shared.keys import active_signing_key


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _segments(header: dict[str, Any], claims: dict[str, Any]) -> str:
    return _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(claims).encode())


def _sign(claims: dict[str, Any], **header: Any) -> str:
    key = active_signing_key()
    return jwt.encode(claims, key.private_key, algorithm="RS256", headers={"kid": key.kid, **header})


def alg_none(token: str) -> str:
    claims = jwt.decode(token, options={"verify_signature": False})
    return _segments({"alg": "none", "typ": "JWT", "kid": active_signing_key().kid}, claims) + "."


def hs256_with_public_key(token: str) -> str:
    claims = jwt.decode(token, options={"verify_signature": False})
    public_pem = active_signing_key().private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    signing_input = _segments({"alg": "HS256", "typ": "JWT", "kid": active_signing_key().kid}, claims)
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + _b64(signature)


def key_of_ones_own(token: str) -> str:
    claims = jwt.decode(token, options={"verify_signature": False})
    own = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(claims, own, algorithm="RS256", headers={"kid": active_signing_key().kid})


def _resigned(**changes: Any) -> Callable[[str], str]:
    def forge(token: str) -> str:
        claims = jwt.decode(token, options={"verify_signature": False})
        return _sign({**claims, **changes})
    return forge


def expired(token: str) -> str:
    now = int(time.time())
    return _resigned(iat=now - 3600, exp=now - 600)(token)


def not_yet_valid(token: str) -> str:
    return _resigned(nbf=int(time.time()) + 600)(token)


def wrong_audience(token: str) -> str:
    return _resigned(aud="someone-else")(token)


def wrong_issuer(token: str) -> str:
    return _resigned(iss="https://evil.example")(token)


def tampered_payload(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["email"] = "ketua@hima.example"
    claims["sub"] = "00000000-0000-0000-0000-000000000001"
    return f"{header}.{_b64(json.dumps(claims).encode())}.{signature}"


def unknown_kid(token: str) -> str:
    claims = jwt.decode(token, options={"verify_signature": False})
    return _sign(claims, kid="not-a-key-we-have")


FORGERIES: dict[str, Callable[[str], str]] = {
    "alg none": alg_none,
    "HS256 signed with the public key": hs256_with_public_key,
    "a key of one's own": key_of_ones_own,
    "expired": expired,
    "not yet valid": not_yet_valid,
    "wrong audience": wrong_audience,
    "wrong issuer": wrong_issuer,
    "tampered payload": tampered_payload,
    "unknown kid": unknown_kid,
}
