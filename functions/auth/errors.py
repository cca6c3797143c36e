"""The auth service's errors; their base classes decide the HTTP status (shared.api)."""

from shared.errors import Conflict, FieldError, InvalidInput, NotFound, RateLimited, Unauthenticated

__all__ = [
    "EmailTaken",
    "InvalidCredentials",
    "InvalidRefreshToken",
    "LoginThrottled",
    "RefreshTokenReused",
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


class SessionNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No active session with this id belongs to you.")
