-- The handover between periods (serah terima, issue 12, docs/decisions/0020-handover.md).
--
-- 1. A department carried over into the next period remembers the one it continues
--    (previous_department_id): the next board reads that one's handover note and history.
-- 2. One handover note per department: what worked, what did not, contacts, where things are. Written while
--    its period is open by the department's heads, the sekretaris and the board (ketua, wakil); read by
--    every member of the organization, of any period (the next board above all). A finished period's notes
--    are history: nobody writes them any more (can_manage and period_is_open refuse it).

alter table organization_service.departments
  add column previous_department_id uuid references organization_service.departments (id) on delete set null;

create table organization_service.handover_notes (
  department_id uuid primary key references organization_service.departments (id) on delete cascade,
  organization_id uuid not null references organization_service.organizations (id) on delete cascade,
  period_id uuid not null references organization_service.periods (id) on delete cascade,
  worked text check (char_length(worked) <= 5000),
  did_not_work text check (char_length(did_not_work) <= 5000),
  contacts text check (char_length(contacts) <= 5000),
  whereabouts text check (char_length(whereabouts) <= 5000),
  updated_by uuid not null,
  updated_at timestamptz not null default now(),
  version integer not null default 1
);
create index handover_notes_period on organization_service.handover_notes (period_id);

-- The note's organization and period are its department's, its author the caller; a note never moves to
-- another department. Runs before the policies judge the row, so they judge the department's own period.
create function organization_service.handover_note_stamp()
  returns trigger language plpgsql set search_path = '' as $$
  begin
    if tg_op = 'UPDATE' then
      new.department_id := old.department_id;
      new.version := old.version + 1;
    end if;
    select d.organization_id, d.period_id into new.organization_id, new.period_id
    from organization_service.departments d where d.id = new.department_id;
    if new.organization_id is null then
      raise foreign_key_violation using message = 'handover note of an unknown department';
    end if;
    new.updated_by := coalesce((select auth.uid()), new.updated_by);  -- a user is always the author
    new.updated_at := now();
    return new;
  end
  $$;
revoke all on function organization_service.handover_note_stamp() from public;
grant execute on function organization_service.handover_note_stamp() to authenticated, service_role;
create trigger handover_note_stamp before insert or update on organization_service.handover_notes
  for each row execute function organization_service.handover_note_stamp();

-- Who writes a department's note: the board and the sekretaris of an open period (or the sitting board
-- preparing the next one), or a head of that department in that period while it is open.
create function organization_service.may_write_handover_note(org uuid, period uuid, department uuid)
  returns boolean language sql stable set search_path = '' as $$
    select organization_service.can_manage(org, period, array['ketua', 'wakil_ketua', 'sekretaris'])
        or (organization_service.period_is_open(period)
            and department = any (array(select organization_service.departments_headed(org, null, period))))
  $$;
revoke all on function organization_service.may_write_handover_note(uuid, uuid, uuid) from public;
grant execute on function organization_service.may_write_handover_note(uuid, uuid, uuid) to authenticated, service_role;

alter table organization_service.handover_notes enable row level security;
alter table organization_service.handover_notes force row level security;

create policy handover_notes_read on organization_service.handover_notes for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));
create policy handover_notes_insert on organization_service.handover_notes for insert to authenticated
  with check (organization_service.may_write_handover_note(organization_id, period_id, department_id));
create policy handover_notes_update on organization_service.handover_notes for update to authenticated
  using (organization_service.may_write_handover_note(organization_id, period_id, department_id))
  with check (organization_service.may_write_handover_note(organization_id, period_id, department_id));

grant select, insert, update on organization_service.handover_notes to authenticated;
grant select on organization_service.handover_notes to service_role;
