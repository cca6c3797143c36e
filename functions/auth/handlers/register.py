"""POST /auth/register: create an account and its first session."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.request import Request

from functions.auth.models import RegisterRequest, Tokens
from functions.auth.provider import client_of, get_provider
from shared.api import PUBLIC, Router, lambda_handler

router = Router()


@router.post("/auth/register", summary="Register an account", tags=["auth"], status_code=201,
             security=PUBLIC)
def register(body: Annotated[RegisterRequest, Body()], request: Request) -> Response[Tokens]:
    tokens = get_provider().register(email=body.email, password=body.password, name=body.name,
                                     client=client_of(request))
    return Response(status_code=201, body=tokens, content_type="application/json")


handler = lambda_handler(router)
