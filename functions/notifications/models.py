"""Wire models of the notifications API (what goes over HTTP), separate from rows."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import AfterValidator, AnyHttpUrl, Field, StringConstraints, UrlConstraints

from functions.notifications.event_types import WEBHOOK_EVENT_TYPES, WebhookEventType
from shared.types import NON_BLANK, Model, Request

MAX_WEBHOOKS = 10
"""Per organization: each is called in the consumer's transaction, within the event's send budget."""

WebhookUrl = Annotated[AnyHttpUrl, UrlConstraints(max_length=2000, allowed_schemes=["https", "http"]),
                       Field(description="Where events are POSTed: https, on a public address.",
                             examples=["https://hooks.example.org/proker"])]
Description = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), NON_BLANK]


def _unique(types: list[str]) -> list[str]:
    return list(dict.fromkeys(types))


# ---- the inbox ----

class Notification(Model):
    """One notification in my inbox."""

    id: UUID
    type: str = Field(description="The event it tells of, e.g. `task.assigned`, `task.overdue`, `report.generated`.",
                      examples=["task.assigned"])
    title: str = Field(description="In my language (Indonesian unless my settings say `en`).")
    body: str
    link: str | None = Field(description="Where it leads in the app, e.g. `/tasks/<id>` (or a report's link).")
    organization_id: UUID | None
    created_at: datetime
    read_at: datetime | None = Field(description="When I marked it read; null while unread.")


class NotificationAfter(Model):
    """Keyset of the inbox (newest first)."""

    created_at: datetime
    id: UUID


class UnreadCount(Model):
    unread: int = Field(ge=0, description="How many of my notifications are unread.")


class MarkedRead(Model):
    marked: int = Field(ge=0, description="How many unread notifications this request marked read.")


# ---- webhooks ----

class WebhookCreate(Request):
    organization_id: UUID
    url: WebhookUrl
    event_types: Annotated[list[WebhookEventType], AfterValidator(_unique)] = Field(
        min_length=1, max_length=len(WEBHOOK_EVENT_TYPES), description="The events to POST to the URL.")
    description: Description | None = None


class Webhook(Model):
    """An organization's webhook. Each delivery is a POST of
    `{"id", "type", "occurred_at", "organization_id", "data"}` with the headers `X-Proker-Event`,
    `X-Proker-Delivery` (the event id), `X-Proker-Timestamp` (Unix seconds) and
    `X-Proker-Signature: sha256=<hex HMAC-SHA256 of the raw body with the secret>`."""

    id: UUID
    organization_id: UUID
    url: str
    event_types: list[str]
    description: str | None
    active: bool
    created_by: UUID
    created_at: datetime


class WebhookCreated(Webhook):
    secret: str = Field(description="The signing secret. Shown only now: keep it where the receiver can use it.")


class WebhookAfter(Model):
    """Keyset of an organization's webhooks (oldest first)."""

    created_at: datetime
    id: UUID


class WebhookDelivery(Model):
    """One attempt to deliver an event to a webhook."""

    id: int
    webhook_id: UUID
    event_id: UUID
    event_type: str
    attempt: int = Field(description="1 for the first try; retries (on a 5xx, 429, timeout or connection error) "
                                     "count up.")
    status_code: int | None = Field(description="The receiver's HTTP status; null when none came back.")
    error: str | None = Field(description="What went wrong, when it did (a 2xx has none).")
    duration_ms: int | None
    at: datetime


class DeliveryAfter(Model):
    """Keyset of a webhook's deliveries (newest first)."""

    id: int

