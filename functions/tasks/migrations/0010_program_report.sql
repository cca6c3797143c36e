-- One program's report asks the tasks service once (issue 14): its tasks by status, the overdue ones
-- with their assignees, and who works on it, read in one pass over the program's tasks, with the
-- caller's rights and the organization's day asked once. Until now the report called status_counts,
-- overdue_tasks and program_assignees (0006, 0009), each finding the organization again and asking
-- caller_may_ask (and local_today) again. Those stay, for the organization's report and for whoever
-- else reads them; the answers are the same as theirs for one program.
--
-- PL/pgSQL with a static statement: planned once per connection and kept (a generic plan is right
-- here: one program is an index lookup in tasks_program, whatever its id), unlike an SQL function,
-- which is planned again on every call.
--
-- progress_counts (0009), which program_service.metrics calls, plans every call for the array it is
-- given (a generic plan guessed ten programs and read every task of the table). For one program (a
-- program's page, its report) it now runs a static statement instead, planned once and kept: the
-- program's tasks by tasks_program, whatever its id. Several programs: as before.

create or replace function task_service.progress_counts(program_ids uuid[])
  returns table (program_id uuid, milestone_id uuid, total integer, done integer, late integer)
  language plpgsql stable security definer set search_path = '' as $fn$
  declare
    one_program uuid;
    today date;
  begin
    if cardinality(program_ids) = 1 then
      one_program := program_ids[1];
      -- the program's organization from one of its tasks, and its day there; local_today answers only to
      -- a caller caller_may_ask allows, null to anyone else (no rows then, as below)
      today := organization_service.local_today(
        (select t.organization_id from task_service.tasks t where t.program_id = one_program limit 1));
      if today is null then
        return;
      end if;
      return query
      select t.program_id, t.milestone_id, count(*)::integer,
             (count(*) filter (where t.status = 'selesai'))::integer,
             (count(*) filter (where t.status <> 'selesai' and t.due_date < today))::integer
      from task_service.tasks t
      where t.program_id = one_program and t.status <> 'dibatalkan'
      group by t.program_id, t.milestone_id;
      return;
    end if;
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

create function task_service.program_report(program uuid)
  returns jsonb language plpgsql stable security definer set search_path = '' as $fn$
  declare
    today date;
  begin
    -- The program's organization, from one of its tasks (a program without tasks has nothing to tell),
    -- and its day there: organization_service.local_today answers only to a caller caller_may_ask
    -- allows (a member of the organization, or a service) and is null to anyone else. Asked once.
    today := organization_service.local_today(
      (select t.organization_id from task_service.tasks t where t.program_id = program limit 1));
    if today is null then
      return null;
    end if;
    return (
      with mine as materialized (
        select t.id, t.title, t.due_date, t.priority, t.status from task_service.tasks t where t.program_id = program
      ), assigned as materialized (
        select a.task_id, a.user_id from task_service.task_assignees a where a.task_id in (select m.id from mine m)
      ), assignees_of as (  -- each task's assignees, for the overdue ones
        select a.task_id, jsonb_agg(a.user_id order by a.user_id) as users from assigned a group by a.task_id
      )
      select jsonb_build_object(
        -- status_counts: every status with tasks (cancelled ones included: a report shows them)
        'status_counts', coalesce((
          select jsonb_agg(jsonb_build_object('status', s.status, 'tasks', s.tasks) order by s.status)
          from (select m.status, count(*)::integer as tasks from mine m group by m.status) s), '[]'),
        -- overdue_tasks: due before the organization's day, neither done nor cancelled, most overdue first
        'overdue', coalesce((
          select jsonb_agg(jsonb_build_object(
                   'task_id', m.id, 'program_id', program, 'title', m.title, 'due_date', m.due_date,
                   'days_overdue', today - m.due_date, 'priority', m.priority, 'status', m.status,
                   'assignees', coalesce(a.users, '[]'))
                 order by m.due_date, m.title, m.id)
          from mine m left join assignees_of a on a.task_id = m.id
          where m.status not in ('selesai', 'dibatalkan') and m.due_date < today), '[]'),
        -- program_assignees: every assignee with their tasks (cancelled ones left out) and those done
        'assignees', coalesce((
          select jsonb_agg(jsonb_build_object('program_id', program, 'user_id', x.user_id, 'tasks', x.tasks,
                                              'done', x.done) order by x.tasks desc, x.user_id)
          from (select a.user_id, count(*)::integer as tasks,
                       (count(*) filter (where m.status = 'selesai'))::integer as done
                from assigned a join mine m on m.id = a.task_id
                where m.status <> 'dibatalkan'
                group by a.user_id) x), '[]'))
    );
  end
  $fn$;

alter function task_service.program_report(uuid) owner to task_service_definer;
revoke all on function task_service.program_report(uuid) from public;
grant execute on function task_service.program_report(uuid) to authenticated, service_role;
