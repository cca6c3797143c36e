"""PUT /users/internal/profiles/{user_id}: create a new account's profile. For the auth service only
(a service token; a user's token is 403). Idempotent: the caller may retry."""

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.openapi.params import Body

from functions.users import service
from functions.users.models import ProfileRegistration
from functions.users.repository import service_store
from shared.api import SERVICE_ONLY, Router, lambda_handler, service_caller
from shared.identity import ServiceIdentity

router = Router()


@router.put("/users/internal/profiles/<user_id>", summary="Create a registered account's profile (services only)",
            tags=["users"], status_code=204, security=SERVICE_ONLY)
def register_profile(user_id: UUID, body: Annotated[ProfileRegistration, Body()],
                     caller: Annotated[ServiceIdentity, Depends(service_caller("users"))]) -> Response[None]:
    with service_store() as store:
        service.register_profile(store, caller, user_id, email=body.email, display_name=body.display_name)
    return Response(status_code=204)


handler = lambda_handler(router)
