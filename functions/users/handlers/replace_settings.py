"""PUT /users/me/settings: replace my settings whole (If-Match: their ETag, else 412)."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.users import service
from functions.users.models import Settings
from functions.users.repository import user_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import IfMatch, expected_version, tagged

router = Router()


@router.put("/users/me/settings", summary="Replace my settings", tags=["users"])
def replace_settings(body: Annotated[Settings, Body()], actor: Authenticated,
                     if_match: IfMatch = None) -> Response[Settings]:
    with user_store(actor) as store:
        return tagged(*service.replace_my_settings(store, actor, body, expected_version(if_match)))


handler = lambda_handler(router)
