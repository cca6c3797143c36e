-- Published for other services: the organization's calendar. "Late" is judged against the
-- organization's own day (its time zone), and a new program falls into the active period.
--
-- Who may ask: a member of the organization, or a service (no caller). may_ask(org, caller()) is
-- always true (anyone may ask about themselves), so it guarded nothing in department_in: fixed here.

create function organization_service.caller_may_ask(org uuid)
  returns boolean language sql stable security definer set search_path = '' as $$
    select organization_service.caller() is null
        or organization_service.is_member_of(org, organization_service.caller())
  $$;

grant select (id, time_zone) on organization_service.organizations to organization_service_definer;

-- Today in the organization's time zone; null for an organization the caller may not ask about.
create function organization_service.local_today(org uuid)
  returns date language sql stable security definer set search_path = '' as $$
    select (now() at time zone o.time_zone)::date from organization_service.organizations o
    where o.id = org and organization_service.caller_may_ask(org)
  $$;

-- The organization's active (aktif) period, if it has one and the caller may ask.
create function organization_service.active_period(org uuid)
  returns uuid language sql stable security definer set search_path = '' as $$
    select p.id from organization_service.periods p
    where p.organization_id = org and p.status = 'aktif'
      and organization_service.caller_may_ask(org)
  $$;

create or replace function organization_service.department_in(org uuid, period uuid, department uuid)
  returns boolean language sql stable security definer set search_path = '' as $$
    select organization_service.caller_may_ask(org)
       and exists (select 1 from organization_service.departments d
                   where d.id = department and d.organization_id = org and d.period_id = period)
  $$;

alter function organization_service.caller_may_ask(uuid) owner to organization_service_definer;
revoke all on function organization_service.caller_may_ask(uuid) from public;
grant execute on function organization_service.caller_may_ask(uuid) to authenticated, service_role;
alter function organization_service.local_today(uuid) owner to organization_service_definer;
alter function organization_service.active_period(uuid) owner to organization_service_definer;
revoke all on function organization_service.local_today(uuid), organization_service.active_period(uuid)
  from public;
grant execute on function organization_service.local_today(uuid), organization_service.active_period(uuid)
  to authenticated, service_role;

-- Is ``period`` one of ``org``'s periods (and may the caller ask)?
create function organization_service.period_in(org uuid, period uuid)
  returns boolean language sql stable security definer set search_path = '' as $$
    select organization_service.caller_may_ask(org)
       and exists (select 1 from organization_service.periods p where p.id = period and p.organization_id = org)
  $$;
alter function organization_service.period_in(uuid, uuid) owner to organization_service_definer;
revoke all on function organization_service.period_in(uuid, uuid) from public;
grant execute on function organization_service.period_in(uuid, uuid) to authenticated, service_role;
