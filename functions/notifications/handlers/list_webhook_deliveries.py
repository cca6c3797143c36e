"""GET /notifications/webhooks/{webhook_id}/deliveries: every delivery attempt, newest first (the board)."""

from uuid import UUID

from functions.notifications import service
from functions.notifications.models import WebhookDelivery
from functions.notifications.repository import notification_store
from shared.api import Authenticated, Router, lambda_handler
from shared.pagination import DEFAULT_LIMIT, Cursor, Limit, Page

router = Router()


@router.get("/notifications/webhooks/<webhook_id>/deliveries",
            summary="List a webhook's delivery attempts, newest first (the board)", tags=["notifications"])
def list_webhook_deliveries(webhook_id: UUID, actor: Authenticated, cursor: Cursor = None,
                            limit: Limit = DEFAULT_LIMIT) -> Page[WebhookDelivery]:
    with notification_store(actor) as store:
        return service.list_deliveries(store, webhook_id, cursor=cursor, limit=limit)


handler = lambda_handler(router)
