-- What the tasks service publishes to the program service (its SQL contract): the task counts that
-- program progress and lateness are derived from.

select public.ensure_service_role('task_service_definer');
grant usage, create on schema task_service to task_service_definer;  -- create: to own progress_counts
create policy definer_reads on task_service.tasks for select to task_service_definer using (true);
grant select (program_id, milestone_id, organization_id, status, due_date) on task_service.tasks
  to task_service_definer;
grant usage on schema organization_service to task_service_definer;
grant execute on function organization_service.caller_may_ask(uuid), organization_service.local_today(uuid)
  to task_service_definer;

-- Per program and milestone (null: the tasks without one), the tasks that count (cancelled ones do
-- not), how many are done (selesai) and how many are late: due before the organization's own today
-- and not done. Only programs of organizations the caller is a member of (or any, for a service).
create function task_service.progress_counts(program_ids uuid[])
  returns table (program_id uuid, milestone_id uuid, total integer, done integer, late integer)
  language sql stable security definer set search_path = '' as $$
    with organizations as materialized (
      -- the programs' organizations, from one task each (an index lookup per program, not a scan)
      select distinct one.organization_id
      from unnest(program_ids) as wanted (id)
      cross join lateral (select t.organization_id from task_service.tasks t where t.program_id = wanted.id
                          limit 1) one
    ), days as materialized (  -- asked once per organization, not once per task
      select o.organization_id, organization_service.local_today(o.organization_id) as today
      from organizations o where organization_service.caller_may_ask(o.organization_id)
    )
    -- one pass over the tasks of the programs wanted ("in (select unnest ...)": a hashed semi-join,
    -- where "= any (program_ids)" compares every task with the whole array), with their day
    select t.program_id, t.milestone_id, count(*)::integer, (count(*) filter (where t.status = 'selesai'))::integer,
           (count(*) filter (where t.status <> 'selesai' and t.due_date < d.today))::integer
    from task_service.tasks t
    join days d on d.organization_id = t.organization_id
    where t.program_id in (select unnest(program_ids)) and t.status <> 'dibatalkan'
    group by t.program_id, t.milestone_id
  $$;
alter function task_service.progress_counts(uuid[]) owner to task_service_definer;
revoke all on function task_service.progress_counts(uuid[]) from public;
-- program_service.metrics (owned by program_service_definer) calls it
grant usage on schema task_service to program_service_definer;
grant execute on function task_service.progress_counts(uuid[]) to authenticated, service_role,
  program_service_definer;
