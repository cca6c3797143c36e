"""POST /notifications/webhooks: add a signed webhook to an organization (its board)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.notifications import service
from functions.notifications.models import WebhookCreate, WebhookCreated
from functions.notifications.repository import notification_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post("/notifications/webhooks", summary="Add a signed webhook to an organization (the board; the secret is "
                                                "shown once)", tags=["notifications"], status_code=201)
def create_webhook(body: Annotated[WebhookCreate, Body()], actor: Authenticated) -> WebhookCreated:
    with notification_store(actor) as store:
        return service.create_webhook(store, actor, body)


handler = lambda_handler(router, idempotent=True)
