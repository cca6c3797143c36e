"""The errors every domain raises, by meaning. They know nothing of HTTP: ``shared.api`` maps
each class (and so every subclass a domain defines) to a status once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field; ``field`` is a dotted path such as ``body.email``."""

    field: str
    message: str
    code: str = "invalid"


class DomainError(Exception):
    """Base of every expected failure. ``detail`` is safe to show to the caller."""

    title = "Request failed"

    def __init__(self, detail: str, *, errors: Sequence[FieldError] = ()) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = tuple(errors)


class InvalidInput(DomainError):
    title = "Invalid input"


class Unauthenticated(DomainError):
    title = "Not authenticated"


class Forbidden(DomainError):
    title = "Forbidden"


class NotFound(DomainError):
    title = "Not found"


class Conflict(DomainError):
    title = "Conflict"


class Gone(DomainError):
    """What was there has ended for good (an expired or revoked invitation, say)."""

    title = "Gone"


class PreconditionFailed(DomainError):
    title = "Precondition failed"


class RateLimited(DomainError):
    title = "Too many requests"

    def __init__(self, detail: str, *, retry_after_seconds: int) -> None:
        super().__init__(detail)
        self.retry_after_seconds = max(1, int(retry_after_seconds))


class ServiceUnavailable(DomainError):
    title = "Service unavailable"
