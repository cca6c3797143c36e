"""GET /notifications/webhooks?organization_id=: an organization's webhooks (its board)."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query

from functions.notifications import service
from functions.notifications.models import Webhook
from functions.notifications.repository import notification_store
from shared.api import Authenticated, Router, lambda_handler
from shared.pagination import DEFAULT_LIMIT, Cursor, Limit, Page

router = Router()


@router.get("/notifications/webhooks", summary="List an organization's webhooks (the board)", tags=["notifications"])
def list_webhooks(
    actor: Authenticated,
    organization_id: Annotated[UUID, Query(description="The organization whose webhooks to list.")],
    cursor: Cursor = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Page[Webhook]:
    with notification_store(actor) as store:
        return service.list_webhooks(store, organization_id, cursor=cursor, limit=limit)


handler = lambda_handler(router)
