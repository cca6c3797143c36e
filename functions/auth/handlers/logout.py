"""POST /auth/logout: end the session of the presented access token."""

from aws_lambda_powertools.event_handler import Response

from functions.auth.provider import get_provider
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.post("/auth/logout", summary="Log out of this session", tags=["auth"], status_code=204)
def logout(actor: Authenticated) -> Response[None]:
    get_provider().logout(actor)
    return Response(status_code=204)


handler = lambda_handler(router)
