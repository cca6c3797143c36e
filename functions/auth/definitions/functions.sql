-- The current definitions of auth_service's functions: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a function here; a new numbered migration only for what cannot be replaced in place (a new signature or
-- return type: drop it there first; a table or column it needs).

-- Implemented above: functions of auth_service this service calls as its own, whose bodies a service above it
-- writes because they read that service's tables (docs/decisions/0026-sql-definitions.md, "Interfaces implemented
-- above"). Their names, arguments and meaning are this service's; a test checks each is declared here and
-- implemented by a service above.
--   implemented by users: auth_service.language_of(account uuid) -> text: the language ('id' or 'en') the account's
--     e-mails are written in, Indonesian when the user chose none. Services only.

create or replace function auth_service.email_is_verified()
returns boolean
language sql stable security definer set search_path = '' as $function$
    with caller as (
      select (claims ->> 'sub')::uuid as id, lower(claims ->> 'email') as email
      from (select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb as claims) c
    )
    select exists (select 1 from auth_service.users u, caller
                   where u.id = caller.id and u.email = caller.email and u.email_verified_at is not null)
        or exists (select 1 from auth_service.external_accounts a, caller
                   where a.id = caller.id and a.email = caller.email and a.email_confirmed_at is not null)
  $function$;
alter function auth_service.email_is_verified() owner to auth_service_definer;
revoke all on function auth_service.email_is_verified() from public;
grant execute on function auth_service.email_is_verified() to authenticated, auth_service_admin;

create or replace function auth_service.publish_email_request()
returns trigger
language plpgsql security definer set search_path = '' as $function$
begin
  insert into events.outbox (type, aggregate, aggregate_id, organization_id, payload)
  values ('auth.' || new.purpose || '_requested', 'user', new.user_id, null, jsonb_build_object(
    'request_id', new.id, 'user_id', new.user_id, 'purpose', new.purpose));
  return null;
end
$function$;
alter function auth_service.publish_email_request() owner to events_writer;
revoke all on function auth_service.publish_email_request() from public;
grant execute on function auth_service.publish_email_request() to auth_service_admin;

create or replace function auth_service.publish_user_registered()
returns trigger
language plpgsql security definer set search_path = '' as $function$
begin
  insert into events.outbox (type, aggregate, aggregate_id, organization_id, payload)
  values ('user.registered', 'user', new.id, null, jsonb_build_object(
    'user_id', new.id, 'email', new.email, 'name', new.name,
    'provider', coalesce(to_jsonb(new) ->> 'provider', 'builtin')));
  return null;
end
$function$;
alter function auth_service.publish_user_registered() owner to events_writer;
revoke all on function auth_service.publish_user_registered() from public;
grant execute on function auth_service.publish_user_registered() to auth_service_admin;

-- Published contract: is this session still active? Runs as the caller, so it answers only
-- for the caller's own sessions (RLS); other services' functions call it on every request.
create or replace function auth_service.session_is_active(session_id uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select exists (
      select 1 from auth_service.sessions s
      where s.id = session_id and s.revoked_at is null and s.expires_at > now())
  $function$;
revoke all on function auth_service.session_is_active(session_id uuid) from public;
grant execute on function auth_service.session_is_active(session_id uuid) to authenticated, auth_service_admin;
