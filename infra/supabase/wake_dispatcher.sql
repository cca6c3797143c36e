-- Supabase only, applied by `make wake-trigger API_URL=<the stack output ApiUrl>` (python -m
-- infra.supabase.wake: docs/deploy.md), not by infra/migrate.py: it needs pg_net, pgcrypto and Vault,
-- which a plain PostgreSQL lacks. Wakes the event dispatcher (POST /events/wake) after every statement
-- that inserts into the outbox, signed as the function expects: X-Proker-Signature: sha256=<hex
-- HMAC-SHA256 of the body>. A database webhook made in Supabase's dashboard cannot sign (its headers are
-- fixed), hence this trigger.
--
-- It reads two Vault secrets the command stores first: events_wake_secret (the value of the
-- EventsWakeSecretArn secret) and events_wake_url (the API's URL). pg_net sends after the transaction
-- commits, and sends nothing if it rolls back. tests/integration/test_wake_trigger.py runs it against
-- stand-ins of Vault and pg_net, and checks the dispatcher accepts what it would send.

create extension if not exists pgcrypto with schema extensions;

create or replace function events.wake_dispatcher()
  returns trigger language plpgsql security definer set search_path = '' as $$
declare
  payload jsonb := jsonb_build_object('type', 'INSERT', 'schema', 'events', 'table', 'outbox', 'at', now());
  secret text := (select decrypted_secret from vault.decrypted_secrets where name = 'events_wake_secret');
  api_url text := (select decrypted_secret from vault.decrypted_secrets where name = 'events_wake_url');
begin
  perform net.http_post(
    url := rtrim(api_url, '/') || '/events/wake',
    body := payload,
    -- pg_net sends the jsonb as its text form: sign exactly that
    headers := jsonb_build_object('Content-Type', 'application/json', 'X-Proker-Signature',
                                  'sha256=' || encode(extensions.hmac(payload::text, secret, 'sha256'), 'hex')),
    timeout_milliseconds := 5000);
  return null;
end
$$;
revoke all on function events.wake_dispatcher() from public;

drop trigger if exists outbox_wake_dispatcher on events.outbox;
create trigger outbox_wake_dispatcher after insert on events.outbox
  for each statement execute function events.wake_dispatcher();
