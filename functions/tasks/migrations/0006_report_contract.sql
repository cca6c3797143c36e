-- What the tasks service publishes to the reports service (its SQL contract): per program, the tasks by
-- status, the overdue tasks with their assignees, and who works on the program. Like progress_counts
-- (0003), each answers only for organizations the caller is a member of (or any, for a service), asks
-- for the organization's day once per organization, and reads the wanted programs' tasks in one pass.

grant select (id, title, priority) on task_service.tasks to task_service_definer;
create policy definer_reads on task_service.task_assignees for select to task_service_definer using (true);
grant select (task_id, user_id) on task_service.task_assignees to task_service_definer;

-- Every status with tasks, per program (cancelled ones included: a report shows them).
create function task_service.status_counts(program_ids uuid[])
  returns table (program_id uuid, status text, tasks integer)
  language sql stable security definer set search_path = '' as $$
    with organizations as materialized (
      select distinct one.organization_id
      from unnest(program_ids) as wanted (id)
      cross join lateral (select t.organization_id from task_service.tasks t where t.program_id = wanted.id
                          limit 1) one
    ), allowed as materialized (
      select o.organization_id from organizations o where organization_service.caller_may_ask(o.organization_id)
    )
    select t.program_id, t.status, count(*)::integer
    from task_service.tasks t
    where t.program_id in (select unnest(program_ids)) and t.organization_id in (select organization_id from allowed)
    group by t.program_id, t.status
  $$;

-- The late tasks (due before the organization's day, neither done nor cancelled), most overdue first,
-- with their assignees.
create function task_service.overdue_tasks(program_ids uuid[])
  returns table (task_id uuid, program_id uuid, title text, due_date date, days_overdue integer, priority text,
                 status text, assignees uuid[])
  language sql stable security definer set search_path = '' as $$
    with organizations as materialized (
      select distinct one.organization_id
      from unnest(program_ids) as wanted (id)
      cross join lateral (select t.organization_id from task_service.tasks t where t.program_id = wanted.id
                          limit 1) one
    ), days as materialized (
      select o.organization_id, organization_service.local_today(o.organization_id) as today
      from organizations o where organization_service.caller_may_ask(o.organization_id)
    )
    select t.id, t.program_id, t.title, t.due_date, d.today - t.due_date, t.priority, t.status,
           coalesce(array(select a.user_id from task_service.task_assignees a where a.task_id = t.id
                          order by a.user_id), '{}')
    from task_service.tasks t
    join days d on d.organization_id = t.organization_id
    where t.program_id in (select unnest(program_ids)) and t.status not in ('selesai', 'dibatalkan')
      and t.due_date < d.today
    order by t.due_date, t.title, t.id
  $$;

-- Who works on each program: every assignee with their tasks (cancelled ones left out) and how many
-- of those are done.
create function task_service.program_assignees(program_ids uuid[])
  returns table (program_id uuid, user_id uuid, tasks integer, done integer)
  language sql stable security definer set search_path = '' as $$
    with organizations as materialized (
      select distinct one.organization_id
      from unnest(program_ids) as wanted (id)
      cross join lateral (select t.organization_id from task_service.tasks t where t.program_id = wanted.id
                          limit 1) one
    ), allowed as materialized (
      select o.organization_id from organizations o where organization_service.caller_may_ask(o.organization_id)
    )
    select t.program_id, a.user_id, count(*)::integer, (count(*) filter (where t.status = 'selesai'))::integer
    from task_service.tasks t
    join task_service.task_assignees a on a.task_id = t.id
    where t.program_id in (select unnest(program_ids)) and t.organization_id in (select organization_id from allowed)
      and t.status <> 'dibatalkan'
    group by t.program_id, a.user_id
  $$;

alter function task_service.status_counts(uuid[]) owner to task_service_definer;
alter function task_service.overdue_tasks(uuid[]) owner to task_service_definer;
alter function task_service.program_assignees(uuid[]) owner to task_service_definer;
revoke all on function task_service.status_counts(uuid[]), task_service.overdue_tasks(uuid[]),
  task_service.program_assignees(uuid[]) from public;
grant execute on function task_service.status_counts(uuid[]), task_service.overdue_tasks(uuid[]),
  task_service.program_assignees(uuid[]) to authenticated, service_role;
