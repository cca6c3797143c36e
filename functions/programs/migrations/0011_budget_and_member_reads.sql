-- Budget items are read by the same people as before (0004, DOMAIN.md's "budget items" row), asked once
-- per statement instead of once per row (issue 14; docs/decisions/0014-set-based-read-policies.md).
--
-- The read policy called may_see_budget(program_id) on every row: an SQL function PostgreSQL cannot
-- inline, which read the program and asked has_role, departments_headed and my_role (each a SECURITY
-- DEFINER function planned again at every call): about 0.3 ms a row, 1.5 ms for a program's five items.
-- Now the policy asks once per statement which programs' budgets the caller may see
-- (my_budget_programs, an uncorrelated subquery PostgreSQL runs once and hashes), as the members-read
-- policies ask my_organizations(). The rule is may_see_budget's, in the program's period:
-- - the board, sekretaris, bendahara and pembina (has_role(org, [...], period));
-- - a head (kepala / wakil kepala departemen) of the program's department (departments_headed);
-- - its PJ while an active member of the period (pic = auth.uid() and my_role(org, period) is not null).
-- Each is a fact of the caller's membership of the program's period (one per period:
-- memberships_one_per_period), read once with organization_service.my_memberships (orgs 0014); the
-- programs are read as the caller, as may_see_budget read them (programs_read). What it lists grows
-- with the programs of the caller's periods, not with their tasks or items.
-- PL/pgSQL: its statement is planned once per connection; in the policy itself, an EXISTS over programs
-- and the memberships cost more to plan (about 0.25 ms a statement) than the function costs to run.
-- may_see_budget stays, for whoever else asks it; the write policies keep their per-row checks.
-- It stays a hashed `in (select ...)`: the set lists programs, hundreds for the board of a large period.
--
-- The members-read policies of the other program tables compare the row's organization with an array of
-- the caller's organizations built once per statement, as organization_service's (orgs 0014, 3): cheaper
-- to plan and set up than a hashed SubPlan for one to three organizations. Same rows.

create function program_service.my_budget_programs()
  returns setof uuid language plpgsql stable set search_path = '' as $fn$
  declare
    me uuid := auth.uid();
  begin
    return query
    select p.id from organization_service.my_memberships() m
    join program_service.programs p on p.organization_id = m.organization_id and p.period_id = m.period_id
    where m.role in ('ketua', 'wakil_ketua', 'sekretaris', 'bendahara', 'pembina')
       or (m.role in ('kepala_departemen', 'wakil_kepala_departemen') and m.department_id = p.department_id)
       or p.person_in_charge = me;
  end
  $fn$;
revoke all on function program_service.my_budget_programs() from public;
grant execute on function program_service.my_budget_programs() to authenticated, service_role;

alter policy budget_items_read on program_service.budget_items
  using (program_id in (select program_service.my_budget_programs()));

alter policy programs_read on program_service.programs
  using (organization_id = any (array(select organization_service.my_organizations())));
alter policy history_read on program_service.program_status_history
  using (organization_id = any (array(select organization_service.my_organizations())));
alter policy milestones_read on program_service.milestones
  using (organization_id = any (array(select organization_service.my_organizations())));
alter policy activity_read on program_service.activity
  using (organization_id = any (array(select organization_service.my_organizations())));
alter policy committee_read on program_service.committee_members
  using (organization_id = any (array(select organization_service.my_organizations())));
