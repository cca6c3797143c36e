"""GET /users/me/settings: my settings (the defaults until I save some), with their ETag."""

from aws_lambda_powertools.event_handler import Response

from functions.users import service
from functions.users.models import Settings
from functions.users.repository import user_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import tagged

router = Router()


@router.get("/users/me/settings", summary="My settings", tags=["users"])
def get_settings(actor: Authenticated) -> Response[Settings]:
    with user_store(actor) as store:
        return tagged(*service.get_my_settings(store, actor))


handler = lambda_handler(router)
