-- Due-date reminders (the scheduled job functions/tasks/jobs/due_reminders.py, daily at 07:00
-- Asia/Jakarta): for every open task (belum_dimulai, dalam_progres, review) with assignees, of an
-- open period, on the organization's own day:
--   3 days before, 1 day before and on the due day: task.due_soon (days 3, 1, 0);
--   every day once it is overdue: task.overdue (days -1, -2, ...);
--   more than two days overdue (days <= -3) the reminder also escalates to the heads of the
--   program's department (escalate: true, department_heads).
-- Tasks on hold (ditunda), done or cancelled are not reminded.
--
-- Never the same reminder twice: a reminder is a row of reminders_sent, unique per task, kind and day,
-- inserted in the same statement (so the same transaction) as its outbox event; a second run on the
-- same day, or two runs at once, insert nothing more (on conflict do nothing).

create table task_service.reminders_sent (
  task_id uuid not null references task_service.tasks (id) on delete cascade,
  kind text not null check (kind in ('due_soon', 'overdue')),
  for_date date not null,
  days_to_due integer not null,
  escalated boolean not null default false,
  sent_at timestamptz not null default clock_timestamp(),
  primary key (task_id, kind, for_date)
);
alter table task_service.reminders_sent enable row level security;
alter table task_service.reminders_sent force row level security;
grant select on task_service.reminders_sent to service_role;

-- The job's function runs as events_writer (it alone may insert into the outbox): what it reads and
-- writes, and nothing more.
grant select (status, period_id) on task_service.tasks to events_writer;
grant select, insert on task_service.reminders_sent to events_writer;
create policy events_writer_reads on task_service.reminders_sent for select to events_writer using (true);
create policy events_writer_records on task_service.reminders_sent for insert to events_writer with check (true);
grant usage on schema organization_service to events_writer;
grant execute on function organization_service.local_today(uuid), organization_service.period_is_open(uuid),
  organization_service.department_heads(uuid) to events_writer;

create function task_service.send_due_reminders()
  returns table (task_id uuid, kind text, days integer, escalated boolean)
  language sql volatile security definer set search_path = '' as $$
    with open_tasks as materialized (
      select t.id, t.program_id, t.organization_id, t.period_id, t.title, t.due_date
      from task_service.tasks t
      where t.status in ('belum_dimulai', 'dalam_progres', 'review') and t.due_date is not null
        and exists (select 1 from task_service.task_assignees a where a.task_id = t.id)
    ), days as materialized (  -- once per organization, not per task
      select o.organization_id, organization_service.local_today(o.organization_id) as today
      from (select distinct organization_id from open_tasks) o
    ), periods as materialized (
      select p.period_id from (select distinct period_id from open_tasks) p
      where organization_service.period_is_open(p.period_id)
    ), due as materialized (
      select t.*, d.today, t.due_date - d.today as days
      from open_tasks t join days d on d.organization_id = t.organization_id
      where t.period_id in (select p.period_id from periods p)
        and (t.due_date - d.today in (3, 1, 0) or t.due_date < d.today)
    ), sent as (
      insert into task_service.reminders_sent (task_id, kind, for_date, days_to_due, escalated)
      select u.id, case when u.days >= 0 then 'due_soon' else 'overdue' end, u.today, u.days, u.days <= -3
      from due u
      on conflict do nothing
      returning reminders_sent.task_id, reminders_sent.kind, reminders_sent.days_to_due, reminders_sent.escalated
    ), facts as (
      select s.task_id, s.kind, s.days_to_due, s.escalated, u.program_id, u.organization_id, u.title, u.due_date,
             (select f.department_id from program_service.program_facts(u.program_id) f) as department_id
      from sent s join due u on u.id = s.task_id
    ), published as (  -- runs to completion though nothing reads it (a data-modifying WITH)
      insert into events.outbox (type, aggregate, aggregate_id, organization_id, payload)
      select 'task.' || f.kind, 'task', f.task_id, f.organization_id, jsonb_build_object(
        'task_id', f.task_id, 'program_id', f.program_id, 'organization_id', f.organization_id, 'title', f.title,
        'due_date', f.due_date, 'days', f.days_to_due, 'assignees', task_service.assignees_of(f.task_id),
        'escalate', f.escalated, 'department_id', f.department_id,
        'department_heads', case when f.escalated and f.department_id is not null then coalesce(
          (select jsonb_agg(h order by h) from organization_service.department_heads(f.department_id) h), '[]')
          else '[]' end)
      from facts f  -- no RETURNING: events_writer may insert into the outbox, never read it
    )
    select s.task_id, s.kind, s.days_to_due, s.escalated from sent s
    order by s.days_to_due, s.task_id
  $$;
alter function task_service.send_due_reminders() owner to events_writer;
revoke all on function task_service.send_due_reminders() from public;
grant execute on function task_service.send_due_reminders() to service_role;
