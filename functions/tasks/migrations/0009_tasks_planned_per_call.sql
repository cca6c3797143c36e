-- The contract functions plan their statement for the programs asked (issue 14). As SQL functions they
-- were planned without seeing the array of program ids: PostgreSQL guessed ten programs and chose a
-- hashed semi-join over every task of the table, so one program's page cost as much as its
-- organization had tasks (progress_counts for one program: 0.5 ms at 2,000 tasks, 4.5 ms at 20,000).
-- `return query execute ... using` plans each call with the array's value: one program is looked up
-- in tasks_program, the organization's 200 are read in one pass. Same statements, same answers.

create or replace function task_service.progress_counts(program_ids uuid[])
  returns table (program_id uuid, milestone_id uuid, total integer, done integer, late integer)
  language plpgsql stable security definer set search_path = '' as $fn$
  begin
    return query execute $q$
    with organizations as materialized (
      -- the programs' organizations, from one task each (an index lookup per program, not a scan)
      select distinct one.organization_id
      from unnest($1) as wanted (id)
      cross join lateral (select t.organization_id from task_service.tasks t where t.program_id = wanted.id
                          limit 1) one
    ), days as materialized (  -- asked once per organization, not once per task
      select o.organization_id, organization_service.local_today(o.organization_id) as today
      from organizations o where organization_service.caller_may_ask(o.organization_id)
    )
    select t.program_id, t.milestone_id, count(*)::integer, (count(*) filter (where t.status = 'selesai'))::integer,
           (count(*) filter (where t.status <> 'selesai' and t.due_date < d.today))::integer
    from task_service.tasks t
    join days d on d.organization_id = t.organization_id
    where t.program_id in (select unnest($1)) and t.status <> 'dibatalkan'
    group by t.program_id, t.milestone_id
    $q$ using program_ids;
  end
  $fn$;

create or replace function task_service.status_counts(program_ids uuid[])
  returns table (program_id uuid, status text, tasks integer)
  language plpgsql stable security definer set search_path = '' as $fn$
  begin
    return query execute $q$
    with organizations as materialized (
      select distinct one.organization_id
      from unnest($1) as wanted (id)
      cross join lateral (select t.organization_id from task_service.tasks t where t.program_id = wanted.id
                          limit 1) one
    ), allowed as materialized (
      select o.organization_id from organizations o where organization_service.caller_may_ask(o.organization_id)
    )
    select t.program_id, t.status, count(*)::integer
    from task_service.tasks t
    where t.program_id in (select unnest($1)) and t.organization_id in (select organization_id from allowed)
    group by t.program_id, t.status
    $q$ using program_ids;
  end
  $fn$;

create or replace function task_service.overdue_tasks(program_ids uuid[])
  returns table (task_id uuid, program_id uuid, title text, due_date date, days_overdue integer, priority text,
                 status text, assignees uuid[])
  language plpgsql stable security definer set search_path = '' as $fn$
  begin
    return query execute $q$
    with organizations as materialized (
      select distinct one.organization_id
      from unnest($1) as wanted (id)
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
    where t.program_id in (select unnest($1)) and t.status not in ('selesai', 'dibatalkan')
      and t.due_date < d.today
    order by t.due_date, t.title, t.id
    $q$ using program_ids;
  end
  $fn$;

create or replace function task_service.program_assignees(program_ids uuid[])
  returns table (program_id uuid, user_id uuid, tasks integer, done integer)
  language plpgsql stable security definer set search_path = '' as $fn$
  begin
    return query execute $q$
    with organizations as materialized (
      select distinct one.organization_id
      from unnest($1) as wanted (id)
      cross join lateral (select t.organization_id from task_service.tasks t where t.program_id = wanted.id
                          limit 1) one
    ), allowed as materialized (
      select o.organization_id from organizations o where organization_service.caller_may_ask(o.organization_id)
    )
    select t.program_id, a.user_id, count(*)::integer, (count(*) filter (where t.status = 'selesai'))::integer
    from task_service.tasks t
    join task_service.task_assignees a on a.task_id = t.id
    where t.program_id in (select unnest($1)) and t.organization_id in (select organization_id from allowed)
      and t.status <> 'dibatalkan'
    group by t.program_id, a.user_id
    $q$ using program_ids;
  end
  $fn$;
