"""PATCH /users/me: change some fields of my profile (If-Match: its ETag, else 412)."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.users import service
from functions.users.models import Profile, ProfileUpdate
from functions.users.repository import user_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import IfMatch, expected_version, tagged

router = Router()


@router.patch("/users/me", summary="Edit my profile", tags=["users"])
def update_me(body: Annotated[ProfileUpdate, Body()], actor: Authenticated,
              if_match: IfMatch = None) -> Response[Profile]:
    with user_store(actor) as store:
        return tagged(*service.update_my_profile(store, actor, body, expected_version(if_match)))


handler = lambda_handler(router)
