"""The errors every domain raises, by meaning. They know nothing of HTTP: ``shared.api`` maps
each class (and so every subclass a domain defines) to a status once. Below the kinds, the errors that
several services raise (an organization, period or program that is not the caller's, a role that does not
allow an action, ...), each declared here once with one message; a service's ``errors`` re-exports them."""

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


# ---- the errors several services raise: one class, one message each ----

class OrganizationNotFound(NotFound):
    """Also what a non-member sees: an organization outside one's own does not exist for them."""

    def __init__(self) -> None:
        super().__init__("No organization with this id among your organizations.")


class PeriodNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No period with this id in this organization.")


class ProgramNotFound(NotFound):
    """Also what a non-member sees: a program of another organization does not exist for them."""

    def __init__(self) -> None:
        super().__init__("No program with this id among your organizations' programs.")


class NotAllowed(Forbidden):
    """A member whose role does not allow ``action``; the role is the one held ``role_in`` the organization or,
    for what belongs to a program, in the program's period."""

    def __init__(self, action: str, *, role_in: str = "this organization") -> None:
        super().__init__(f"Your role in {role_in} does not allow you to {action}.")


class NoActivePeriod(InvalidInput):
    """No period named, and none to default to."""

    def __init__(self, field: str = "body.period_id") -> None:
        super().__init__("The organization has no active period: name the period.",
                         errors=[FieldError(field, "is required: the organization has no active period", "missing")])


class OrganizationArchived(Conflict):
    def __init__(self) -> None:
        super().__init__("This organization is archived; it can no longer be changed.")


class PeriodFinished(Conflict):
    """A finished period (``selesai``) is read-only history; ``period`` says which one, as the request reached it."""

    def __init__(self, period: str = "This period") -> None:
        super().__init__(f"{period} is finished; its data is read-only history.")


class ProgramFinal(Conflict):
    """A program in a final status (shared.vocabulary.FINAL_PROGRAM_STATUSES) changes no more, nor what it holds."""

    def __init__(self, status: str, program: str = "This program") -> None:
        super().__init__(f"{program} is '{status}', a final status; it and all it holds are read-only.")


class IllegalTransition(Conflict):
    """A status change its lifecycle does not allow; ``thing`` is what changes status (a program, a task)."""

    def __init__(self, thing: str, current: str, wanted: str, allowed: list[str]) -> None:
        listed = ", ".join(allowed) if allowed else "none (it is final)"
        super().__init__(f"A {thing} cannot go from '{current}' to '{wanted}'. Allowed from '{current}': {listed}.",
                         errors=[FieldError("body.to", f"must be one of: {listed}", "illegal_transition")])


class StaleVersion(PreconditionFailed):
    """An update or delete whose If-Match is not the resource's ETag any more (shared.etags): nothing is saved."""

    def __init__(self, thing: str) -> None:
        super().__init__(f"The {thing} was changed since you read it (If-Match does not match its ETag); "
                         "read it again and retry.")
