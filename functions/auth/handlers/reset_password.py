"""POST /auth/password/reset: set a new password with the token of a mailed reset link."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.auth.models import ResetPasswordRequest
from functions.auth.provider import get_provider
from shared.api import PUBLIC, Router, lambda_handler

router = Router()


@router.post("/auth/password/reset", summary="Reset my password with a mailed link", tags=["auth"],
             status_code=204, security=PUBLIC,  # the mailed link is the credential
             description="Uses the link up and ends every session of the account; log in with the new password.")
def reset_password(body: Annotated[ResetPasswordRequest, Body()]) -> Response[None]:
    get_provider().reset_password(token=body.token, new_password=body.new_password)
    return Response(status_code=204)


handler = lambda_handler(router)
