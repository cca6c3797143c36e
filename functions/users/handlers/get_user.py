"""GET /users/{user_id}: someone's public profile, if they share an organization with me."""

from uuid import UUID

from functions.users import service
from functions.users.models import PublicProfile
from functions.users.repository import user_store
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.get("/users/<user_id>", summary="A fellow member's public profile", tags=["users"])
def get_user(user_id: UUID, actor: Authenticated) -> PublicProfile:
    with user_store(actor) as store:
        return service.get_profile(store, actor, user_id)


handler = lambda_handler(router)
