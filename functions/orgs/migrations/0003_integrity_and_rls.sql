-- The second wall, made to hold on its own (found by review, proven by tests in SQL alone):
-- rows can only point at periods of their own organization, a membership's organization, period
-- and user never change, only the board appoints or removes the board, a finished period stays
-- finished, and the contract answers questions about others only to their fellow members.

-- 1. A period belongs to its organization; a department to its period.
alter table organization_service.periods add constraint periods_id_organization unique (id, organization_id);
alter table organization_service.departments add constraint departments_id_period unique (id, period_id);
alter table organization_service.memberships add constraint memberships_period_of_organization
  foreign key (period_id, organization_id) references organization_service.periods (id, organization_id)
  on delete cascade;
alter table organization_service.departments add constraint departments_period_of_organization
  foreign key (period_id, organization_id) references organization_service.periods (id, organization_id)
  on delete cascade;
alter table organization_service.invitations add constraint invitations_period_of_organization
  foreign key (period_id, organization_id) references organization_service.periods (id, organization_id)
  on delete cascade;
alter table organization_service.memberships add constraint memberships_department_of_period
  foreign key (department_id, period_id) references organization_service.departments (id, period_id);
alter table organization_service.invitations add constraint invitations_department_of_period
  foreign key (department_id, period_id) references organization_service.departments (id, period_id)
  on delete cascade;

-- 2. Only the columns the API writes.
revoke update on organization_service.memberships from authenticated;
grant update (department_id, role, position_title, active, left_at) on organization_service.memberships
  to authenticated;
revoke update on organization_service.organizations from authenticated;
grant update (name, short_name, type, institution, faculty, study_program, logo_url, description, time_zone,
              discord_webhook_url, slack_webhook_url, archived_at, updated_at, version)
  on organization_service.organizations to authenticated;
revoke update, delete on organization_service.periods from authenticated;
grant update (name, starts_on, ends_on, status) on organization_service.periods to authenticated;

-- 3. The caller, read from the request's claims without the auth schema (the definer role has none).
create function organization_service.caller() returns uuid language sql stable set search_path = '' as $$
  select nullif(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub', '')::uuid
$$;
alter function organization_service.caller() owner to organization_service_definer;
grant execute on function organization_service.caller() to authenticated, service_role;

-- May the caller ask about ``member`` in ``org``? Themselves, a fellow member, or a service (no user).
create function organization_service.may_ask(org uuid, member uuid)
  returns boolean language sql stable security definer set search_path = '' as $$
    select organization_service.caller() is null or member = organization_service.caller()
        or exists (select 1 from organization_service.memberships c
                   where c.organization_id = org and c.user_id = organization_service.caller())
  $$;
alter function organization_service.may_ask(uuid, uuid) owner to organization_service_definer;
revoke all on function organization_service.may_ask(uuid, uuid) from public;
grant execute on function organization_service.may_ask(uuid, uuid) to authenticated, service_role;

create or replace function organization_service.member_role(org uuid, member uuid, period uuid default null)
  returns text language sql stable security definer set search_path = '' as $$
    select m.role from organization_service.memberships m
    join organization_service.periods p on p.id = m.period_id
    where m.organization_id = org and m.user_id = member and m.active
      and (p.id = period or (period is null and p.status = 'aktif'))
      and organization_service.may_ask(org, member)
  $$;

create or replace function organization_service.is_member_of(org uuid, member uuid)
  returns boolean language sql stable security definer set search_path = '' as $$
    select organization_service.may_ask(org, member)
       and exists (select 1 from organization_service.memberships m
                   where m.organization_id = org and m.user_id = member)
  $$;

create or replace function organization_service.departments_headed_by(org uuid, member uuid,
                                                                      period uuid default null)
  returns setof uuid language sql stable security definer set search_path = '' as $$
    select m.department_id from organization_service.memberships m
    join organization_service.periods p on p.id = m.period_id
    where m.organization_id = org and m.user_id = member and m.active
      and m.role in ('kepala_departemen', 'wakil_kepala_departemen') and m.department_id is not null
      and (p.id = period or (period is null and p.status = 'aktif'))
      and organization_service.may_ask(org, member)
  $$;

create or replace function organization_service.organizations_of(member uuid)
  returns setof uuid language sql stable security definer set search_path = '' as $$
    select distinct m.organization_id from organization_service.memberships m
    where m.user_id = member
      and (organization_service.caller() is null or member = organization_service.caller())
  $$;

create or replace function organization_service.shares_organization(a uuid, b uuid)
  returns boolean language sql stable security definer set search_path = '' as $$
    select (organization_service.caller() is null or organization_service.caller() in (a, b))
       and exists (select 1 from organization_service.memberships x
                   join organization_service.memberships y on y.organization_id = x.organization_id
                   where x.user_id = a and y.user_id = b and x.active and y.active)
  $$;

-- A period id names a period of this organization.
create or replace function organization_service.can_manage(org uuid, period uuid, roles text[])
  returns boolean language sql stable set search_path = '' as $$
    select organization_service.period_is_open(period)
       and exists (select 1 from organization_service.periods p where p.id = period and p.organization_id = org)
       and (organization_service.has_role(org, roles, period) or organization_service.has_role(org, roles))
  $$;

-- 4. Periods: the sitting board (or the ketua of the period) changes open periods only.
drop policy periods_manage on organization_service.periods;
create policy periods_create on organization_service.periods for insert to authenticated
  with check (organization_service.has_role(organization_id, array['ketua', 'wakil_ketua'])
              or exists (select 1 from organization_service.organizations o
                         where o.id = periods.organization_id and o.created_by = (select auth.uid())
                           and not organization_service.has_any_member(o.id)));
create policy periods_update on organization_service.periods for update to authenticated
  using (status <> 'selesai'
         and (organization_service.has_role(organization_id, array['ketua', 'wakil_ketua'])
              or organization_service.has_role(organization_id, array['ketua', 'wakil_ketua'], id)))
  with check (organization_service.has_role(organization_id, array['ketua', 'wakil_ketua'])
              or organization_service.has_role(organization_id, array['ketua', 'wakil_ketua'], id));

-- 5. What a policy cannot compare: the old row with the new one.
create function organization_service.guard_membership_change() returns trigger
  language plpgsql set search_path = '' as $$
begin
  if current_user <> 'authenticated' then
    return new;  -- the contract's own functions and services
  end if;
  if not organization_service.can_manage(new.organization_id, new.period_id,
                                         array['ketua', 'wakil_ketua', 'sekretaris'])
     and (new.role is distinct from old.role or new.department_id is distinct from old.department_id
          or new.position_title is distinct from old.position_title or new.active) then
    raise exception 'a member may only leave' using errcode = '42501';
  end if;
  if (old.role in ('ketua', 'wakil_ketua') or new.role in ('ketua', 'wakil_ketua'))
     and (new.role is distinct from old.role or (old.active and not new.active and new.user_id <> (select auth.uid())))
     and not organization_service.can_manage(new.organization_id, new.period_id, array['ketua', 'wakil_ketua']) then
    raise exception 'only the board appoints or removes the board' using errcode = '42501';
  end if;
  return new;
end
$$;
create trigger memberships_guard before update on organization_service.memberships
  for each row execute function organization_service.guard_membership_change();

create function organization_service.guard_archive() returns trigger language plpgsql set search_path = '' as $$
begin
  if old.archived_at is not null and new.archived_at is distinct from old.archived_at then
    raise exception 'an archived organization stays archived' using errcode = '42501';
  end if;
  return new;
end
$$;
create trigger organizations_archive_guard before update on organization_service.organizations
  for each row execute function organization_service.guard_archive();

-- 6. Published for other services: is ``department`` a department of ``org`` in ``period``?
create function organization_service.department_in(org uuid, period uuid, department uuid)
  returns boolean language sql stable security definer set search_path = '' as $$
    select organization_service.may_ask(org, organization_service.caller())
       and exists (select 1 from organization_service.departments d
                   where d.id = department and d.organization_id = org and d.period_id = period)
  $$;
grant select (id, organization_id, period_id) on organization_service.departments to organization_service_definer;
alter function organization_service.department_in(uuid, uuid, uuid) owner to organization_service_definer;
revoke all on function organization_service.department_in(uuid, uuid, uuid) from public;
grant execute on function organization_service.department_in(uuid, uuid, uuid) to authenticated, service_role;
