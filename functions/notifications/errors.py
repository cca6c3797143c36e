"""The notification service's errors; their base classes decide the HTTP status (shared.api)."""

from __future__ import annotations

# Raised by several services, so declared once in shared.errors and re-exported here (F401): OrganizationNotFound.
from shared.errors import (  # noqa: F401
    Conflict,
    FieldError,
    Forbidden,
    InvalidInput,
    NotFound,
    OrganizationNotFound,
)


class NotificationNotFound(NotFound):
    """Also what anyone else sees of my notifications: they do not exist for them."""

    def __init__(self) -> None:
        super().__init__("No notification with this id among yours.")


class NotBoard(Forbidden):
    def __init__(self) -> None:
        super().__init__("Only the board (ketua, wakil ketua) of the organization's active period manages its "
                         "webhooks.")


class WebhookNotFound(NotFound):
    """Also what members outside the board see: they may not see the organization's webhooks."""

    def __init__(self) -> None:
        super().__init__("No webhook with this id among your organizations' (that the board of its active period "
                         "may see).")


class TooManyWebhooks(Conflict):
    def __init__(self, limit: int) -> None:
        super().__init__(f"An organization has at most {limit} webhooks; delete one first.")


class UnsafeWebhookUrl(InvalidInput):
    def __init__(self, reason: str) -> None:
        super().__init__(f"The webhook URL is not accepted: {reason}.",
                         errors=[FieldError("body.url", reason, "unsafe_url")])
