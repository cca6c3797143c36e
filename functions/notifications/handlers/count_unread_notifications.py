"""GET /notifications/unread-count: how many of my notifications are unread (the badge)."""

from functions.notifications import service
from functions.notifications.models import UnreadCount
from functions.notifications.repository import notification_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.get("/notifications/unread-count", summary="Count my unread notifications", tags=["notifications"])
def count_unread_notifications(actor: Authenticated) -> UnreadCount:
    with notification_store(actor) as store:
        return service.unread_count(store)


handler = lambda_handler(router)
