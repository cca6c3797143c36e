"""GET /notifications: my inbox, newest first (filter: unread)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from functions.notifications import service
from functions.notifications.models import Notification
from functions.notifications.repository import notification_store
from shared.api import Authenticated, Router, lambda_handler
from shared.pagination import DEFAULT_LIMIT, Cursor, Limit, Page

router = Router()


@router.get("/notifications", summary="List my notifications, newest first (filter: unread)",
            tags=["notifications"])
def list_notifications(
    actor: Authenticated,
    unread: Annotated[bool | None, Query(description="Only unread notifications (true) or only read ones (false).")]
    = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Page[Notification]:
    with notification_store(actor) as store:
        return service.list_notifications(store, unread=unread, cursor=cursor, limit=limit)


handler = lambda_handler(router)
