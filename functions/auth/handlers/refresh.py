"""POST /auth/refresh: rotate the refresh token; a reused one ends its session."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.auth.models import RefreshRequest, Tokens
from functions.auth.provider import get_provider
from shared.api import PUBLIC, Router, lambda_handler

router = Router()


@router.post("/auth/refresh", summary="Refresh the access token", tags=["auth"], security=PUBLIC)
def refresh(body: Annotated[RefreshRequest, Body()]) -> Tokens:
    return get_provider().refresh(refresh_token=body.refresh_token)


handler = lambda_handler(router)
