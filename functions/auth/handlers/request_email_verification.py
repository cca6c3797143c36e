"""POST /auth/email/verify-request: mail a new verification link to the address, if it has an account."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.auth.models import EmailAddressRequest
from functions.auth.provider import get_provider
from shared.api import PUBLIC, Router, lambda_handler

router = Router()


@router.post("/auth/email/verify-request", summary="Ask for a new e-mail verification link", tags=["auth"],
             status_code=202, security=PUBLIC,  # asking for a link answers 202 whoever asks
             description="Always 202, whether or not an account has this address or it is verified already. "
                         "Registering sends the first link by itself.")
def request_email_verification(body: Annotated[EmailAddressRequest, Body()]) -> Response[None]:
    get_provider().request_email_verification(email=body.email)
    return Response(status_code=202)


handler = lambda_handler(router)
