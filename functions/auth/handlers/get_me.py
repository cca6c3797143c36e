"""GET /auth/me: who the access token belongs to."""

from functions.auth.models import User
from functions.auth.provider import get_provider
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.get("/auth/me", summary="The signed-in user", tags=["auth"])
def get_me(actor: Authenticated) -> User:
    return get_provider().me(actor)


handler = lambda_handler(router)
