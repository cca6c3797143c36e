-- The program service: programs (proker) and their status history. Everything it knows about
-- organizations, periods, departments and roles comes from organization_service's SQL contract
-- (my_role, has_role, can_manage, departments_headed, member_role, is_member, period_is_open,
-- my_organizations), never from its tables.

create schema if not exists program_service;
grant usage on schema program_service to authenticated, service_role;

-- Owner of the history trigger: it alone writes program_status_history (callers cannot forge it).
select public.ensure_service_role('program_service_writer');
grant usage, create on schema program_service to program_service_writer;

create table program_service.programs (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null,
  period_id uuid not null,
  department_id uuid,
  code text check (code ~ '^[A-Za-z0-9_.-]{1,30}$'),
  name text not null check (char_length(name) between 1 and 200),
  description text check (char_length(description) <= 10000),
  objectives text check (char_length(objectives) <= 10000),
  target_group text check (char_length(target_group) <= 2000),
  success_indicators text check (char_length(success_indicators) <= 10000),
  type text not null check (type in ('event', 'rutin', 'berkelanjutan')),
  location text check (char_length(location) <= 500),
  planned_start date,
  planned_end date,
  actual_start date,
  actual_end date,
  person_in_charge uuid,
  budget_planned numeric(14, 2) not null default 0 check (budget_planned >= 0),
  status text not null default 'draft' check (status in ('draft', 'diajukan', 'revisi', 'disetujui',
                                                         'dalam_progres', 'ditunda', 'selesai', 'dibatalkan',
                                                         'ditolak')),
  cancel_reason text check (char_length(cancel_reason) <= 2000),
  version integer not null default 1,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint programs_planned_dates check (planned_end >= planned_start),
  constraint programs_actual_dates check (actual_end >= actual_start),
  constraint programs_cancel_reason check ((status = 'dibatalkan') = (cancel_reason is not null))
);
create unique index programs_code_unique on program_service.programs (period_id, lower(code)) where code is not null;
create index programs_list on program_service.programs (organization_id, created_at desc, id desc);
create index programs_period on program_service.programs (period_id);
create index programs_person_in_charge on program_service.programs (person_in_charge);

create table program_service.program_status_history (
  id bigint generated always as identity primary key,
  program_id uuid not null references program_service.programs (id) on delete cascade,
  organization_id uuid not null,
  from_status text,
  to_status text not null,
  note text check (char_length(note) <= 2000),
  changed_by uuid,
  changed_at timestamptz not null default clock_timestamp()
);
create index program_status_history_program on program_service.program_status_history (program_id, id);

-- ---------------------------------------------------------------------------------------------
-- The lifecycle of DOMAIN.md, once, in SQL (the service keeps the same table in Python; a test
-- checks that both agree).
create function program_service.allowed_transitions(from_status text)
  returns text[] language sql immutable set search_path = '' as $$
    select case from_status
      when 'draft' then array['diajukan']
      when 'diajukan' then array['disetujui', 'revisi', 'ditolak']
      when 'revisi' then array['diajukan']
      when 'disetujui' then array['dalam_progres', 'dibatalkan']
      when 'dalam_progres' then array['ditunda', 'selesai', 'dibatalkan']
      when 'ditunda' then array['dalam_progres', 'dibatalkan']
      else array[]::text[] end
  $$;

-- The board (ketua, wakil ketua) of the program's period.
create function program_service.is_board(org uuid, period uuid)
  returns boolean language sql stable set search_path = '' as $$
    select organization_service.has_role(org, array['ketua', 'wakil_ketua'], period)
  $$;

-- May the caller create a program in this department of this period? The board, or a head
-- (kepala / wakil kepala departemen) in their own department, of that period; the period must be open.
create function program_service.can_create(org uuid, period uuid, department uuid)
  returns boolean language sql stable set search_path = '' as $$
    select organization_service.period_is_open(period)
       and (program_service.is_board(org, period)
            or (department is not null
                and department in (select organization_service.departments_headed(org, null, period))))
  $$;

-- May the caller edit this program? As creating, plus its person in charge (an active member).
create function program_service.can_edit(org uuid, period uuid, department uuid, pic uuid)
  returns boolean language sql stable set search_path = '' as $$
    select program_service.can_create(org, period, department)
        or (pic = (select auth.uid()) and organization_service.period_is_open(period)
            and organization_service.my_role(org, period) is not null)
  $$;

-- Row changes the policies cannot see (they do not know the old row): the version and updated_at
-- move on every change, the owner columns never change, a status changes only along the
-- lifecycle, and only the board decides on a submitted program (approve, send back, reject).
create function program_service.programs_before_update()
  returns trigger language plpgsql set search_path = '' as $$
begin
  if new.organization_id <> old.organization_id or new.period_id <> old.period_id
     or new.created_by <> old.created_by or new.created_at <> old.created_at or new.id <> old.id then
    raise exception 'a program''s organization, period and creator do not change'
      using errcode = 'check_violation';
  end if;
  if new.status <> old.status then
    if not new.status = any (program_service.allowed_transitions(old.status)) then
      raise exception 'illegal program status transition % -> %', old.status, new.status
        using errcode = 'check_violation';
    end if;
    if old.status = 'diajukan' and current_user not in ('service_role')
       and not program_service.is_board(old.organization_id, old.period_id) then
      raise exception 'only ketua or wakil ketua decide on a submitted program'
        using errcode = 'insufficient_privilege';
    end if;
  end if;
  new.version := old.version + 1;
  new.updated_at := now();
  return new;
end
$$;
create trigger programs_before_update before update on program_service.programs
  for each row execute function program_service.programs_before_update();

-- Every status (the first one included) is recorded: who, when, from, to and the note the service
-- put in the transaction's setting program_service.note.
create function program_service.record_status()
  returns trigger language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' or new.status <> old.status then
    insert into program_service.program_status_history (program_id, organization_id, from_status, to_status,
                                                         note, changed_by)
    values (new.id, new.organization_id, case when tg_op = 'UPDATE' then old.status end, new.status,
            nullif(current_setting('program_service.note', true), ''),
            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')::uuid);
  end if;
  return null;
end
$$;
alter function program_service.record_status() owner to program_service_writer;
create trigger programs_record_status after insert or update of status on program_service.programs
  for each row execute function program_service.record_status();

revoke all on function program_service.allowed_transitions(text), program_service.is_board(uuid, uuid),
  program_service.can_create(uuid, uuid, uuid), program_service.can_edit(uuid, uuid, uuid, uuid),
  program_service.programs_before_update(), program_service.record_status() from public;
grant execute on function program_service.allowed_transitions(text), program_service.is_board(uuid, uuid),
  program_service.can_create(uuid, uuid, uuid), program_service.can_edit(uuid, uuid, uuid, uuid)
  to authenticated, service_role;
grant execute on function program_service.programs_before_update(), program_service.record_status()
  to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Row level security: the permission table of DOMAIN.md, the second wall behind the service.
alter table program_service.programs enable row level security;
alter table program_service.programs force row level security;
alter table program_service.program_status_history enable row level security;
alter table program_service.program_status_history force row level security;

-- members of the organization (of any period; pembina included) read; outsiders see nothing
create policy programs_read on program_service.programs for select to authenticated
  using (organization_service.is_member(organization_id));
create policy programs_create on program_service.programs for insert to authenticated
  with check (created_by = (select auth.uid()) and status = 'draft' and version = 1
              and program_service.can_create(organization_id, period_id, department_id));
-- final programs (selesai, dibatalkan, ditolak) are history: nobody edits them
create policy programs_edit on program_service.programs for update to authenticated
  using (status not in ('selesai', 'dibatalkan', 'ditolak')
         and program_service.can_edit(organization_id, period_id, department_id, person_in_charge))
  with check (program_service.can_edit(organization_id, period_id, department_id, person_in_charge));
create policy programs_delete on program_service.programs for delete to authenticated
  using (status = 'draft'
         and program_service.can_edit(organization_id, period_id, department_id, person_in_charge));

create policy history_read on program_service.program_status_history for select to authenticated
  using (organization_service.is_member(organization_id));
create policy history_writer on program_service.program_status_history for insert to program_service_writer
  with check (true);

grant select, insert, update, delete on program_service.programs to authenticated;
grant select on program_service.program_status_history to authenticated;
grant insert on program_service.program_status_history to program_service_writer;
grant select on all tables in schema program_service to service_role;
