"""GET /.well-known/openid-configuration: where API Gateway's JWT authorizer finds our keys."""

from typing import Any

from aws_lambda_powertools.event_handler import Response

from shared.api import PUBLIC, Router, lambda_handler
from shared.config import get_settings

router = Router()


@router.get("/.well-known/openid-configuration", summary="OpenID discovery document", tags=["auth"],
            security=PUBLIC)
def get_openid_configuration() -> Response[dict[str, Any]]:
    issuer = get_settings().jwt_issuer
    document = {
        "issuer": issuer,
        "jwks_uri": f"{issuer}/.well-known/jwks.json",
        "id_token_signing_alg_values_supported": ["RS256"],
        "subject_types_supported": ["public"],
        "response_types_supported": ["token"],
    }
    return Response(status_code=200, body=document, content_type="application/json",
                    headers={"Cache-Control": "public, max-age=300"})


handler = lambda_handler(router)
