-- Domain events of programs, written by trigger into the outbox in the same transaction as the
-- change (DESIGN.md §4): program.created and program.status_changed. The dispatcher (the events
-- issue) delivers them; until the events service owns its schema, the outbox is created here, only
-- where it is missing.

create schema if not exists events;

create table if not exists events.outbox (
  id uuid primary key default gen_random_uuid(),
  type text not null check (type ~ '^[a-z_]+\.[a-z_]+$'),
  aggregate text not null,
  aggregate_id uuid not null,
  payload jsonb not null,
  organization_id uuid,
  occurred_at timestamptz not null default clock_timestamp(),
  attempts integer not null default 0,
  state text not null default 'pending' check (state in ('pending', 'delivered', 'failed'))
);
create index if not exists outbox_pending on events.outbox (occurred_at) where state = 'pending';

-- Nobody reads or writes the outbox as a user: no grant and no policy for authenticated or anon.
-- service_role (the dispatcher) bypasses RLS; the writers below may only insert.
alter table events.outbox enable row level security;
alter table events.outbox force row level security;
revoke all on events.outbox from public, anon, authenticated;
grant usage on schema events to service_role;
grant select, update on events.outbox to service_role;

select public.ensure_service_role('events_writer');
grant usage on schema events to events_writer;
grant insert on events.outbox to events_writer;
drop policy if exists writer_inserts on events.outbox;
create policy writer_inserts on events.outbox for insert to events_writer with check (state = 'pending');
grant usage, create on schema program_service to events_writer;

create function program_service.publish_program_event()
  returns trigger language plpgsql security definer set search_path = '' as $$
declare
  actor uuid := (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')::uuid;
begin
  if tg_op = 'INSERT' then
    insert into events.outbox (type, aggregate, aggregate_id, organization_id, payload)
    values ('program.created', 'program', new.id, new.organization_id, jsonb_build_object(
      'program_id', new.id, 'organization_id', new.organization_id, 'period_id', new.period_id,
      'department_id', new.department_id, 'name', new.name, 'status', new.status,
      'person_in_charge', new.person_in_charge, 'created_by', new.created_by));
  elsif new.status <> old.status then
    insert into events.outbox (type, aggregate, aggregate_id, organization_id, payload)
    values ('program.status_changed', 'program', new.id, new.organization_id, jsonb_build_object(
      'program_id', new.id, 'organization_id', new.organization_id, 'period_id', new.period_id,
      'department_id', new.department_id, 'name', new.name, 'from', old.status, 'to', new.status,
      'note', nullif(current_setting('program_service.note', true), ''), 'changed_by', actor,
      'person_in_charge', new.person_in_charge, 'version', new.version));
  end if;
  return null;
end
$$;
alter function program_service.publish_program_event() owner to events_writer;
revoke all on function program_service.publish_program_event() from public;
grant execute on function program_service.publish_program_event() to authenticated, service_role;
create trigger programs_publish_events after insert or update of status on program_service.programs
  for each row execute function program_service.publish_program_event();
