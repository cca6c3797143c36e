"""GET /auth/sessions: the caller's active sessions."""

from functions.auth import service
from functions.auth.models import SessionList
from functions.auth.repository import PostgresAuthStore
from shared.api import Authenticated, Router, lambda_handler
from shared.identity import user_transaction

router = Router()


@router.get("/auth/sessions", summary="List my active sessions", tags=["auth"])
def list_sessions(actor: Authenticated) -> SessionList:
    with user_transaction(actor) as tx:
        return service.list_sessions(PostgresAuthStore(tx), actor)


handler = lambda_handler(router)
