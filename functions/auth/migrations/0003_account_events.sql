-- Events of accounts, written by trigger into the outbox (events.outbox) in the same transaction as the
-- change (DESIGN.md §4), so what must follow a registration or a request cannot be lost:
--   user.registered: an account was created here, or an external provider's account was first seen;
--     the users service creates its profile (functions/users/consumers/create_profile.py), and the
--     auth service mails a built-in account its verification link.
--   auth.email_verification_requested, auth.password_reset_requested: the auth service mints a token
--     and mails it (functions/auth/consumers/send_emails.py). The payload never holds a token.
-- The outbox and its writer role belong to the events service; on a fresh database these migrations
-- run before the one that creates the outbox, which PL/pgSQL only looks for when a trigger fires.

select public.ensure_service_role('events_writer');
grant usage, create on schema auth_service to events_writer;  -- create: to own the functions

create function auth_service.publish_user_registered()
  returns trigger language plpgsql security definer set search_path = '' as $$
begin
  insert into events.outbox (type, aggregate, aggregate_id, organization_id, payload)
  values ('user.registered', 'user', new.id, null, jsonb_build_object(
    'user_id', new.id, 'email', new.email, 'name', new.name,
    'provider', coalesce(to_jsonb(new) ->> 'provider', 'builtin')));
  return null;
end
$$;
alter function auth_service.publish_user_registered() owner to events_writer;
revoke all on function auth_service.publish_user_registered() from public;
grant execute on function auth_service.publish_user_registered() to auth_service_admin;

create trigger users_publish_registered after insert on auth_service.users
  for each row execute function auth_service.publish_user_registered();
create trigger external_accounts_publish_registered after insert on auth_service.external_accounts
  for each row execute function auth_service.publish_user_registered();

create function auth_service.publish_email_request()
  returns trigger language plpgsql security definer set search_path = '' as $$
begin
  insert into events.outbox (type, aggregate, aggregate_id, organization_id, payload)
  values ('auth.' || new.purpose || '_requested', 'user', new.user_id, null, jsonb_build_object(
    'request_id', new.id, 'user_id', new.user_id, 'purpose', new.purpose));
  return null;
end
$$;
alter function auth_service.publish_email_request() owner to events_writer;
revoke all on function auth_service.publish_email_request() from public;
grant execute on function auth_service.publish_email_request() to auth_service_admin;

create trigger email_requests_publish after insert on auth_service.email_requests
  for each row execute function auth_service.publish_email_request();
