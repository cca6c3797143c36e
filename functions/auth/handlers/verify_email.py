"""POST /auth/email/verify: prove an e-mail address with the token of a mailed verification link."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.auth.models import VerifyEmailRequest
from functions.auth.provider import get_provider
from shared.api import PUBLIC, Router, lambda_handler

router = Router()


@router.post("/auth/email/verify", summary="Verify my e-mail address with a mailed link", tags=["auth"],
             status_code=204, security=PUBLIC,  # the mailed link is the credential
             description="Only a verified address may accept an invitation sent to it.")
def verify_email(body: Annotated[VerifyEmailRequest, Body()]) -> Response[None]:
    get_provider().verify_email(token=body.token)
    return Response(status_code=204)


handler = lambda_handler(router)
