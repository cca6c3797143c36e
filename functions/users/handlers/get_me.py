"""GET /users/me: my profile (created from my token the first time), with its ETag."""

from aws_lambda_powertools.event_handler import Response

from functions.users import service
from functions.users.models import Profile
from functions.users.repository import user_store
from shared.api import Authenticated, Router, lambda_handler
from shared.etags import tagged

router = Router()


@router.get("/users/me", summary="My profile", tags=["users"])
def get_me(actor: Authenticated) -> Response[Profile]:
    with user_store(actor) as store:
        return tagged(*service.get_my_profile(store, actor))


handler = lambda_handler(router)
