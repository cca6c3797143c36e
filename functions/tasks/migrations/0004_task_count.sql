-- For the program service: how many tasks a program (or one of its milestones) has, whatever their
-- status. A draft or a milestone that still has any, even cancelled ones, is not deleted: no
-- foreign key crosses the schemas to cascade or refuse. Members of the program's organization, or
-- services, may ask.
create function task_service.task_count(program uuid, milestone uuid default null)
  returns integer language sql stable security definer set search_path = '' as $$
    select count(*)::integer from task_service.tasks t
    where t.program_id = program and (milestone is null or t.milestone_id = milestone)
      and organization_service.caller_may_ask(t.organization_id)
  $$;
alter function task_service.task_count(uuid, uuid) owner to task_service_definer;
revoke all on function task_service.task_count(uuid, uuid) from public;
grant execute on function task_service.task_count(uuid, uuid) to authenticated, service_role;
