"""DELETE /auth/sessions/{session_id}: end one of the caller's sessions."""

from uuid import UUID

from aws_lambda_powertools.event_handler import Response

from functions.auth import service
from functions.auth.repository import PostgresAuthStore
from shared.api import Authenticated, Router, lambda_handler
from shared.identity import user_transaction

router = Router()


@router.delete("/auth/sessions/<session_id>", summary="End one of my sessions", tags=["auth"],
                 status_code=204)
def revoke_session(session_id: UUID, actor: Authenticated) -> Response[None]:
    with user_transaction(actor) as tx:
        service.revoke_session(PostgresAuthStore(tx), actor, session_id)
    return Response(status_code=204)


handler = lambda_handler(router)
