"""Token signing keys and the public key set (JWKS).

The key set is JSON ``{"keys": [{"private_key_pem": "..."}, ...]}``; the first key signs,
all are published (so a retired key keeps verifying until its tokens expire). It lives in a
local file, generated on first use (``make dev``, tests), or in Secrets Manager on AWS.
Functions that only verify tokens read the public JWKS from ``JWKS_URL`` when it is set,
so they never need the private key.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from shared.config import get_settings
from shared.errors import ServiceUnavailable

_generate_lock = threading.Lock()


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_key: rsa.RSAPrivateKey

    @property
    def public_jwk(self) -> dict[str, Any]:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        return {"kty": "RSA", "n": jwk["n"], "e": jwk["e"], "kid": self.kid, "alg": "RS256", "use": "sig"}


def thumbprint(public_key: rsa.RSAPublicKey) -> str:
    """RFC 7638 JWK thumbprint: a stable ``kid`` derived from the key itself."""
    jwk = json.loads(RSAAlgorithm.to_jwk(public_key))
    canonical = json.dumps({"e": jwk["e"], "kty": "RSA", "n": jwk["n"]}, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()


def generate_key_set() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return json.dumps({"keys": [{"private_key_pem": pem}]})


def ensure_local_key_file(path: Path) -> None:
    """Create the key file once. It is written aside and linked into place, so a concurrent
    first run either wins or reads the complete file of the one that did."""
    if path.exists():
        return
    with _generate_lock:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key-")
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(generate_key_set())
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)


def _parse_key_set(text: str) -> list[SigningKey]:
    keys = []
    for entry in json.loads(text)["keys"]:
        private_key = serialization.load_pem_private_key(entry["private_key_pem"].encode(), password=None)
        if not isinstance(private_key, rsa.RSAPrivateKey):
            raise ValueError("signing keys must be RSA (API Gateway's JWT authorizer accepts only RSA)")
        keys.append(SigningKey(kid=thumbprint(private_key.public_key()), private_key=private_key))
    if not keys:
        raise ValueError("the signing key set is empty")
    return keys


@functools.cache
def signing_keys() -> tuple[SigningKey, ...]:
    settings = get_settings()
    if settings.signing_key_secret_arn:
        from shared.secrets import get_secret

        text = get_secret(settings.signing_key_secret_arn)
    else:
        ensure_local_key_file(settings.signing_key_file)
        text = settings.signing_key_file.read_text()
    return tuple(_parse_key_set(text))


def active_signing_key() -> SigningKey:
    return signing_keys()[0]


def public_jwks() -> dict[str, Any]:
    return {"keys": [key.public_jwk for key in signing_keys()]}


@functools.cache
def _jwks_client(url: str) -> Any:
    from jwt import PyJWKClient

    return PyJWKClient(url, cache_keys=True, lifespan=300, timeout=5)


def verification_key(kid: str) -> Any | None:
    """The public key for ``kid`` of our own issuer, or None when there is none."""
    settings = get_settings()
    if settings.jwks_url and not settings.signing_key_secret_arn:
        # A function that does not sign reads the public key set, never the private key.
        return key_from_jwks(settings.jwks_url, kid)
    for key in signing_keys():
        if key.kid == kid:
            return key.private_key.public_key()
    return None


def key_from_jwks(url: str, kid: str) -> Any | None:
    """The key ``kid`` of the key set at ``url`` (cached), None when the set has no such key.

    An unreachable key set is ``ServiceUnavailable``: the token may well be valid.
    """
    import jwt

    try:
        return _jwks_client(url).get_signing_key(kid).key
    except jwt.PyJWKClientConnectionError as error:
        raise ServiceUnavailable("the token signing keys cannot be fetched right now") from error
    except jwt.PyJWTError:
        return None


_generation = 0


def generation() -> int:
    """How many times the keys were reset: what was verified with older keys counts no more."""
    return _generation


def reset_keys() -> None:
    global _generation
    signing_keys.cache_clear()
    _jwks_client.cache_clear()
    _generation += 1


def jwks_client(url: str) -> Any:
    """A cached JWKS client for a trusted external issuer (Supabase)."""
    return _jwks_client(url)
