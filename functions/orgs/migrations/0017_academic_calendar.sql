-- The academic calendar (issue 12, docs/decisions/0021-academic-calendar.md): the ranges an organization's
-- board marks as blocked or sensitive (exams, holidays, registration weeks). Indonesia's national holidays are
-- not stored: they come from a maintained package (shared/national_holidays.py).
--
-- Every member reads them; the board (ketua, wakil) and the sekretaris of the active period enter and remove
-- them. Programs warn about a plan that falls on them through calendar_ranges_between (a contract).

create table organization_service.calendar_ranges (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organization_service.organizations (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 200),
  kind text not null check (kind in ('ujian', 'libur', 'registrasi', 'lainnya')),
  starts_on date not null,
  ends_on date not null,
  created_by uuid not null default auth.uid(),
  created_at timestamptz not null default now(),
  constraint calendar_ranges_dates check (ends_on >= starts_on)
);
create index calendar_ranges_organization on organization_service.calendar_ranges (organization_id, starts_on);

alter table organization_service.calendar_ranges enable row level security;
alter table organization_service.calendar_ranges force row level security;
create policy calendar_ranges_read on organization_service.calendar_ranges for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));
create policy calendar_ranges_insert on organization_service.calendar_ranges for insert to authenticated
  with check (created_by = (select auth.uid())
              and organization_service.has_role(organization_id, array['ketua', 'wakil_ketua', 'sekretaris']));
create policy calendar_ranges_delete on organization_service.calendar_ranges for delete to authenticated
  using (organization_service.has_role(organization_id, array['ketua', 'wakil_ketua', 'sekretaris']));
grant select, insert, delete on organization_service.calendar_ranges to authenticated;
grant select on organization_service.calendar_ranges to service_role;

-- calendar_ranges_between(org, from, to): the organization's ranges that overlap the days from..to, for a
-- caller who may ask about the organization (a member of any period, or a service); else none.
create policy definer_reads on organization_service.calendar_ranges for select to organization_service_definer
  using (true);
grant select on organization_service.calendar_ranges to organization_service_definer;
create function organization_service.calendar_ranges_between(org uuid, from_day date, to_day date)
  returns table (name text, kind text, starts_on date, ends_on date)
  language sql stable security definer set search_path = '' as $$
    select r.name, r.kind, r.starts_on, r.ends_on from organization_service.calendar_ranges r
    where r.organization_id = org and r.starts_on <= to_day and r.ends_on >= from_day
      and organization_service.caller_may_ask(org)
    order by r.starts_on, r.name
  $$;
alter function organization_service.calendar_ranges_between(uuid, date, date) owner to organization_service_definer;
revoke all on function organization_service.calendar_ranges_between(uuid, date, date) from public;
grant execute on function organization_service.calendar_ranges_between(uuid, date, date) to authenticated, service_role;
