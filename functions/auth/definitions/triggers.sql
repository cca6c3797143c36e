-- The current definitions of auth_service's triggers: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a trigger here; a new numbered migration only for what cannot be replaced in place (a new signature or
-- return type: drop it there first; a table or column it needs).

create or replace trigger email_requests_publish after insert on auth_service.email_requests
  for each row execute function auth_service.publish_email_request();

create or replace trigger external_accounts_publish_registered after insert on auth_service.external_accounts
  for each row execute function auth_service.publish_user_registered();

create or replace trigger users_publish_registered after insert on auth_service.users
  for each row execute function auth_service.publish_user_registered();
