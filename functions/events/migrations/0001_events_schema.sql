-- The events service owns the schema `events` (DESIGN.md §4, docs/decisions/0007-events.md): the
-- outbox every service's triggers write into (created by functions/programs/migrations/0002, with
-- its writer role events_writer), the delivery state the dispatcher keeps in it, and the receipts
-- that make consumers idempotent. Nobody but service_role (the dispatcher, the consumers) reads or
-- changes any of it; writers only insert pending events.

create schema if not exists events;
grant usage on schema events to service_role;

-- ---------------------------------------------------------------------------------------------
-- Delivery state. pending: never tried; failed: tried, retried at next_attempt_at; dead: failed
-- EVENTS_MAX_ATTEMPTS times, left for a person (python -m infra.events requeue); delivered.
alter table events.outbox drop constraint if exists outbox_state_check;
alter table events.outbox add constraint outbox_state_check
  check (state in ('pending', 'delivered', 'failed', 'dead'));
alter table events.outbox
  add column next_attempt_at timestamptz,
  add column last_error text check (char_length(last_error) <= 2000),
  add column delivered_at timestamptz,
  add constraint outbox_attempts check (attempts >= 0),
  add constraint outbox_delivered check ((state = 'delivered') = (delivered_at is not null));
update events.outbox set next_attempt_at = occurred_at;
alter table events.outbox alter column next_attempt_at set default clock_timestamp(),
                          alter column next_attempt_at set not null;

-- Claiming walks this index: the due, undelivered rows in order (FOR UPDATE SKIP LOCKED).
drop index if exists events.outbox_pending;
create index outbox_due on events.outbox (next_attempt_at) where state in ('pending', 'failed');
create index outbox_dead on events.outbox (occurred_at) where state = 'dead';
create index outbox_delivered on events.outbox (delivered_at) where state = 'delivered';

-- Wake the dispatcher (locally: LISTEN events_outbox) when the inserting transaction commits; once
-- per statement, and PostgreSQL folds equal notifications of one transaction into one.
create function events.notify_outbox()
  returns trigger language plpgsql set search_path = '' as $$
begin
  perform pg_notify('events_outbox', '');
  return null;
end
$$;
revoke all on function events.notify_outbox() from public;
grant execute on function events.notify_outbox() to events_writer, service_role;
create trigger outbox_notify after insert on events.outbox
  for each statement execute function events.notify_outbox();

grant select, update, delete on events.outbox to service_role;

-- ---------------------------------------------------------------------------------------------
-- "Consumer X handled event E", written in the consumer's own transaction with its effect
-- (shared/consumer.py), so a redelivered event changes nothing.
create table events.receipts (
  consumer text not null check (consumer ~ '^[a-z0-9_]+$'),
  event_id uuid not null,
  handled_at timestamptz not null default now(),
  primary key (consumer, event_id)
);
create index receipts_handled on events.receipts (handled_at);
alter table events.receipts enable row level security;
alter table events.receipts force row level security;
revoke all on events.receipts from public, anon, authenticated;
grant select, insert, delete on events.receipts to service_role;

-- True when this is the first receipt of ``event`` for ``consumer`` (then handle it), else false.
create function events.record_receipt(consumer text, event uuid)
  returns boolean language sql volatile set search_path = '' as $$
    with inserted as (
      insert into events.receipts (consumer, event_id) values (consumer, event)
      on conflict do nothing returning 1)
    select exists (select 1 from inserted)
  $$;

-- What is waiting: pending (never tried), failed (waiting for a retry), dead; the oldest
-- undelivered event's time (its age is what an alarm watches).
create function events.backlog()
  returns table (pending bigint, failed bigint, dead bigint, oldest_undelivered_at timestamptz)
  language sql stable set search_path = '' as $$
    select count(*) filter (where o.state = 'pending'), count(*) filter (where o.state = 'failed'),
           (select count(*) from events.outbox d where d.state = 'dead'), min(o.occurred_at)
    from events.outbox o where o.state in ('pending', 'failed')
  $$;

-- Forget delivered events and receipts older than ``keep`` (receipts must outlive any redelivery:
-- SQS keeps a message 4 days, a dead-letter queue 14).
create function events.prune(keep interval)
  returns table (events bigint, receipts bigint) language sql volatile set search_path = '' as $$
    with gone_events as (
      delete from events.outbox o where o.state = 'delivered' and o.delivered_at < now() - keep returning 1),
    gone_receipts as (
      delete from events.receipts r where r.handled_at < now() - keep returning 1)
    select (select count(*) from gone_events), (select count(*) from gone_receipts)
  $$;

revoke all on function events.record_receipt(text, uuid), events.backlog(), events.prune(interval) from public;
grant execute on function events.record_receipt(text, uuid), events.backlog(), events.prune(interval)
  to service_role;
