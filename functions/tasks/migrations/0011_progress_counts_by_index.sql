-- progress_counts for a page of programs reads the page's tasks, not the organization's (issue 14).
--
-- For several programs (a page of GET /programs, the summary's whole period) its statement found the
-- programs' tasks with `t.program_id in (select unnest($1))`, which PostgreSQL plans as a hash semi-join
-- over a scan of every task: a page of 20 programs read all 20,000 tasks of the benchmark's organization
-- (4.5 ms) where it needs 2,000. `t.program_id = any ($1)`, planned with the array's value (the statement
-- is planned at each call, 0009), lets PostgreSQL see how many tasks the programs hold: a page's programs
-- are one bitmap scan of tasks_program (about 1.5 ms at 20,000 tasks, as at 2,000), a whole period still
-- one pass over the table (the array is a constant there, hashed: no slower than the semi-join).
-- One program: the static statement of 0010, unchanged. Same statements otherwise, same answers.

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
    where t.program_id = any ($1) and t.status <> 'dibatalkan'
    group by t.program_id, t.milestone_id
    $q$ using program_ids;
  end
  $fn$;
