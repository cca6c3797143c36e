"""POST /auth/login: exchange e-mail and password for an access and a refresh token."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.request import Request

from functions.auth.models import LoginRequest, Tokens
from functions.auth.provider import client_of, get_provider
from shared.api import PUBLIC, Router, lambda_handler

router = Router()


@router.post("/auth/login", summary="Log in", tags=["auth"], security=PUBLIC)
def login(body: Annotated[LoginRequest, Body()], request: Request) -> Tokens:
    return get_provider().login(email=body.email, password=body.password, client=client_of(request))


handler = lambda_handler(router)
