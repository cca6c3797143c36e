-- Domain events of tasks, written by trigger into the outbox (events.outbox, created by the programs
-- service's 0002 migration) in the same transaction as the change (DESIGN.md §4): task.created,
-- task.assigned, task.unassigned (one per user), task.status_changed, task.due_date_changed and
-- comment.created. Each payload carries what a notification needs without reading our tables:
-- organization, program, task and its title, the actor, and who should hear of it (the assignees;
-- the program's PJ for a status change).

grant usage, create on schema task_service to events_writer;
-- the writer reads the task an assignment or comment belongs to, and the task's assignees
create policy events_writer_reads on task_service.tasks for select to events_writer using (true);
create policy events_writer_reads on task_service.task_assignees for select to events_writer using (true);
grant select (id, program_id, organization_id, title, due_date, priority) on task_service.tasks to events_writer;
grant select (task_id, user_id) on task_service.task_assignees to events_writer;
-- the program's PJ, through the program service's contract
grant execute on function program_service.program_facts(uuid) to events_writer;

create function task_service.assignees_of(task uuid)
  returns jsonb language sql stable set search_path = '' as $$
    select coalesce(jsonb_agg(a.user_id order by a.user_id), '[]') from task_service.task_assignees a
    where a.task_id = task
  $$;
alter function task_service.assignees_of(uuid) owner to events_writer;

create function task_service.publish_task_event()
  returns trigger language plpgsql security definer set search_path = '' as $$
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
$$;
alter function task_service.publish_task_event() owner to events_writer;
create trigger tasks_publish_events after insert or update of status, due_date on task_service.tasks
  for each row execute function task_service.publish_task_event();

-- One event per user assigned or unassigned; none when the task itself is being deleted.
create function task_service.publish_assignee_event()
  returns trigger language plpgsql security definer set search_path = '' as $$
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
$$;
alter function task_service.publish_assignee_event() owner to events_writer;
create trigger task_assignees_publish_events after insert or delete on task_service.task_assignees
  for each row execute function task_service.publish_assignee_event();

create function task_service.publish_comment_event()
  returns trigger language plpgsql security definer set search_path = '' as $$
begin
  insert into events.outbox (type, aggregate, aggregate_id, organization_id, payload)
  select 'comment.created', 'task', t.id, t.organization_id, jsonb_build_object(
    'comment_id', new.id, 'task_id', t.id, 'program_id', t.program_id, 'organization_id', t.organization_id,
    'title', t.title, 'author_id', new.author_id, 'body', left(new.body, 500),
    'assignees', task_service.assignees_of(t.id))
  from task_service.tasks t where t.id = new.task_id;
  return null;
end
$$;
alter function task_service.publish_comment_event() owner to events_writer;
create trigger task_comments_publish_events after insert on task_service.task_comments
  for each row execute function task_service.publish_comment_event();

revoke all on function task_service.assignees_of(uuid), task_service.publish_task_event(),
  task_service.publish_assignee_event(), task_service.publish_comment_event() from public;
grant execute on function task_service.publish_task_event(), task_service.publish_assignee_event(),
  task_service.publish_comment_event() to authenticated, service_role;
