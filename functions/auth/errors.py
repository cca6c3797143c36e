"""The auth service's errors; their base classes decide the HTTP status (shared.api)."""

from shared.errors import (
    Conflict,
    FieldError,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimited,
    ServiceUnavailable,
    Unauthenticated,
)

__all__ = [
    "EmailNotConfirmed",
    "EmailTaken",
    "IdentityProviderRateLimited",
    "IdentityProviderUnavailable",
    "InvalidCredentials",
    "InvalidOneTimeToken",
    "InvalidRefreshToken",
    "LoginThrottled",
    "RefreshTokenReused",
    "SessionEnded",
    "SessionNotFound",
    "WeakPassword",
    "WrongCurrentPassword",
]


class EmailTaken(Conflict):
    def __init__(self) -> None:
        super().__init__("An account with this e-mail address already exists.",
                         errors=[FieldError("body.email", "is already registered", "taken")])


class WeakPassword(InvalidInput):
    def __init__(self, reason: str, field: str = "body.password") -> None:
        super().__init__(f"The password is too weak: {reason}", errors=[FieldError(field, reason, "weak_password")])


class WrongCurrentPassword(InvalidInput):
    def __init__(self) -> None:
        super().__init__("The current password is not correct.",
                         errors=[FieldError("body.current_password", "is not correct", "wrong_password")])


class InvalidCredentials(Unauthenticated):
    def __init__(self) -> None:
        super().__init__("The e-mail address or password is not correct.")


class InvalidRefreshToken(Unauthenticated):
    def __init__(self) -> None:
        super().__init__("The refresh token is not valid or its session has ended.")


class RefreshTokenReused(Unauthenticated):
    def __init__(self) -> None:
        super().__init__("This refresh token was already used; the session has been ended for safety.")


class LoginThrottled(RateLimited):
    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__("Too many failed log-ins; try again later.", retry_after_seconds=retry_after_seconds)


class InvalidOneTimeToken(InvalidInput):
    """A password reset or verification link that was never issued, has expired, or was used already:
    one answer for all three, as a link checker learns nothing from which."""

    def __init__(self) -> None:
        super().__init__("This link is not valid any more: it has expired or was already used. Ask for a new one.",
                         errors=[FieldError("body.token", "is not valid, has expired or was already used",
                                            "invalid_token")])


class SessionNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No active session with this id belongs to you.")


class SessionEnded(Unauthenticated):
    def __init__(self) -> None:
        super().__init__("The session of this access token has already ended.")


class EmailNotConfirmed(Forbidden):
    def __init__(self) -> None:
        super().__init__("Confirm your e-mail address first (follow the link sent to it), then log in.")


class IdentityProviderRateLimited(RateLimited):
    """The external identity provider (Supabase Auth) refuses more requests for now."""

    def __init__(self, retry_after_seconds: int = 60) -> None:
        super().__init__("Too many sign-in requests right now; try again later.",
                         retry_after_seconds=retry_after_seconds)


class IdentityProviderUnavailable(ServiceUnavailable):
    """The external identity provider (Supabase Auth) cannot be reached or failed."""

    def __init__(self) -> None:
        super().__init__("The sign-in service is temporarily unavailable; try again shortly.")
