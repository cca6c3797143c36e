"""Settings, validated once per execution environment.

This is the only module that reads ``os.environ``. Secrets that live in AWS (the
database URL, the token signing key) are named here by ARN and fetched through
Powertools parameters, with a cache, only when first needed.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError, field_validator

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseModel):
    """Everything a function may be configured with. Unknown variables are ignored."""

    service_name: str = Field("proker", alias="POWERTOOLS_SERVICE_NAME")
    metrics_disabled: bool = Field(False, alias="POWERTOOLS_METRICS_DISABLED")
    # Database: a URL, or (on AWS) the ARN of a Secrets Manager secret holding it.
    database_url: str | None = Field(None, alias="DATABASE_URL")
    database_secret_arn: str | None = Field(None, alias="DATABASE_SECRET_ARN")
    db_pool_max_size: int = Field(2, alias="DB_POOL_MAX_SIZE", ge=1, le=50)
    db_connect_timeout: float = Field(5.0, alias="DB_CONNECT_TIMEOUT", gt=0)
    # Tokens
    jwt_issuer: str = Field("http://127.0.0.1:3000", alias="JWT_ISSUER")
    jwt_audience: str = Field("authenticated", alias="JWT_AUDIENCE")
    access_token_ttl_seconds: int = Field(900, alias="ACCESS_TOKEN_TTL_SECONDS", ge=60, le=86400)
    refresh_token_ttl_seconds: int = Field(30 * 86400, alias="REFRESH_TOKEN_TTL_SECONDS", ge=3600)
    # Where the signing key lives: a local file (generated on first use) or a secret.
    signing_key_file: Path = Field(PROJECT_ROOT / ".data" / "jwt-signing-key.json", alias="SIGNING_KEY_FILE")
    signing_key_secret_arn: str | None = Field(None, alias="SIGNING_KEY_SECRET_ARN")
    # Where functions that only verify tokens read the public keys (AWS: the JWKS URL).
    jwks_url: str | None = Field(None, alias="JWKS_URL")
    # Where a function reaches the other services (shared.service_client): the API's base URL.
    # Unset (or empty), it is JWT_ISSUER, which is the API's own URL with the built-in provider.
    api_base_url: str | None = Field(None, alias="API_BASE_URL")
    # Supabase Auth as identity provider, when both are set.
    supabase_url: str | None = Field(None, alias="SUPABASE_URL")
    supabase_key: str | None = Field(None, alias="SUPABASE_KEY")
    # Login throttling
    login_max_failures_per_account: int = Field(5, alias="LOGIN_MAX_FAILURES_PER_ACCOUNT", ge=1)
    login_max_failures_per_address: int = Field(20, alias="LOGIN_MAX_FAILURES_PER_ADDRESS", ge=1)
    login_failure_window_seconds: int = Field(900, alias="LOGIN_FAILURE_WINDOW_SECONDS", ge=1)
    # argon2id memory per password hash, in KiB: RFC 9106's low-memory profile (64 MiB) by default.
    # The test suite lowers it (tests/conftest.py): hashing dominated its run time, not what it tests.
    password_hash_memory_kib: int = Field(64 * 1024, alias="PASSWORD_HASH_MEMORY_KIB", ge=1024)
    # Largest request body a function accepts.
    max_body_bytes: int = Field(64 * 1024, alias="MAX_BODY_BYTES", ge=1024)

    model_config = {"populate_by_name": True, "extra": "ignore", "frozen": True}

    @field_validator("jwt_issuer", "supabase_url", "api_base_url")
    @classmethod
    def _strip_slash(cls, value: str | None) -> str | None:
        return value.rstrip("/") if value else value

    @property
    def service_base_url(self) -> str:
        """The gateway through which services call each other."""
        return self.api_base_url or self.jwt_issuer  # "" (a template parameter left empty) counts as unset

    @property
    def supabase_enabled(self) -> bool:
        return bool(self.supabase_url and self.supabase_key)

    @property
    def supabase_issuer(self) -> str | None:
        return f"{self.supabase_url}/auth/v1" if self.supabase_url else None


class ConfigurationError(RuntimeError):
    """The environment does not describe a valid configuration."""


@functools.cache
def get_settings() -> Settings:
    try:
        return Settings.model_validate(dict(os.environ))
    except ValidationError as error:  # fail at cold start, naming the variable
        raise ConfigurationError(str(error)) from error


def reset_settings() -> None:
    """Forget the cached settings (tests change the environment)."""
    get_settings.cache_clear()
