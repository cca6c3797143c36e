-- Published for the notifications service: a program's committee (panitia), whom a change of the
-- program's status concerns along with its PJ (program_facts). Answered to members of the
-- program's organization and to services (organization_service.caller_may_ask), as program_facts.

grant select (program_id, organization_id, user_id) on program_service.committee_members
  to program_service_definer;
create policy definer_reads_for_notifications on program_service.committee_members for select to program_service_definer
  using (true);

create function program_service.committee_of(program uuid)
  returns setof uuid language sql stable security definer set search_path = '' as $$
    select c.user_id from program_service.committee_members c
    where c.program_id = program and organization_service.caller_may_ask(c.organization_id)
    order by c.user_id
  $$;
alter function program_service.committee_of(uuid) owner to program_service_definer;
revoke all on function program_service.committee_of(uuid) from public;
grant execute on function program_service.committee_of(uuid) to authenticated, service_role;
