"""Password hashing (argon2id) and the strength rule."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from functions.auth.errors import WeakPassword
from shared.config import get_settings

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MIN_LENGTH = 8
MIN_SCORE = 3  # zxcvbn: 0 (guessable in seconds) .. 4 (very unguessable)


@functools.cache
def _hasher() -> PasswordHasher:
    # argon2-cffi's defaults are RFC 9106's low-memory profile of argon2id (t=3, m=64 MiB, p=4);
    # the memory is a setting (PASSWORD_HASH_MEMORY_KIB). A hash made with other parameters still
    # verifies (they are in the hash) and is upgraded at the next log-in (needs_rehash). Imported here, with
    # the first hash: the auth functions that never hash a password (refresh, log-out...) skip it (issue 14).
    from argon2 import PasswordHasher

    return PasswordHasher(memory_cost=get_settings().password_hash_memory_kib)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


@functools.cache
def _dummy_hash() -> str:
    return _hasher().hash("a password nobody has")


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant work whether or not the account exists: with ``password_hash`` None (no such account) the
    password is verified against a dummy hash of the same parameters, and always found wrong. The dummy is
    made on the first call of either kind, so neither pays for it alone."""
    dummy = _dummy_hash()
    from argon2.exceptions import InvalidHashError, VerificationError  # loaded by _dummy_hash() already

    try:
        return _hasher().verify(password_hash or dummy, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


def check_strength(password: str, *, user_inputs: list[str], field: str = "body.password") -> None:
    """Raise ``WeakPassword`` saying why, or return."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"use at least {MIN_LENGTH} characters", field)
    from zxcvbn import zxcvbn  # ~5 ms per check; imported only by the functions that set passwords

    # zxcvbn refuses more than 72 characters (ValueError); judging the first 72 is enough.
    result = zxcvbn(password[:72], user_inputs=user_inputs)
    if result["score"] < MIN_SCORE:
        feedback = result["feedback"]
        reasons = [feedback.get("warning") or "it is easy to guess", *feedback.get("suggestions", [])]
        raise WeakPassword(" ".join(r.rstrip(".") + "." for r in reasons if r), field)
