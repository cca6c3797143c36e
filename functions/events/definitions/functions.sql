-- The current definitions of events's functions: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a function here; a new numbered migration only for what cannot be replaced in place (a new signature or
-- return type: drop it there first; a table or column it needs).

-- What is waiting: pending (never tried), failed (waiting for a retry), dead; the oldest
-- undelivered event's time (its age is what an alarm watches).
create or replace function events.backlog()
returns table(pending bigint, failed bigint, dead bigint, oldest_undelivered_at timestamp with time zone)
language sql stable set search_path = '' as $function$
    select count(*) filter (where o.state = 'pending'), count(*) filter (where o.state = 'failed'),
           (select count(*) from events.outbox d where d.state = 'dead'), min(o.occurred_at)
    from events.outbox o where o.state in ('pending', 'failed')
  $function$;
revoke all on function events.backlog() from public;
grant execute on function events.backlog() to service_role;

-- Wake the dispatcher (locally: LISTEN events_outbox) when the inserting transaction commits; once
-- per statement, and PostgreSQL folds equal notifications of one transaction into one.
create or replace function events.notify_outbox()
returns trigger
language plpgsql set search_path = '' as $function$
begin
  perform pg_notify('events_outbox', '');
  return null;
end
$function$;
revoke all on function events.notify_outbox() from public;
grant execute on function events.notify_outbox() to events_writer, service_role;

-- Forget delivered events and receipts older than ``keep`` (receipts must outlive any redelivery:
-- SQS keeps a message 4 days, a dead-letter queue 14).
create or replace function events.prune(keep interval)
returns table(events bigint, receipts bigint)
language sql set search_path = '' as $function$
    with gone_events as (
      delete from events.outbox o where o.state = 'delivered' and o.delivered_at < now() - keep returning 1),
    gone_receipts as (
      delete from events.receipts r where r.handled_at < now() - keep returning 1)
    select (select count(*) from gone_events), (select count(*) from gone_receipts)
  $function$;
revoke all on function events.prune(keep interval) from public;
grant execute on function events.prune(keep interval) to service_role;

-- True when this is the first receipt of ``event`` for ``consumer`` (then handle it), else false.
create or replace function events.record_receipt(consumer text, event uuid)
returns boolean
language sql set search_path = '' as $function$
    with inserted as (
      insert into events.receipts (consumer, event_id) values (consumer, event)
      on conflict do nothing returning 1)
    select exists (select 1 from inserted)
  $function$;
revoke all on function events.record_receipt(consumer text, event uuid) from public;
grant execute on function events.record_receipt(consumer text, event uuid) to service_role;

-- A consumer records the receipts of a whole SQS batch in one statement (issue 14: one transaction a
-- batch instead of one an event): the ids of ``events`` that ``consumer`` had not received yet, each
-- once, recorded now.
create or replace function events.record_receipts(consumer text, events uuid[])
returns setof uuid
language sql set search_path = '' as $function$
    insert into events.receipts (consumer, event_id)
    select consumer, e.id from (select distinct unnest(events) as id) e
    on conflict do nothing returning event_id
  $function$;
revoke all on function events.record_receipts(consumer text, events uuid[]) from public;
grant execute on function events.record_receipts(consumer text, events uuid[]) to service_role;
