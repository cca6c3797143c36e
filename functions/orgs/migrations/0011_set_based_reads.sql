-- Read policies ask once per statement which organizations the caller may see, not once per row
-- (issue 14). `organization_service.is_member(organization_id)` in a policy is a chain of
-- SECURITY DEFINER functions PostgreSQL cannot inline, called for every row the scan meets (about
-- 0.1 ms a row: a list of an organization's 20,000 tasks paid seconds). `organization_id in (select
-- organization_service.my_organizations())` is an uncorrelated subquery: evaluated once, hashed, and
-- checked per row for nothing. Both mean the same: the organizations where the caller holds an active
-- membership (tests/integration/test_rls_matrix.py holds every table to the same rights either way).

alter policy departments_read on organization_service.departments
  using (organization_id in (select organization_service.my_organizations()));
alter policy periods_read on organization_service.periods
  using (organization_id in (select organization_service.my_organizations()));
alter policy memberships_read on organization_service.memberships
  using (organization_id in (select organization_service.my_organizations()) or user_id = (select auth.uid()));
alter policy organizations_read on organization_service.organizations
  using (id in (select organization_service.my_organizations())
         or (created_by = (select auth.uid()) and not organization_service.has_any_member(id)));

-- The organizations where the caller holds one of ``roles`` in the active period: has_role's question
-- (organization_service.has_role(org, roles)) asked once for every organization, for the lists only a
-- role may read (the webhooks' deliveries).
create function organization_service.my_organizations_as(roles text[])
  returns setof uuid language sql stable security definer set search_path = '' as $$
    select m.organization_id from organization_service.memberships m
    join organization_service.periods p on p.id = m.period_id
    where m.user_id = organization_service.caller() and m.active and p.status = 'aktif' and m.role = any (roles)
  $$;
alter function organization_service.my_organizations_as(text[]) owner to organization_service_definer;
revoke all on function organization_service.my_organizations_as(text[]) from public;
grant execute on function organization_service.my_organizations_as(text[]) to authenticated;
