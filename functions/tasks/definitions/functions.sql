-- The current definitions of task_service's functions: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a function here; a new numbered migration only for what cannot be replaced in place (a new signature or
-- return type: drop it there first; a table or column it needs).

-- ---------------------------------------------------------------------------------------------
-- The lifecycle of docs/domain.md, once, in SQL (the service keeps the same table in Python; a test
-- checks that both agree). selesai -> dalam_progres is reopening, which fewer people may do.
create or replace function task_service.allowed_transitions(from_status text)
returns text[]
language sql immutable set search_path = '' as $function$
    select case from_status
      when 'belum_dimulai' then array['dalam_progres', 'dibatalkan']
      when 'dalam_progres' then array['review', 'ditunda', 'dibatalkan']
      when 'review' then array['selesai', 'dalam_progres', 'dibatalkan']
      when 'ditunda' then array['dalam_progres', 'dibatalkan']
      when 'selesai' then array['dalam_progres']
      else array[]::text[] end
  $function$;
revoke all on function task_service.allowed_transitions(from_status text) from public;
grant execute on function task_service.allowed_transitions(from_status text) to authenticated, service_role;

create or replace function task_service.assignees_of(task uuid)
returns jsonb
language sql stable set search_path = '' as $function$
    select coalesce(jsonb_agg(a.user_id order by a.user_id), '[]') from task_service.task_assignees a
    where a.task_id = task
  $function$;
alter function task_service.assignees_of(task uuid) owner to events_writer;
revoke all on function task_service.assignees_of(task uuid) from public;

create or replace function task_service.calendar_feed_owner(feed_hash bytea)
returns uuid
language sql security definer set search_path = '' as $function$
    update task_service.calendar_feeds f set last_fetched_at = now()
    where f.token_hash = feed_hash
    returning f.user_id
  $function$;
alter function task_service.calendar_feed_owner(feed_hash bytea) owner to task_service_definer;
revoke all on function task_service.calendar_feed_owner(feed_hash bytea) from public;
grant execute on function task_service.calendar_feed_owner(feed_hash bytea) to anon;

-- May the caller assign ``member`` to this task? Those who manage its tasks, and only an active
-- member of the program's period who is not the pembina (an advisor, read-only).
create or replace function task_service.can_assign(task uuid, member uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select exists (select 1 from task_service.tasks t
                   where t.id = task and task_service.can_manage(t.program_id)
                     and coalesce(organization_service.member_role(t.organization_id, member, t.period_id)
                                  <> 'pembina', false))
  $function$;
revoke all on function task_service.can_assign(task uuid, member uuid) from public;
grant execute on function task_service.can_assign(task uuid, member uuid) to authenticated, service_role;

-- May the caller comment on this task? Active members of its period, while its program is writable.
create or replace function task_service.can_comment(task uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select exists (select 1 from task_service.tasks t
                   where t.id = task and task_service.program_writable(t.program_id)
                     and organization_service.my_role(t.organization_id, t.period_id) is not null)
  $function$;
revoke all on function task_service.can_comment(task uuid) from public;
grant execute on function task_service.can_comment(task uuid) to authenticated, service_role;

-- Does the caller lead this program's work: one of `roles` in its period, a head of its department, or its PJ
-- (an active member), while the program is not final and its period is open? can_manage and can_reopen ask
-- it, with their roles.
create or replace function task_service.leads_program(program uuid, roles text[])
returns boolean
language sql stable set search_path = '' as $function$
    select coalesce((
      select f.status <> all (program_service.final_statuses())
         and organization_service.period_is_open(f.period_id)
         and (organization_service.has_role(f.organization_id, roles, f.period_id)
              or f.department_id in (select organization_service.departments_headed(f.organization_id, null,
                                                                                    f.period_id))
              or (f.person_in_charge = (select auth.uid())
                  and organization_service.my_role(f.organization_id, f.period_id) is not null))
      from program_service.program_facts(program) f), false)
  $function$;
revoke all on function task_service.leads_program(program uuid, roles text[]) from public;
grant execute on function task_service.leads_program(program uuid, roles text[]) to authenticated, service_role;

-- May the caller manage this program's tasks (create, edit, delete, assign, move any status but
-- reopen)? ketua, wakil ketua, sekretaris; a head of the program's department; its PJ while an
-- active member.
create or replace function task_service.can_manage(program uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select task_service.leads_program(program, organization_service.board_and_sekretaris_roles())
  $function$;
revoke all on function task_service.can_manage(program uuid) from public;
grant execute on function task_service.can_manage(program uuid) to authenticated, service_role;

-- May the caller change this task's status? Those who manage the program's tasks, and its
-- assignees while active members of the period (whatever their role).
create or replace function task_service.can_move(task uuid, program uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select task_service.can_manage(program)
        or (exists (select 1 from task_service.task_assignees a
                    where a.task_id = task and a.user_id = (select auth.uid()))
            and coalesce((select f.status <> all (program_service.final_statuses())
                                 and organization_service.period_is_open(f.period_id)
                                 and organization_service.my_role(f.organization_id, f.period_id) is not null
                          from program_service.program_facts(program) f), false))
  $function$;
revoke all on function task_service.can_move(task uuid, program uuid) from public;
grant execute on function task_service.can_move(task uuid, program uuid) to authenticated, service_role;

-- May the caller reopen a finished task (selesai -> dalam_progres)? The board (ketua, wakil ketua),
-- a head of the program's department, its PJ; not the sekretaris, not an assignee.
create or replace function task_service.can_reopen(program uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select task_service.leads_program(program, organization_service.board_roles())
  $function$;
revoke all on function task_service.can_reopen(program uuid) from public;
grant execute on function task_service.can_reopen(program uuid) to authenticated, service_role;

-- Is this status change the consumer's, on behalf of a program's status change?
create or replace function task_service.program_caused(from_status text, to_status text)
returns boolean
language sql stable set search_path = '' as $function$
    select current_user = 'service_role'
       and nullif(current_setting('task_service.cause', true), '') is not null
       and ((to_status = 'ditunda' and from_status in ('belum_dimulai', 'dalam_progres', 'review'))
            or (from_status = 'ditunda' and to_status in ('belum_dimulai', 'dalam_progres', 'review')))
  $function$;
revoke all on function task_service.program_caused(from_status text, to_status text) from public;
grant execute on function task_service.program_caused(from_status text, to_status text) to authenticated, service_role;

create or replace function task_service.program_report(program uuid)
returns jsonb
language plpgsql stable security definer set search_path = '' as $function$
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
  $function$;
alter function task_service.program_report(program uuid) owner to task_service_definer;
revoke all on function task_service.program_report(program uuid) from public;
grant execute on function task_service.program_report(program uuid) to authenticated, service_role;

-- The permission table of docs/domain.md for tasks, per the program's period. A program's tasks change
-- only while the program is not final and its period is open.
create or replace function task_service.program_writable(program uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select coalesce((select f.status <> all (program_service.final_statuses())
                            and organization_service.period_is_open(f.period_id)
                     from program_service.program_facts(program) f), false)
  $function$;
revoke all on function task_service.program_writable(program uuid) from public;
grant execute on function task_service.program_writable(program uuid) to authenticated, service_role;

-- One event per user assigned or unassigned; none when the task itself is being deleted.
create or replace function task_service.publish_assignee_event()
returns trigger
language plpgsql security definer set search_path = '' as $function$
declare
  changed record;
  task record;
begin
  changed := case when tg_op = 'INSERT' then new else old end;
  select t.id, t.program_id, t.organization_id, t.title, t.due_date, t.priority into task
  from task_service.tasks t where t.id = changed.task_id;
  if found then
    insert into events.outbox (type, aggregate, aggregate_id, organization_id, payload)
    values (case when tg_op = 'INSERT' then 'task.assigned' else 'task.unassigned' end, 'task', task.id,
            task.organization_id, jsonb_build_object(
              'task_id', task.id, 'program_id', task.program_id, 'organization_id', task.organization_id,
              'title', task.title, 'due_date', task.due_date, 'priority', task.priority,
              'user_id', changed.user_id,
              'actor', (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')::uuid));
  end if;
  return null;
end
$function$;
alter function task_service.publish_assignee_event() owner to events_writer;
revoke all on function task_service.publish_assignee_event() from public;
grant execute on function task_service.publish_assignee_event() to authenticated, service_role;

create or replace function task_service.publish_comment_event()
returns trigger
language plpgsql security definer set search_path = '' as $function$
begin
  insert into events.outbox (type, aggregate, aggregate_id, organization_id, payload)
  select 'comment.created', 'task', t.id, t.organization_id, jsonb_build_object(
    'comment_id', new.id, 'task_id', t.id, 'program_id', t.program_id, 'organization_id', t.organization_id,
    'title', t.title, 'author_id', new.author_id, 'body', left(new.body, 500),
    'assignees', task_service.assignees_of(t.id))
  from task_service.tasks t where t.id = new.task_id;
  return null;
end
$function$;
alter function task_service.publish_comment_event() owner to events_writer;
revoke all on function task_service.publish_comment_event() from public;
grant execute on function task_service.publish_comment_event() to authenticated, service_role;

create or replace function task_service.publish_task_event()
returns trigger
language plpgsql security definer set search_path = '' as $function$
declare
  actor uuid := (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')::uuid;
  task jsonb := jsonb_build_object('task_id', new.id, 'program_id', new.program_id,
                                   'organization_id', new.organization_id, 'title', new.title);
begin
  if tg_op = 'INSERT' then
    insert into events.outbox (type, aggregate, aggregate_id, organization_id, payload)
    values ('task.created', 'task', new.id, new.organization_id, task || jsonb_build_object(
      'period_id', new.period_id, 'milestone_id', new.milestone_id, 'status', new.status,
      'priority', new.priority, 'start_date', new.start_date, 'due_date', new.due_date,
      'created_by', new.created_by));
    return null;
  end if;
  if new.status <> old.status then
    insert into events.outbox (type, aggregate, aggregate_id, organization_id, payload)
    values ('task.status_changed', 'task', new.id, new.organization_id, task || jsonb_build_object(
      'from', old.status, 'to', new.status, 'note', nullif(current_setting('task_service.note', true), ''),
      'changed_by', actor, 'assignees', task_service.assignees_of(new.id),
      'person_in_charge', (select f.person_in_charge from program_service.program_facts(new.program_id) f),
      'version', new.version));
  end if;
  if new.due_date is distinct from old.due_date then
    insert into events.outbox (type, aggregate, aggregate_id, organization_id, payload)
    values ('task.due_date_changed', 'task', new.id, new.organization_id, task || jsonb_build_object(
      'from', old.due_date, 'to', new.due_date, 'changed_by', actor,
      'assignees', task_service.assignees_of(new.id), 'version', new.version));
  end if;
  return null;
end
$function$;
alter function task_service.publish_task_event() owner to events_writer;
revoke all on function task_service.publish_task_event() from public;
grant execute on function task_service.publish_task_event() to authenticated, service_role;

-- An assignee added or removed. Nothing when the task itself is being deleted (the cascade): its
-- deletion is the activity.
create or replace function task_service.record_assignee_change()
returns trigger
language plpgsql security definer set search_path = '' as $function$
declare
  changed record;
  task record;
begin
  changed := case when tg_op = 'INSERT' then new else old end;
  select t.program_id, t.title into task from task_service.tasks t where t.id = changed.task_id;
  if found then
    perform program_service.record_activity(
      task.program_id, case when tg_op = 'INSERT' then 'task.assigned' else 'task.unassigned' end, 'task',
      changed.task_id, format(case when tg_op = 'INSERT' then 'Tugas "%s" ditugaskan kepada %s'
                                   else 'Tugas "%s" tidak lagi ditugaskan kepada %s' end, task.title, changed.user_id));
  end if;
  return null;
end
$function$;
alter function task_service.record_assignee_change() owner to task_service_writer;
revoke all on function task_service.record_assignee_change() from public;
grant execute on function task_service.record_assignee_change() to authenticated, service_role;

create or replace function task_service.record_comment()
returns trigger
language plpgsql security definer set search_path = '' as $function$
begin
  perform program_service.record_activity(t.program_id, 'comment.created', 'comment', new.id,
                                          format('Komentar pada tugas "%s"', t.title))
  from task_service.tasks t where t.id = new.task_id;
  return null;
end
$function$;
alter function task_service.record_comment() owner to task_service_writer;
revoke all on function task_service.record_comment() from public;
grant execute on function task_service.record_comment() to authenticated, service_role;

-- As in 0001, plus the cause of a status change (the transaction setting task_service.cause).
create or replace function task_service.record_task_change()
returns trigger
language plpgsql security definer set search_path = '' as $function$
begin
  if tg_op = 'DELETE' then
    perform program_service.record_activity(old.program_id, 'task.deleted', 'task', old.id,
                                            format('Tugas "%s" dihapus', old.title));
    return null;
  end if;
  if tg_op = 'INSERT' or new.status <> old.status then
    insert into task_service.task_status_history (task_id, organization_id, from_status, to_status, note,
                                                  changed_by, cause_event_id)
    values (new.id, new.organization_id, case when tg_op = 'UPDATE' then old.status end, new.status,
            nullif(current_setting('task_service.note', true), ''),
            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')::uuid,
            nullif(current_setting('task_service.cause', true), '')::uuid);
  end if;
  if tg_op = 'INSERT' then
    perform program_service.record_activity(new.program_id, 'task.created', 'task', new.id,
                                            format('Tugas "%s" dibuat', new.title));
    return null;
  end if;
  if new.status <> old.status then
    perform program_service.record_activity(new.program_id, 'task.status_changed', 'task', new.id,
                                            format('Status tugas "%s": %s -> %s', new.title, old.status,
                                                   new.status));
  end if;
  if (new.title, new.description, new.milestone_id, new.start_date, new.due_date, new.priority)
     is distinct from (old.title, old.description, old.milestone_id, old.start_date, old.due_date, old.priority) then
    perform program_service.record_activity(new.program_id, 'task.updated', 'task', new.id,
                                            format('Tugas "%s" diubah', new.title));
  end if;
  return null;
end
$function$;
alter function task_service.record_task_change() owner to task_service_writer;
revoke all on function task_service.record_task_change() from public;
grant execute on function task_service.record_task_change() to authenticated, service_role;

create or replace function task_service.send_due_reminders()
returns table(task_id uuid, kind text, days integer, escalated boolean)
language sql security definer set search_path = '' as $function$
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
  $function$;
alter function task_service.send_due_reminders() owner to events_writer;
revoke all on function task_service.send_due_reminders() from public;
grant execute on function task_service.send_due_reminders() to service_role;

create or replace function task_service.status_counts(program_ids uuid[])
returns table(program_id uuid, status text, tasks integer)
language plpgsql stable security definer set search_path = '' as $function$
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
  $function$;
alter function task_service.status_counts(program_ids uuid[]) owner to task_service_definer;
revoke all on function task_service.status_counts(program_ids uuid[]) from public;
grant execute on function task_service.status_counts(program_ids uuid[]) to authenticated, service_role;

-- The row's organization is its task's, whatever the insert said.
create or replace function task_service.take_task_organization()
returns trigger
language plpgsql security definer set search_path = '' as $function$
  begin
    new.organization_id := (select t.organization_id from task_service.tasks t where t.id = new.task_id);
    return new;
  end
  $function$;
alter function task_service.take_task_organization() owner to task_service_definer;

-- A new task takes its organization and period from its program (they never change), starts
-- unfinished at version 1, and its milestone must be one of the program's.
create or replace function task_service.tasks_before_insert()
returns trigger
language plpgsql set search_path = '' as $function$
declare
  facts record;
begin
  select f.organization_id, f.period_id into facts from program_service.program_facts(new.program_id) f;
  if not found then
    raise exception 'no program % among the caller''s organizations', new.program_id
      using errcode = 'foreign_key_violation';
  end if;
  new.organization_id := facts.organization_id;
  new.period_id := facts.period_id;
  if new.milestone_id is not null and not program_service.milestone_in(new.program_id, new.milestone_id) then
    raise exception 'milestone % is not one of the program''s', new.milestone_id using errcode = 'check_violation';
  end if;
  new.completed_at := case when new.status = 'selesai' then coalesce(new.completed_at, now()) end;
  new.version := 1;
  return new;
end
$function$;
revoke all on function task_service.tasks_before_insert() from public;
grant execute on function task_service.tasks_before_insert() to authenticated, service_role;

-- As in 0001, plus the program's path above.
create or replace function task_service.tasks_before_update()
returns trigger
language plpgsql set search_path = '' as $function$
begin
  if new.id <> old.id or new.program_id <> old.program_id or new.organization_id <> old.organization_id
     or new.period_id <> old.period_id or new.created_by <> old.created_by or new.created_at <> old.created_at then
    raise exception 'a task''s program, organization, period and creator do not change'
      using errcode = 'check_violation';
  end if;
  if new.status <> old.status and not new.status = any (task_service.allowed_transitions(old.status))
     and not task_service.program_caused(old.status, new.status) then
    raise exception 'illegal task status transition % -> %', old.status, new.status
      using errcode = 'check_violation';
  end if;
  if current_user = 'authenticated' then  -- users; services and the contract's functions are trusted
    if old.status = 'selesai' and new.status <> old.status and not task_service.can_reopen(old.program_id) then
      raise exception 'only the board, a head of the program''s department or its PJ reopen a task'
        using errcode = 'insufficient_privilege';
    end if;
    if (new.title, new.description, new.milestone_id, new.start_date, new.due_date, new.priority)
       is distinct from (old.title, old.description, old.milestone_id, old.start_date, old.due_date, old.priority)
       and not task_service.can_manage(old.program_id) then
      raise exception 'an assignee changes only the status of their task' using errcode = 'insufficient_privilege';
    end if;
  end if;
  if new.milestone_id is distinct from old.milestone_id and new.milestone_id is not null
     and not program_service.milestone_in(new.program_id, new.milestone_id) then
    raise exception 'milestone % is not one of the program''s', new.milestone_id using errcode = 'check_violation';
  end if;
  new.completed_at := case when new.status <> 'selesai' then null
                           when old.status = 'selesai' then old.completed_at
                           else now() end;
  new.version := old.version + 1;
  new.updated_at := now();
  return new;
end
$function$;
revoke all on function task_service.tasks_before_update() from public;
grant execute on function task_service.tasks_before_update() to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- The programs service's interface, implemented here: functions of program_service that read this service's
-- tasks. Programs declares them (functions/programs/definitions/functions.sql, "Implemented above") and calls
-- them as its own; this service, which knows both, writes their bodies, so no reference goes from programs up to
-- tasks (docs/decisions/0026-sql-definitions.md, "Interfaces implemented above"). Owned by task_service_definer:
-- they read the tasks past their policies, and answer only for organizations the caller may ask about.

-- A program's progress (program_service.metrics): per program and milestone (null: the tasks without one), how many
-- tasks count (cancelled ones do not), how many are done, how many are late in the organization's today.
create or replace function program_service.progress_counts(program_ids uuid[])
returns table(program_id uuid, milestone_id uuid, total integer, done integer, late integer)
language plpgsql stable security definer set search_path = '' as $function$
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
  $function$;
alter function program_service.progress_counts(program_ids uuid[]) owner to task_service_definer;
revoke all on function program_service.progress_counts(program_ids uuid[]) from public;
grant execute on function program_service.progress_counts(program_ids uuid[]) to authenticated, service_role, program_service_definer;

-- How many tasks a program (or one of its milestones) has, whatever their
-- status. A draft or a milestone that still has any, even cancelled ones, is not deleted: no
-- foreign key crosses the schemas to cascade or refuse. Members of the program's organization, or
-- services, may ask.
create or replace function program_service.task_count(program uuid, milestone uuid default NULL::uuid)
returns integer
language sql stable security definer set search_path = '' as $function$
    select count(*)::integer from task_service.tasks t
    where t.program_id = program and (milestone is null or t.milestone_id = milestone)
      and organization_service.caller_may_ask(t.organization_id)
  $function$;
alter function program_service.task_count(program uuid, milestone uuid) owner to task_service_definer;
revoke all on function program_service.task_count(program uuid, milestone uuid) from public;
grant execute on function program_service.task_count(program uuid, milestone uuid) to authenticated, service_role;
