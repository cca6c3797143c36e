"""POST /auth/password/forgot: mail a password reset link to the address, if it has an account."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.auth.models import EmailAddressRequest
from functions.auth.provider import get_provider
from shared.api import PUBLIC, Router, lambda_handler

router = Router()


@router.post("/auth/password/forgot", summary="Ask for a password reset link", tags=["auth"], status_code=202,
             security=PUBLIC,  # the mailed link is the credential; asking for one answers 202 whoever asks
             description="Always 202, whether or not an account has this address: the answer tells nobody "
                         "which addresses are registered. The link (single use, valid for an hour) goes to the "
                         "address, at most a few times an hour.")
def forgot_password(body: Annotated[EmailAddressRequest, Body()]) -> Response[None]:
    get_provider().request_password_reset(email=body.email)
    return Response(status_code=202)


handler = lambda_handler(router)
