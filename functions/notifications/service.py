"""Use cases of the inbox and of the organizations' webhooks, and who may do them. RLS enforces the same
again in the database.

- The inbox: a user lists, marks read and counts their own notifications; anyone else's do not exist
  for them (404).
- Webhooks: the board (ketua, wakil ketua) of the organization's active period creates, lists and
  deletes them and reads their delivery log; other members get 403, outsiders 404.
"""

from __future__ import annotations

import secrets
from uuid import UUID

from functions.notifications.errors import (
    NotBoard,
    NotificationNotFound,
    OrganizationNotFound,
    TooManyWebhooks,
    UnsafeWebhookUrl,
    WebhookNotFound,
)
from functions.notifications.models import (
    MAX_WEBHOOKS,
    DeliveryAfter,
    MarkedRead,
    Notification,
    NotificationAfter,
    UnreadCount,
    Webhook,
    WebhookAfter,
    WebhookCreate,
    WebhookCreated,
    WebhookDelivery,
)
from functions.notifications.repository import NotificationStore
from functions.notifications.targets import UnsafeTarget, check_url
from shared.config import get_settings
from shared.identity import Actor
from shared.pagination import Page, decode_cursor, page_of
from shared.vocabulary import BOARD

SECRET_BYTES = 32


# ---- the inbox ----

def list_notifications(store: NotificationStore, *, unread: bool | None, cursor: str | None,
                       limit: int) -> Page[Notification]:
    after = decode_cursor(cursor, NotificationAfter)
    rows = store.notifications(unread, after.model_dump() if after else None, limit + 1)
    rows, next_cursor = page_of(rows, limit, lambda row: NotificationAfter(created_at=row["created_at"], id=row["id"]))
    return Page[Notification](items=[Notification.model_validate(row) for row in rows], next_cursor=next_cursor)


def mark_read(store: NotificationStore, notification_id: UUID) -> Notification:
    row = store.mark_read(notification_id)
    if row is None:
        raise NotificationNotFound()
    store.commit()
    return Notification.model_validate(row)


def mark_all_read(store: NotificationStore) -> MarkedRead:
    marked = store.mark_all_read()
    store.commit()
    return MarkedRead(marked=marked)


def unread_count(store: NotificationStore) -> UnreadCount:
    return UnreadCount(unread=store.unread_count())


# ---- webhooks ----

def _require_board(store: NotificationStore, org_id: UUID) -> None:
    standing = store.standing(org_id)
    if not standing["member"]:
        raise OrganizationNotFound()
    if standing["role"] not in BOARD:
        raise NotBoard()


def create_webhook(store: NotificationStore, actor: Actor, request: WebhookCreate) -> WebhookCreated:
    _require_board(store, request.organization_id)
    url = str(request.url)
    try:
        check_url(url, allow_private=get_settings().notify_allow_private_targets)
    except UnsafeTarget as error:
        raise UnsafeWebhookUrl(str(error)) from error
    if store.count_webhooks(request.organization_id) >= MAX_WEBHOOKS:
        raise TooManyWebhooks(MAX_WEBHOOKS)
    secret = secrets.token_hex(SECRET_BYTES)
    row = store.create_webhook({"organization_id": request.organization_id, "url": url, "secret": secret,
                                "event_types": list(request.event_types), "description": request.description,
                                "created_by": actor.user_id})
    store.commit()
    return WebhookCreated.model_validate({**row, "secret": secret})


def list_webhooks(store: NotificationStore, org_id: UUID, *, cursor: str | None, limit: int) -> Page[Webhook]:
    _require_board(store, org_id)
    after = decode_cursor(cursor, WebhookAfter)
    rows = store.webhooks(org_id, after.model_dump() if after else None, limit + 1)
    rows, next_cursor = page_of(rows, limit, lambda row: WebhookAfter(created_at=row["created_at"], id=row["id"]))
    return Page[Webhook](items=[Webhook.model_validate(row) for row in rows], next_cursor=next_cursor)


def delete_webhook(store: NotificationStore, webhook_id: UUID) -> None:
    """Delete a webhook and its delivery log; no further event is sent to it."""
    if store.webhook(webhook_id) is None or not store.delete_webhook(webhook_id):
        raise WebhookNotFound()
    store.commit()


def list_deliveries(store: NotificationStore, webhook_id: UUID, *, cursor: str | None,
                    limit: int) -> Page[WebhookDelivery]:
    if store.webhook(webhook_id) is None:
        raise WebhookNotFound()
    after = decode_cursor(cursor, DeliveryAfter)
    rows = store.deliveries(webhook_id, after.id if after else None, limit + 1)
    rows, next_cursor = page_of(rows, limit, lambda row: DeliveryAfter(id=row["id"]))
    return Page[WebhookDelivery](items=[WebhookDelivery.model_validate(row) for row in rows], next_cursor=next_cursor)
