-- Who and what a program names, checked by the database as the service checks it (found by review:
-- RLS let a department head name anyone as the person in charge, who was then notified about the
-- program; only the service refused). Whoever writes the row:
-- - its person in charge (PJ) is an active member of the program's organization in the program's
--   period (organization_service.member_role, as the service's is_active_member asks);
-- - its department is one of the organization's departments of that period (department_in, as the
--   service asks): the board's policy lets it name any department id.
-- Checked when set (insert) or changed (update) only: a program whose PJ has since left stays
-- editable, so that the board can hand it on. The refusals name a constraint, which the repository
-- turns into the service's own answers (a membership or department changed meanwhile).
--
-- The committee (0004's committee_before_write), the assignees of tasks (task_service.can_assign in
-- the assignees_add policy) and the verifier of a budget item (0004's budget_items_before_update)
-- were checked in the database already.

create function program_service.programs_check_names()
  returns trigger language plpgsql set search_path = '' as $$
begin
  if new.person_in_charge is not null
     and (tg_op = 'INSERT' or new.person_in_charge is distinct from old.person_in_charge)
     and organization_service.member_role(new.organization_id, new.person_in_charge, new.period_id) is null then
    raise exception 'the person in charge must be an active member of the program''s organization in its period'
      using errcode = 'check_violation', constraint = 'programs_person_in_charge_member';
  end if;
  if new.department_id is not null
     and (tg_op = 'INSERT' or new.department_id is distinct from old.department_id)
     and not coalesce(organization_service.department_in(new.organization_id, new.period_id, new.department_id),
                      false) then
    raise exception 'the department must be one of the organization''s departments of the program''s period'
      using errcode = 'check_violation', constraint = 'programs_department_in_period';
  end if;
  return new;
end
$$;
revoke all on function program_service.programs_check_names() from public;
grant execute on function program_service.programs_check_names() to authenticated, service_role;
create trigger programs_check_names before insert or update of person_in_charge, department_id
  on program_service.programs for each row execute function program_service.programs_check_names();
