"""POST /notifications/{notification_id}/read: mark one of my notifications read."""

from uuid import UUID

from functions.notifications import service
from functions.notifications.models import Notification
from functions.notifications.repository import notification_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post("/notifications/<notification_id>/read", summary="Mark one of my notifications read (again: no change)",
             tags=["notifications"])
def mark_notification_read(notification_id: UUID, actor: Authenticated) -> Notification:
    with notification_store(actor) as store:
        return service.mark_read(store, notification_id)


handler = lambda_handler(router)
