"""POST /notifications/read-all: mark all my unread notifications read."""

from functions.notifications import service
from functions.notifications.models import MarkedRead
from functions.notifications.repository import notification_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post("/notifications/read-all", summary="Mark all my notifications read", tags=["notifications"])
def mark_all_notifications_read(actor: Authenticated) -> MarkedRead:
    with notification_store(actor) as store:
        return service.mark_all_read(store)


handler = lambda_handler(router)
