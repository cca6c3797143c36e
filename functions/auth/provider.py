"""The identity provider the auth endpoints delegate to: the built-in one (tables in
``auth_service``) by default, Supabase Auth when ``SUPABASE_URL`` and ``SUPABASE_KEY`` are set."""

from __future__ import annotations

from typing import Protocol

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler.request import Request

from functions.auth import recovery, service
from functions.auth.models import Tokens, User
from functions.auth.repository import PostgresAuthStore
from functions.auth.service import Client
from shared import db
from shared.api import client_address
from shared.config import get_settings
from shared.identity import Actor, user_transaction

logger = Logger(child=True)


def client_of(request: Request) -> Client:
    user_agent = next((v for k, v in request.headers.items() if k.lower() == "user-agent"), None)
    return Client(ip_address=client_address(request), user_agent=user_agent)


class IdentityProvider(Protocol):
    def register(self, *, email: str, password: str, name: str, client: Client) -> Tokens: ...
    def login(self, *, email: str, password: str, client: Client) -> Tokens: ...
    def refresh(self, *, refresh_token: str) -> Tokens: ...
    def logout(self, actor: Actor) -> None: ...
    def me(self, actor: Actor) -> User: ...
    def request_password_reset(self, *, email: str) -> None: ...
    def reset_password(self, *, token: str, new_password: str) -> None: ...
    def request_email_verification(self, *, email: str) -> None: ...
    def verify_email(self, *, token: str) -> None: ...


class BuiltinProvider:
    """Credentials in ``auth_service``. Requests without an access token run as the provider's
    own role ``auth_service_admin``; requests with one run as the user (``authenticated``)."""

    def register(self, *, email: str, password: str, name: str, client: Client) -> Tokens:
        # The account's insert writes user.registered in the same transaction (migration 0003): the users
        # service's consumer creates the profile from it, however long that takes. The call below only
        # makes it exist before this request answers, as it usually does.
        with db.transaction("auth_service_admin") as tx:
            tokens = service.register(PostgresAuthStore(tx), email=email, password=password, name=name,
                                      client=client)
        create_profile(tokens.user)  # after the commit, with the connection given back
        return tokens

    def login(self, *, email: str, password: str, client: Client) -> Tokens:
        with db.transaction("auth_service_admin") as tx:
            return service.login(PostgresAuthStore(tx), email=email, password=password, client=client)

    def refresh(self, *, refresh_token: str) -> Tokens:
        with db.transaction("auth_service_admin") as tx:
            return service.refresh(PostgresAuthStore(tx), refresh_token=refresh_token)

    def logout(self, actor: Actor) -> None:
        with user_transaction(actor) as tx:
            service.logout(PostgresAuthStore(tx), actor)

    def me(self, actor: Actor) -> User:
        with user_transaction(actor) as tx:
            return service.me(PostgresAuthStore(tx), actor)

    def request_password_reset(self, *, email: str) -> None:
        with db.transaction("auth_service_admin") as tx:
            recovery.request_password_reset(PostgresAuthStore(tx), email=email)

    def reset_password(self, *, token: str, new_password: str) -> None:
        with db.transaction("auth_service_admin") as tx:
            recovery.reset_password(PostgresAuthStore(tx), token=token, new_password=new_password)

    def request_email_verification(self, *, email: str) -> None:
        with db.transaction("auth_service_admin") as tx:
            recovery.request_email_verification(PostgresAuthStore(tx), email=email)

    def verify_email(self, *, token: str) -> None:
        with db.transaction("auth_service_admin") as tx:
            recovery.verify_email(PostgresAuthStore(tx), token=token)


def create_profile(user: User) -> None:
    """Ask the users service to create the new account's profile now (an idempotent PUT, retried by the
    client), so that it exists when registration answers.

    The account exists whatever happens here: a failure is logged, not raised. The profile is created
    anyway from the ``user.registered`` event the registration wrote to the outbox
    (``functions/users/consumers/create_profile.py``), retried until it is.
    """
    from shared.service_client import ServiceCallFailed, ServiceClient  # registration alone calls a service

    try:
        ServiceClient("auth").put("users", f"/users/internal/profiles/{user.id}",
                                  json={"email": user.email, "display_name": user.name})
    except ServiceCallFailed as error:
        logger.warning("the users service did not create the new account's profile yet; its consumer of "
                       "user.registered will",
                       extra={"user_id": str(user.id), "reason": error.reason, "status": error.status})


def get_provider() -> IdentityProvider:
    if get_settings().supabase_enabled:
        from functions.auth.supabase_provider import SupabaseProvider

        return SupabaseProvider()
    return BuiltinProvider()
