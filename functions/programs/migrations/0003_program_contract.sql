-- Milestones, the activity log, and what the program service publishes to the tasks service (its
-- SQL contract): program_facts, milestone_in and record_activity. The tasks service never names
-- program_service's tables, as programs never name organization_service's.

-- A program's id pairs with its organization, so child rows cannot claim another organization.
alter table program_service.programs add constraint programs_id_organization unique (id, organization_id);

-- May the caller change what hangs off this program (milestones, committee, budget)? Its editors,
-- while the program is not final and its period is open.
create function program_service.may_edit_program(program uuid)
  returns boolean language sql stable set search_path = '' as $$
    select exists (select 1 from program_service.programs p
                   where p.id = program and p.status not in ('selesai', 'dibatalkan', 'ditolak')
                     and program_service.can_edit(p.organization_id, p.period_id, p.department_id,
                                                  p.person_in_charge))
  $$;
revoke all on function program_service.may_edit_program(uuid) from public;
grant execute on function program_service.may_edit_program(uuid) to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Milestones: members read; the program's editors write.
create table program_service.milestones (
  id uuid primary key default gen_random_uuid(),
  program_id uuid not null,
  organization_id uuid not null,
  name text not null check (char_length(name) between 1 and 200),
  due_date date,
  position integer not null default 0 check (position >= 0),
  done_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (program_id, organization_id) references program_service.programs (id, organization_id)
    on delete cascade
);
create index milestones_program on program_service.milestones (program_id, position, due_date);

create function program_service.touch_version()
  returns trigger language plpgsql set search_path = '' as $$
begin
  if new.program_id <> old.program_id or new.organization_id <> old.organization_id then
    raise exception 'a row does not move to another program' using errcode = 'check_violation';
  end if;
  new.version := old.version + 1;
  new.updated_at := now();
  return new;
end
$$;
revoke all on function program_service.touch_version() from public;
grant execute on function program_service.touch_version() to authenticated, service_role;
create trigger milestones_touch before update on program_service.milestones
  for each row execute function program_service.touch_version();

alter table program_service.milestones enable row level security;
alter table program_service.milestones force row level security;
create policy milestones_read on program_service.milestones for select to authenticated
  using (organization_service.is_member(organization_id));
create policy milestones_insert on program_service.milestones for insert to authenticated
  with check (version = 1 and program_service.may_edit_program(program_id));
create policy milestones_update on program_service.milestones for update to authenticated
  using (program_service.may_edit_program(program_id)) with check (program_service.may_edit_program(program_id));
create policy milestones_delete on program_service.milestones for delete to authenticated
  using (program_service.may_edit_program(program_id));
grant select, insert, update, delete on program_service.milestones to authenticated;
grant select on program_service.milestones to service_role;

-- ---------------------------------------------------------------------------------------------
-- The activity log: who did what to which entity of a program, when. Written only by triggers
-- (through record_activity); members read it.
create table program_service.activity (
  id bigint generated always as identity primary key,
  program_id uuid not null,
  organization_id uuid not null,
  actor uuid,
  action text not null check (action ~ '^[a-z_]+\.[a-z_]+$'),
  entity text not null check (char_length(entity) between 1 and 50),
  entity_id uuid,
  summary text check (char_length(summary) <= 500),
  at timestamptz not null default clock_timestamp(),
  foreign key (program_id, organization_id) references program_service.programs (id, organization_id)
    on delete cascade
);
create index activity_program on program_service.activity (program_id, id desc);

alter table program_service.activity enable row level security;
alter table program_service.activity force row level security;
create policy activity_read on program_service.activity for select to authenticated
  using (organization_service.is_member(organization_id));
create policy activity_writer on program_service.activity for insert to program_service_writer
  with check (true);
grant select on program_service.activity to authenticated, service_role;
grant insert on program_service.activity to program_service_writer;

-- The writer finds a program's organization (and nothing else of it).
create policy writer_reads on program_service.programs for select to program_service_writer using (true);
grant select (id, organization_id) on program_service.programs to program_service_writer;

-- Record that the caller (the request's user; null for a service) did ``action`` to an entity of
-- ``program``. Executable only by the writer roles whose triggers report activity: nobody can
-- forge an entry through the API.
select public.ensure_service_role('task_service_writer');
create function program_service.record_activity(program uuid, action text, entity text, entity_id uuid,
                                                summary text)
  returns void language sql volatile security definer set search_path = '' as $$
    insert into program_service.activity (program_id, organization_id, actor, action, entity, entity_id, summary)
    select p.id, p.organization_id,
           (nullif(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub', ''))::uuid,
           action, entity, entity_id, left(summary, 500)
    from program_service.programs p where p.id = program
  $$;
alter function program_service.record_activity(uuid, text, text, uuid, text) owner to program_service_writer;
revoke all on function program_service.record_activity(uuid, text, text, uuid, text) from public;
grant usage on schema program_service to task_service_writer;
grant execute on function program_service.record_activity(uuid, text, text, uuid, text)
  to program_service_writer, task_service_writer;

-- ---------------------------------------------------------------------------------------------
-- The contract for the tasks service, answered by a definer that reads only what it publishes.
select public.ensure_service_role('program_service_definer');
grant usage, create on schema program_service to program_service_definer;  -- create: to own functions there
grant usage on schema organization_service to program_service_definer;
grant execute on function organization_service.caller_may_ask(uuid) to program_service_definer;
create policy definer_reads on program_service.programs for select to program_service_definer using (true);
create policy definer_reads on program_service.milestones for select to program_service_definer using (true);
grant select (id, organization_id, period_id, department_id, person_in_charge, status, planned_start, planned_end,
              name) on program_service.programs to program_service_definer;
grant select (id, program_id) on program_service.milestones to program_service_definer;

-- The facts of a program the tasks service decides with; one row when the caller is a member of its
-- organization (or is a service), else none.
create function program_service.program_facts(program uuid)
  returns table (organization_id uuid, period_id uuid, department_id uuid, person_in_charge uuid, status text,
                 planned_start date, planned_end date, name text)
  language sql stable security definer set search_path = '' as $$
    select p.organization_id, p.period_id, p.department_id, p.person_in_charge, p.status, p.planned_start,
           p.planned_end, p.name
    from program_service.programs p
    where p.id = program and organization_service.caller_may_ask(p.organization_id)
  $$;

-- Is ``milestone`` one of ``program``'s milestones (and may the caller ask)?
create function program_service.milestone_in(program uuid, milestone uuid)
  returns boolean language sql stable security definer set search_path = '' as $$
    select exists (select 1 from program_service.milestones m
                   join program_service.programs p on p.id = m.program_id
                   where m.id = milestone and m.program_id = program
                     and organization_service.caller_may_ask(p.organization_id))
  $$;

alter function program_service.program_facts(uuid) owner to program_service_definer;
alter function program_service.milestone_in(uuid, uuid) owner to program_service_definer;
revoke all on function program_service.program_facts(uuid), program_service.milestone_in(uuid, uuid) from public;
grant execute on function program_service.program_facts(uuid), program_service.milestone_in(uuid, uuid)
  to authenticated, service_role, task_service_writer;
