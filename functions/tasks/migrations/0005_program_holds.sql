-- What the tasks service does when its program's status changes (the consumer
-- functions/tasks/consumers/program_status.py, on program.status_changed): a cancelled program's
-- open tasks are cancelled; a paused (ditunda) program's open tasks are put on hold, remembered in
-- program_holds with the status each had; when the program resumes, those tasks go back to it.
--
-- The lifecycle lets a user pause only a task in progress (dalam_progres -> ditunda) and resume it
-- only into dalam_progres. The consumer may do more, and only it: as service_role, with the
-- transaction setting task_service.cause naming the program's event, any open task goes on hold and
-- a held task back to the status it had. Each change is recorded in the task's history with that
-- event as its cause (cause_event_id) and the program's transition as its note.

create table task_service.program_holds (
  task_id uuid primary key references task_service.tasks (id) on delete cascade,
  program_id uuid not null,
  program_event_id uuid not null,
  previous_status text not null check (previous_status in ('belum_dimulai', 'dalam_progres', 'review')),
  held_at timestamptz not null default now()
);
create index program_holds_program on task_service.program_holds (program_id);
alter table task_service.program_holds enable row level security;
alter table task_service.program_holds force row level security;
revoke all on task_service.program_holds from public, anon, authenticated;
grant select, insert, update, delete on task_service.program_holds to service_role;
grant update (status) on task_service.tasks to service_role;

alter table task_service.task_status_history add column cause_event_id uuid;

-- Is this status change the consumer's, on behalf of a program's status change?
create function task_service.program_caused(from_status text, to_status text)
  returns boolean language sql stable set search_path = '' as $$
    select current_user = 'service_role'
       and nullif(current_setting('task_service.cause', true), '') is not null
       and ((to_status = 'ditunda' and from_status in ('belum_dimulai', 'dalam_progres', 'review'))
            or (from_status = 'ditunda' and to_status in ('belum_dimulai', 'dalam_progres', 'review')))
  $$;
revoke all on function task_service.program_caused(text, text) from public;
grant execute on function task_service.program_caused(text, text) to authenticated, service_role;

-- As in 0001, plus the program's path above.
create or replace function task_service.tasks_before_update()
  returns trigger language plpgsql set search_path = '' as $$
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
$$;

-- As in 0001, plus the cause of a status change (the transaction setting task_service.cause).
create or replace function task_service.record_task_change()
  returns trigger language plpgsql security definer set search_path = '' as $$
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
$$;
