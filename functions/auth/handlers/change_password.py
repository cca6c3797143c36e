"""PUT /auth/password: change the password and end every other session."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.auth import service
from functions.auth.models import ChangePasswordRequest
from functions.auth.repository import PostgresAuthStore
from shared import db
from shared.api import Authenticated, Router, lambda_handler

router = Router()


@router.put("/auth/password", summary="Change my password", tags=["auth"], status_code=204)
def change_password(body: Annotated[ChangePasswordRequest, Body()], actor: Authenticated) -> Response[None]:
    # As the identity provider's role: the user's own role may not read or write password hashes.
    with db.transaction("auth_service_admin") as tx:
        service.change_password(PostgresAuthStore(tx), actor, current_password=body.current_password,
                                new_password=body.new_password)
    return Response(status_code=204)


handler = lambda_handler(router)
