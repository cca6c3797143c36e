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
    # Events (functions/events, docs/decisions/0007-events.md): the EventBridge bus the dispatcher puts
    # events on (unset: no bus, as locally, where infra/local/events.py delivers them); how many it
    # claims at once; a failed delivery is retried after base * 2^(attempts - 1) seconds (at most
    # the max) and is dead after EVENTS_MAX_ATTEMPTS; delivered events and consumers' receipts are
    # kept this many days. The wake-up call (POST /events/wake) is signed with a secret: a value
    # locally, a Secrets Manager ARN on AWS. The local dispatcher sweeps this often besides NOTIFY.
    events_bus_name: str | None = Field(None, alias="EVENTS_BUS_NAME")
    events_batch_size: int = Field(50, alias="EVENTS_BATCH_SIZE", ge=1, le=500)
    events_max_attempts: int = Field(8, alias="EVENTS_MAX_ATTEMPTS", ge=1, le=100)
    events_backoff_base_seconds: float = Field(10.0, alias="EVENTS_BACKOFF_BASE_SECONDS", ge=0)
    events_backoff_max_seconds: float = Field(3600.0, alias="EVENTS_BACKOFF_MAX_SECONDS", ge=0)
    events_retention_days: int = Field(30, alias="EVENTS_RETENTION_DAYS", ge=1)
    events_wake_secret: str | None = Field(None, alias="EVENTS_WAKE_SECRET")
    events_wake_secret_arn: str | None = Field(None, alias="EVENTS_WAKE_SECRET_ARN")
    events_sweep_seconds: float = Field(5.0, alias="EVENTS_SWEEP_SECONDS", gt=0)
    # Operators' alerts (functions/notifications/alerts.py): {"discord": url, "slack": url}, or on AWS a
    # Secrets Manager secret holding it.
    alert_webhooks: str | None = Field(None, alias="ALERT_WEBHOOKS")
    alert_webhooks_secret_arn: str | None = Field(None, alias="ALERT_WEBHOOKS_SECRET_ARN")
    stage_name: str = Field("local", alias="STAGE_NAME")  # which deployment speaks (the stack's name on AWS)
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
    # Login throttling (docs/auth.md): failures count per (account, address) pair within the window; after
    # LOGIN_FREE_FAILURES the pair waits LOGIN_FIRST_DELAY_SECONDS, doubling with each further failure up to
    # the window. One address (an IPv6 /64) failing for more than LOGIN_MAX_ACCOUNTS_PER_ADDRESS accounts
    # within the window is refused until they age out: a cap against spraying, high for a campus NAT.
    login_free_failures: int = Field(5, alias="LOGIN_FREE_FAILURES", ge=1)
    login_first_delay_seconds: int = Field(30, alias="LOGIN_FIRST_DELAY_SECONDS", ge=1)
    login_failure_window_seconds: int = Field(900, alias="LOGIN_FAILURE_WINDOW_SECONDS", ge=1)
    login_max_accounts_per_address: int = Field(100, alias="LOGIN_MAX_ACCOUNTS_PER_ADDRESS", ge=1)
    # Single-use links mailed by the auth service: how long each lasts, and how many of each kind one
    # account is sent per hour (more requests are accepted and ignored, so nobody learns anything).
    password_reset_ttl_seconds: int = Field(3600, alias="PASSWORD_RESET_TTL_SECONDS", ge=300, le=86400)
    email_verification_ttl_seconds: int = Field(3 * 86400, alias="EMAIL_VERIFICATION_TTL_SECONDS", ge=3600,
                                                le=30 * 86400)
    auth_emails_per_hour: int = Field(3, alias="AUTH_EMAILS_PER_HOUR", ge=1, le=100)
    # An e-mail invitation is answered only by an account that proved the address. Locally no link is
    # mailed (no sender), so `make dev` turns this off; nowhere else should.
    invitations_require_verified_email: bool = Field(True, alias="INVITATIONS_REQUIRE_VERIFIED_EMAIL")
    # argon2id memory per password hash, in KiB: RFC 9106's low-memory profile (64 MiB) by default.
    # The test suite lowers it (tests/conftest.py): hashing dominated its run time, not what it tests.
    password_hash_memory_kib: int = Field(64 * 1024, alias="PASSWORD_HASH_MEMORY_KIB", ge=1024)
    # Largest request body a function accepts.
    max_body_bytes: int = Field(64 * 1024, alias="MAX_BODY_BYTES", ge=1024)
    # Report files (shared/files.py): on AWS the S3 bucket (template.yaml: ReportsBucket); unset, a local
    # folder the local gateway serves at /_files/<key> behind links signed with REPORT_FILES_SECRET
    # (unset: a random secret kept in that folder). A link to a file lasts REPORT_LINK_SECONDS.
    reports_bucket: str | None = Field(None, alias="REPORTS_BUCKET")
    report_files_dir: Path = Field(PROJECT_ROOT / ".data" / "reports", alias="REPORT_FILES_DIR")
    report_files_secret: str | None = Field(None, alias="REPORT_FILES_SECRET")
    report_link_seconds: int = Field(3600, alias="REPORT_LINK_SECONDS", ge=60, le=7 * 86400)
    # Notifications (functions/notifications): the From address of e-mails (a verified SES identity;
    # unset: no e-mail is sent), SES's region when not the function's, and the frontend's base URL
    # for the links in e-mails and chat messages.
    notification_email_sender: str | None = Field(None, alias="NOTIFICATION_EMAIL_SENDER")
    ses_region: str | None = Field(None, alias="SES_REGION")
    app_base_url: str = Field("http://127.0.0.1:5173", alias="APP_BASE_URL")
    # External sends (SES, Discord, Slack, webhooks) happen inside the consumer's transaction: each
    # request waits at most this long, a webhook is tried this many times (backoff doubling from
    # the base), and all sends of one event stop starting after the budget (docs/api.md).
    notify_http_timeout: float = Field(5.0, alias="NOTIFY_HTTP_TIMEOUT", gt=0, le=30)
    notify_webhook_attempts: int = Field(3, alias="NOTIFY_WEBHOOK_ATTEMPTS", ge=1, le=5)
    notify_webhook_backoff: float = Field(0.5, alias="NOTIFY_WEBHOOK_BACKOFF", ge=0, le=10)
    notify_send_budget: float = Field(20.0, alias="NOTIFY_SEND_BUDGET", gt=0, le=300)
    # Webhooks may point at loopback and private addresses (local development and tests only).
    notify_allow_private_targets: bool = Field(False, alias="NOTIFY_ALLOW_PRIVATE_TARGETS")

    # defer_build: the validator is built by the first get_settings() (the first request), not when a
    # function imports this module (issue 14: its import is part of every cold start's init)
    model_config = {"populate_by_name": True, "extra": "ignore", "frozen": True, "defer_build": True}

    @field_validator("jwt_issuer", "supabase_url", "api_base_url", "app_base_url")
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
