"""GET /auth/health: the function runs and reaches its database."""

from functions.auth.models import Health
from shared import db
from shared.api import Router, lambda_handler

router = Router()


@router.get("/auth/health", summary="Health of the auth service", tags=["auth"])
def health() -> Health:
    with db.transaction("anon") as tx:
        tx.execute("select 1")
    return Health(status="ok", service="auth", database="ok")


handler = lambda_handler(router)
