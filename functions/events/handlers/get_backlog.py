"""GET /events/backlog: how many events wait (pending, failed) and are dead. For our services only
(a service token; a user's token is 403), e.g. a monitoring page."""

from typing import Annotated

from aws_lambda_powertools.event_handler.depends import Depends

from functions.events.models import Backlog
from functions.events.repository import outbox_store
from shared.api import SERVICE_ONLY, Router, lambda_handler, service_caller
from shared.identity import ServiceIdentity

router = Router()


@router.get("/events/backlog", summary="Count the events not delivered yet (services only)", tags=["events"],
            security=SERVICE_ONLY)
def get_backlog(caller: Annotated[ServiceIdentity, Depends(service_caller("events"))]) -> Backlog:
    with outbox_store() as store:
        return store.backlog()


handler = lambda_handler(router)
