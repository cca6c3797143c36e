-- What the people of a program write into its LPJ (issue 12): the kata pengantar, the background as they
-- tell it, notes on the execution, the participants (target and actual, by group), the evaluation of each
-- success indicator (target, result, met or not), the obstacles, solutions and recommendations, and the
-- penutup. The rest of the LPJ (identity, committee, finances, tasks, sign-off) is computed from what was
-- tracked (GET /programs/{id}/lpj).
--
-- One row a program, written as the user (RLS): by those who may store the program's reports
-- (report_service.may_write: its PJ, the heads of its department, the sekretaris and the board, active in
-- its period), read by every member of the organization, as its reports are. The row's organization and
-- period are the program's (checked on every write). ``version`` is the ETag (If-Match on PUT).

create table report_service.lpj_sections (
  program_id uuid primary key,
  organization_id uuid not null,
  period_id uuid not null,
  foreword text not null default '' check (char_length(foreword) <= 10000),
  background text not null default '' check (char_length(background) <= 20000),
  execution_notes text not null default '' check (char_length(execution_notes) <= 20000),
  participants jsonb not null default '[]' check (jsonb_typeof(participants) = 'array'
                                                  and jsonb_array_length(participants) <= 50),
  indicators jsonb not null default '[]' check (jsonb_typeof(indicators) = 'array'
                                                and jsonb_array_length(indicators) <= 50),
  obstacles text not null default '' check (char_length(obstacles) <= 20000),
  solutions text not null default '' check (char_length(solutions) <= 20000),
  recommendations text not null default '' check (char_length(recommendations) <= 20000),
  closing text not null default '' check (char_length(closing) <= 10000),
  version integer not null default 1 check (version >= 1),
  updated_at timestamptz not null default now(),
  updated_by uuid not null
);

-- The program is the organization's of that period, and the row says who wrote it last: the caller.
create function report_service.lpj_sections_check()
  returns trigger language plpgsql set search_path = '' as $$
begin
  new.updated_by := coalesce((select auth.uid()), new.updated_by);
  if tg_op = 'UPDATE' and (new.organization_id, new.period_id, new.program_id)
                          is distinct from (old.organization_id, old.period_id, old.program_id) then
    raise exception 'an LPJ stays with its program' using errcode = 'check_violation';
  end if;
  if not exists (select 1 from program_service.program_facts(new.program_id) f
                 where f.organization_id = new.organization_id and f.period_id = new.period_id) then
    raise exception 'program % is not a program of organization % in period %', new.program_id,
      new.organization_id, new.period_id using errcode = 'foreign_key_violation';
  end if;
  return new;
end
$$;
revoke all on function report_service.lpj_sections_check() from public;
grant execute on function report_service.lpj_sections_check() to authenticated, service_role;
create trigger lpj_sections_check before insert or update on report_service.lpj_sections
  for each row execute function report_service.lpj_sections_check();

alter table report_service.lpj_sections enable row level security;
alter table report_service.lpj_sections force row level security;
create policy lpj_sections_read on report_service.lpj_sections for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));
create policy lpj_sections_write on report_service.lpj_sections for insert to authenticated
  with check (report_service.may_write(organization_id, period_id, program_id));
create policy lpj_sections_update on report_service.lpj_sections for update to authenticated
  using (report_service.may_write(organization_id, period_id, program_id))
  with check (report_service.may_write(organization_id, period_id, program_id));
grant select, insert, update on report_service.lpj_sections to authenticated;
grant select on report_service.lpj_sections to service_role;
