"""GET /.well-known/jwks.json: the public keys that verify our access tokens."""

from typing import Any

from aws_lambda_powertools.event_handler import Response

from shared.api import PUBLIC, Router, lambda_handler
from shared.keys import public_jwks

router = Router()


@router.get("/.well-known/jwks.json", summary="JSON Web Key Set", tags=["auth"], security=PUBLIC)
def get_jwks() -> Response[dict[str, Any]]:
    return Response(status_code=200, body=public_jwks(), content_type="application/json",
                    headers={"Cache-Control": "public, max-age=300"})


handler = lambda_handler(router)
