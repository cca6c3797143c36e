"""DELETE /notifications/webhooks/{webhook_id}: remove a webhook and its delivery log (the board)."""

from uuid import UUID

from aws_lambda_powertools.event_handler import Response

from functions.notifications import service
from functions.notifications.repository import notification_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.delete("/notifications/webhooks/<webhook_id>", summary="Delete a webhook and its delivery log (the board)",
               tags=["notifications"], status_code=204)
def delete_webhook(webhook_id: UUID, actor: Authenticated) -> Response[None]:
    with notification_store(actor) as store:
        service.delete_webhook(store, webhook_id)
    return Response(status_code=204)


handler = lambda_handler(router)
