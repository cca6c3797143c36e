-- For the program service: how many tasks a program has, whatever their status (a draft that
-- has any, even cancelled ones, is not deleted: there is no foreign key across the schemas to
-- cascade along). Members of the program's organization, or services, may ask.
create function task_service.task_count(program uuid)
  returns integer language sql stable security definer set search_path = '' as $$
    select count(*)::integer from task_service.tasks t
    where t.program_id = program and organization_service.caller_may_ask(t.organization_id)
  $$;
alter function task_service.task_count(uuid) owner to task_service_definer;
revoke all on function task_service.task_count(uuid) from public;
grant execute on function task_service.task_count(uuid) to authenticated, service_role;
