-- What is derived, never stored, about a program (DOMAIN.md): progress % from its tasks (weighted
-- by milestones when it has any), the task counts, late and days to the deadline against the
-- organization's own day, and its budget realization. One set-returning function answers it for
-- a page of programs at once, so a list stays at a constant number of statements.
--
-- Progress:
-- - without milestones: done tasks / tasks (cancelled tasks do not count);
-- - with milestones: the mean over the milestones (and the tasks without one, as one more group,
--   when there are such tasks) of each group's completion: 1 when the milestone is marked done,
--   else its done tasks / its tasks (0 without tasks);
-- - a finished program (selesai) is 100; a program without tasks or milestones is 0.
-- Late: planned_end has passed (in the organization's time zone) and the program is not final.
-- Budget realization: actual expenses / the program's planned budget (null without a budget).
--
-- Security definer (program_service_definer): a member who may not read budget items (anggota)
-- still sees the program's totals, as the reports show them to every member. It answers only for
-- programs of organizations the caller belongs to (or a service). PL/pgSQL, because the task
-- counts come from the tasks service's contract, created after this schema.

grant select (id, organization_id, status, planned_end, department_id, budget_planned) on program_service.programs
  to program_service_definer;

-- The members-read policies ask once per statement, not once per row: "in (select ...)" is an
-- uncorrelated subquery PostgreSQL runs once and hashes, where is_member(organization_id) is a
-- security-definer call per row (about 0.1 ms each: 20 ms for 200 programs). Same rule.
alter policy programs_read on program_service.programs
  using (organization_id in (select organization_service.my_organizations()));
alter policy history_read on program_service.program_status_history
  using (organization_id in (select organization_service.my_organizations()));
alter policy milestones_read on program_service.milestones
  using (organization_id in (select organization_service.my_organizations()));
alter policy activity_read on program_service.activity
  using (organization_id in (select organization_service.my_organizations()));
grant select (id, program_id, done_at) on program_service.milestones to program_service_definer;
grant select (program_id, kind, planned_amount, actual_amount) on program_service.budget_items
  to program_service_definer;
create policy definer_reads on program_service.budget_items for select to program_service_definer using (true);
grant execute on function organization_service.local_today(uuid) to program_service_definer;

create function program_service.metrics(program_ids uuid[])
  returns table (program_id uuid, status text, department_id uuid, budget_planned numeric, today date,
                 late boolean, days_to_deadline integer, progress numeric,
                 tasks_total integer, tasks_done integer, tasks_late integer,
                 income_planned numeric, income_actual numeric, expense_planned numeric, expense_actual numeric)
  language plpgsql stable security definer set search_path = '' as $$
begin
  return query
  with wanted as materialized (
    -- a join, not "id = any (program_ids)": that compares each row with the whole array
    select p.id, p.organization_id, p.status, p.planned_end, p.department_id, p.budget_planned
    from unnest(program_ids) as w (id) join program_service.programs p on p.id = w.id
  ), organizations as materialized (  -- materialized: the condition below must not be pushed into it
    select distinct w.organization_id from wanted w
  ), days as materialized (
    -- once per organization, not per program: may the caller ask, and what day is it there?
    select o.organization_id, organization_service.local_today(o.organization_id) as today
    from organizations o where organization_service.caller_may_ask(o.organization_id)
  ), visible as materialized (
    select w.* from wanted w where w.organization_id in (select d.organization_id from days d)
  ), counts as (
    select c.program_id, c.milestone_id, c.total, c.done, c.late
    from task_service.progress_counts(array(select v.id from visible v)) c
  ), milestone_groups as (
    select m.program_id, m.id as milestone_id, m.done_at is not null as marked_done
    from program_service.milestones m where m.program_id in (select v.id from visible v)
  ), groups as (
    -- a milestone's tasks, or (milestone_id null) the tasks without a milestone of this program
    select g.program_id, g.marked_done, coalesce(sum(c.total), 0) as total, coalesce(sum(c.done), 0) as done
    from milestone_groups g left join counts c on c.program_id = g.program_id and c.milestone_id = g.milestone_id
    group by g.program_id, g.milestone_id, g.marked_done
    union all
    select c.program_id, false, sum(c.total), sum(c.done)
    from counts c
    where c.program_id in (select g.program_id from milestone_groups g)
      and not exists (select 1 from milestone_groups g where g.milestone_id = c.milestone_id)
    group by c.program_id
  ), weighted as (
    select g.program_id,
           avg(case when g.marked_done then 1.0 when g.total > 0 then g.done::numeric / g.total else 0 end) as share
    from groups g group by g.program_id
  ), totals as (
    select c.program_id, sum(c.total)::integer as total, sum(c.done)::integer as done, sum(c.late)::integer as late
    from counts c group by c.program_id
  ), budget as (
    select b.program_id,
           coalesce(sum(b.planned_amount) filter (where b.kind = 'pemasukan'), 0) as income_planned,
           coalesce(sum(b.actual_amount) filter (where b.kind = 'pemasukan'), 0) as income_actual,
           coalesce(sum(b.planned_amount) filter (where b.kind = 'pengeluaran'), 0) as expense_planned,
           coalesce(sum(b.actual_amount) filter (where b.kind = 'pengeluaran'), 0) as expense_actual
    from program_service.budget_items b where b.program_id in (select v.id from visible v)
    group by b.program_id
  )
  select v.id, v.status, v.department_id, v.budget_planned, d.today,
         coalesce(v.status not in ('selesai', 'dibatalkan', 'ditolak') and v.planned_end < d.today, false),
         case when v.status not in ('selesai', 'dibatalkan', 'ditolak') then v.planned_end - d.today end,
         round(100 * case when v.status = 'selesai' then 1.0
                          when w.share is not null then w.share
                          when t.total > 0 then t.done::numeric / t.total
                          else 0 end, 1),
         coalesce(t.total, 0), coalesce(t.done, 0), coalesce(t.late, 0),
         coalesce(b.income_planned, 0), coalesce(b.income_actual, 0),
         coalesce(b.expense_planned, 0), coalesce(b.expense_actual, 0)
  from visible v
  join days d on d.organization_id = v.organization_id
  left join weighted w on w.program_id = v.id
  left join totals t on t.program_id = v.id
  left join budget b on b.program_id = v.id;
end
$$;
alter function program_service.metrics(uuid[]) owner to program_service_definer;
revoke all on function program_service.metrics(uuid[]) from public;
grant execute on function program_service.metrics(uuid[]) to authenticated, service_role;
