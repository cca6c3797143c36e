"""On AWS, secrets come from Secrets Manager (moto here) and verifying functions read the public
JWKS over HTTP instead of holding the private key."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
import pytest
from moto import mock_aws

from shared import db, keys
from shared.config import reset_settings
from shared.errors import Unauthenticated
from shared.identity import verify_access_token
from tests.conftest import STRONG_PASSWORD


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-southeast-3")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        yield boto3.client("secretsmanager")
    from aws_lambda_powertools.utilities import parameters

    parameters.clear_caches()


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    db.close_pool()
    reset_settings()
    keys.reset_keys()
    yield
    db.close_pool()
    reset_settings()
    keys.reset_keys()


def test_secrets_from_secrets_manager_serve_a_whole_request(api, database, aws, fresh_settings, monkeypatch):
    key_set = keys.generate_key_set()
    key_arn = aws.create_secret(Name="proker/signing-key", SecretString=key_set)["ARN"]
    db_arn = aws.create_secret(Name="proker/database-url", SecretString=database)["ARN"]
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.delenv("SIGNING_KEY_FILE")
    monkeypatch.setenv("DATABASE_SECRET_ARN", db_arn)
    monkeypatch.setenv("SIGNING_KEY_SECRET_ARN", key_arn)
    reset_settings()

    response = api.post("/auth/register", json={"email": "aws@hima.example", "password": STRONG_PASSWORD,
                                                "name": "AWS"})
    assert response.status == 201
    expected_kid = keys.thumbprint(keys._parse_key_set(key_set)[0].private_key.public_key())
    assert api.get("/.well-known/jwks.json").json["keys"][0]["kid"] == expected_kid
    assert api.get("/auth/me", token=response.json["access_token"]).status == 200


class _JwksHandler(BaseHTTPRequestHandler):
    document: bytes = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.document)

    def log_message(self, *args: object) -> None:
        pass


def test_a_verifying_function_reads_the_public_jwks_over_http(api, register, fresh_settings, monkeypatch):
    token = register()["access_token"]
    _JwksHandler.document = json.dumps(keys.public_jwks()).encode()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _JwksHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("JWKS_URL", f"http://127.0.0.1:{server.server_port}/.well-known/jwks.json")
        monkeypatch.setenv("SIGNING_KEY_FILE", "/nonexistent/never-read.json")
        reset_settings()
        keys.reset_keys()
        assert verify_access_token(token).email is not None
        assert keys.signing_keys.cache_info().currsize == 0  # the private key was never loaded
        _JwksHandler.document = json.dumps({"keys": []}).encode()
        keys.reset_keys()
        with pytest.raises(Unauthenticated):
            verify_access_token(token)
    finally:
        server.shutdown()
