-- The questions read policies ask once per statement, made cheap to ask (issue 14).
--
-- 1. my_organizations() (0001) and organizations_of (0009): every members-read policy asks them once per
--    statement (0011), and a list reads two or three such tables. As SQL functions with their own
--    search_path (organizations_of also SECURITY DEFINER) PostgreSQL never inlines them and plans their
--    statement again at every call, about 0.1 ms each. In PL/pgSQL their statement is planned once per
--    connection and kept. The same statements, the same answers.
--
-- 2. my_memberships(): the caller's active memberships (organization, period, role, department), for a
--    read policy to ask once per statement what my_role / has_role / departments_headed answer one
--    organization and period at a time. Used by program_service's budget read policy (programs 0011).
--    Each row is what member_role and departments_headed_by (0003) read for that organization and
--    period: an active membership of the member, answered as may_ask allows.
--
-- 3. The members-read policies compare a row's organization with an array of the caller's organizations,
--    built once per statement (`= any (array(select my_organizations()))`, an InitPlan), instead of
--    probing a hash of them (`in (select my_organizations())`, a hashed SubPlan, 0011). Same rows: the
--    same set, which never holds a null. The hashed SubPlan cost about 0.07 ms more a statement to plan
--    and set up than the array (two statements under RLS: 0.68 ms against 0.54 ms), for a set of one to
--    three organizations; a list of a few rows paid it in full. The other services' read policies do the
--    same (programs 0011, tasks 0012, reports 0004, notifications 0004).

create or replace function organization_service.organizations_of(member uuid)
  returns setof uuid language plpgsql stable security definer set search_path = '' as $fn$
  begin
    return query
    select distinct m.organization_id from organization_service.memberships m
    where m.user_id = member and m.active
      and (organization_service.caller_is_service() or coalesce(member = organization_service.caller(), false));
  end
  $fn$;

create or replace function organization_service.my_organizations()
  returns setof uuid language plpgsql stable set search_path = '' as $fn$
  begin
    return query select organization_service.organizations_of(auth.uid());
  end
  $fn$;

-- ``member``'s active memberships (one per period at most: memberships_one_per_period), in the
-- organizations where the caller may ask about them (may_ask: themselves, a fellow active member, a
-- service), as member_role and departments_headed_by answer them.
create function organization_service.memberships_of(member uuid)
  returns table (organization_id uuid, period_id uuid, role text, department_id uuid)
  language plpgsql stable security definer set search_path = '' as $fn$
  begin
    return query
    select m.organization_id, m.period_id, m.role, m.department_id from organization_service.memberships m
    where m.user_id = member and m.active and organization_service.may_ask(m.organization_id, member);
  end
  $fn$;
alter function organization_service.memberships_of(uuid) owner to organization_service_definer;

-- The caller's own, as my_role passes auth.uid() to member_role.
create function organization_service.my_memberships()
  returns table (organization_id uuid, period_id uuid, role text, department_id uuid)
  language plpgsql stable set search_path = '' as $fn$
  begin
    return query select m.organization_id, m.period_id, m.role, m.department_id
                 from organization_service.memberships_of(auth.uid()) m;
  end
  $fn$;

revoke all on function organization_service.memberships_of(uuid), organization_service.my_memberships() from public;
grant execute on function organization_service.memberships_of(uuid), organization_service.my_memberships()
  to authenticated, service_role;

alter policy departments_read on organization_service.departments
  using (organization_id = any (array(select organization_service.my_organizations())));
alter policy periods_read on organization_service.periods
  using (organization_id = any (array(select organization_service.my_organizations())));
alter policy memberships_read on organization_service.memberships
  using (organization_id = any (array(select organization_service.my_organizations()))
         or user_id = (select auth.uid()));
alter policy organizations_read on organization_service.organizations
  using (id = any (array(select organization_service.my_organizations()))
         or (created_by = (select auth.uid()) and not organization_service.has_any_member(id)));
