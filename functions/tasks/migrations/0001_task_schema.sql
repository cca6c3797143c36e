-- The tasks service: tasks of programs, their assignees, status history and comments. What it knows
-- about programs comes from program_service's SQL contract (program_facts, milestone_in,
-- record_activity) and about organizations from organization_service's (is_member, my_role,
-- has_role, departments_headed, member_role, period_is_open), never from their tables.

create schema if not exists task_service;
grant usage on schema task_service to authenticated, service_role;

-- Owner of the triggers that write the status history and report activity to the program service
-- (program_service.record_activity is executable by this role only): callers cannot forge either.
select public.ensure_service_role('task_service_writer');
grant usage, create on schema task_service to task_service_writer;

create table task_service.tasks (
  id uuid primary key default gen_random_uuid(),
  program_id uuid not null,
  organization_id uuid not null,  -- copied from the program at insert (trigger), never changes
  period_id uuid not null,        -- likewise
  milestone_id uuid,
  title text not null check (char_length(title) between 1 and 200),
  description text check (char_length(description) <= 10000),
  start_date date,
  due_date date,
  priority text not null default 'sedang' check (priority in ('rendah', 'sedang', 'tinggi', 'kritis')),
  status text not null default 'belum_dimulai' check (status in ('belum_dimulai', 'dalam_progres', 'review',
                                                                 'selesai', 'ditunda', 'dibatalkan')),
  completed_at timestamptz,
  version integer not null default 1,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint tasks_dates check (due_date >= start_date),
  constraint tasks_completed check ((status = 'selesai') = (completed_at is not null))
);
create index tasks_program on task_service.tasks (program_id);
create index tasks_organization on task_service.tasks (organization_id);

create table task_service.task_assignees (
  task_id uuid not null references task_service.tasks (id) on delete cascade,
  user_id uuid not null,
  assigned_by uuid,
  assigned_at timestamptz not null default clock_timestamp(),
  primary key (task_id, user_id)
);
create index task_assignees_user on task_service.task_assignees (user_id);

create table task_service.task_status_history (
  id bigint generated always as identity primary key,
  task_id uuid not null references task_service.tasks (id) on delete cascade,
  organization_id uuid not null,
  from_status text,
  to_status text not null,
  note text check (char_length(note) <= 2000),
  changed_by uuid,
  changed_at timestamptz not null default clock_timestamp()
);
create index task_status_history_task on task_service.task_status_history (task_id, id);

create table task_service.task_comments (
  id uuid primary key default gen_random_uuid(),
  task_id uuid not null references task_service.tasks (id) on delete cascade,
  author_id uuid not null,
  body text not null check (char_length(body) between 1 and 5000),
  created_at timestamptz not null default clock_timestamp()
);
create index task_comments_task on task_service.task_comments (task_id, created_at, id);

-- ---------------------------------------------------------------------------------------------
-- The lifecycle of DOMAIN.md, once, in SQL (the service keeps the same table in Python; a test
-- checks that both agree). selesai -> dalam_progres is reopening, which fewer people may do.
create function task_service.allowed_transitions(from_status text)
  returns text[] language sql immutable set search_path = '' as $$
    select case from_status
      when 'belum_dimulai' then array['dalam_progres', 'dibatalkan']
      when 'dalam_progres' then array['review', 'ditunda', 'dibatalkan']
      when 'review' then array['selesai', 'dalam_progres', 'dibatalkan']
      when 'ditunda' then array['dalam_progres', 'dibatalkan']
      when 'selesai' then array['dalam_progres']
      else array[]::text[] end
  $$;

-- The permission table of DOMAIN.md for tasks, per the program's period. A program's tasks change
-- only while the program is not final and its period is open.
create function task_service.program_writable(program uuid)
  returns boolean language sql stable set search_path = '' as $$
    select coalesce((select f.status not in ('selesai', 'dibatalkan', 'ditolak')
                            and organization_service.period_is_open(f.period_id)
                     from program_service.program_facts(program) f), false)
  $$;

-- May the caller manage this program's tasks (create, edit, delete, assign, move any status but
-- reopen)? ketua, wakil ketua, sekretaris; a head of the program's department; its PJ while an
-- active member.
create function task_service.can_manage(program uuid)
  returns boolean language sql stable set search_path = '' as $$
    select coalesce((
      select f.status not in ('selesai', 'dibatalkan', 'ditolak')
         and organization_service.period_is_open(f.period_id)
         and (organization_service.has_role(f.organization_id, array['ketua', 'wakil_ketua', 'sekretaris'],
                                            f.period_id)
              or f.department_id in (select organization_service.departments_headed(f.organization_id, null,
                                                                                    f.period_id))
              or (f.person_in_charge = (select auth.uid())
                  and organization_service.my_role(f.organization_id, f.period_id) is not null))
      from program_service.program_facts(program) f), false)
  $$;

-- May the caller reopen a finished task (selesai -> dalam_progres)? The board (ketua, wakil ketua),
-- a head of the program's department, its PJ; not the sekretaris, not an assignee.
create function task_service.can_reopen(program uuid)
  returns boolean language sql stable set search_path = '' as $$
    select coalesce((
      select f.status not in ('selesai', 'dibatalkan', 'ditolak')
         and organization_service.period_is_open(f.period_id)
         and (organization_service.has_role(f.organization_id, array['ketua', 'wakil_ketua'], f.period_id)
              or f.department_id in (select organization_service.departments_headed(f.organization_id, null,
                                                                                    f.period_id))
              or (f.person_in_charge = (select auth.uid())
                  and organization_service.my_role(f.organization_id, f.period_id) is not null))
      from program_service.program_facts(program) f), false)
  $$;

-- May the caller change this task's status? Those who manage the program's tasks, and its
-- assignees while active members of the period (whatever their role).
create function task_service.can_move(task uuid, program uuid)
  returns boolean language sql stable set search_path = '' as $$
    select task_service.can_manage(program)
        or (exists (select 1 from task_service.task_assignees a
                    where a.task_id = task and a.user_id = (select auth.uid()))
            and coalesce((select f.status not in ('selesai', 'dibatalkan', 'ditolak')
                                 and organization_service.period_is_open(f.period_id)
                                 and organization_service.my_role(f.organization_id, f.period_id) is not null
                          from program_service.program_facts(program) f), false))
  $$;

-- May the caller assign ``member`` to this task? Those who manage its tasks, and only an active
-- member of the program's period who is not the pembina (an advisor, read-only).
create function task_service.can_assign(task uuid, member uuid)
  returns boolean language sql stable set search_path = '' as $$
    select exists (select 1 from task_service.tasks t
                   where t.id = task and task_service.can_manage(t.program_id)
                     and coalesce(organization_service.member_role(t.organization_id, member, t.period_id)
                                  <> 'pembina', false))
  $$;

-- May the caller comment on this task? Active members of its period, while its program is writable.
create function task_service.can_comment(task uuid)
  returns boolean language sql stable set search_path = '' as $$
    select exists (select 1 from task_service.tasks t
                   where t.id = task and task_service.program_writable(t.program_id)
                     and organization_service.my_role(t.organization_id, t.period_id) is not null)
  $$;

-- A new task takes its organization and period from its program (they never change), starts
-- unfinished at version 1, and its milestone must be one of the program's.
create function task_service.tasks_before_insert()
  returns trigger language plpgsql set search_path = '' as $$
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
$$;
create trigger tasks_before_insert before insert on task_service.tasks
  for each row execute function task_service.tasks_before_insert();

-- Row changes the policies cannot see (they do not know the old row): owner columns never change, a
-- status changes only along the lifecycle, only some may reopen, an assignee who does not manage the
-- program's tasks changes the status alone; completed_at follows the status; version and updated_at
-- move on every change.
create function task_service.tasks_before_update()
  returns trigger language plpgsql set search_path = '' as $$
begin
  if new.id <> old.id or new.program_id <> old.program_id or new.organization_id <> old.organization_id
     or new.period_id <> old.period_id or new.created_by <> old.created_by or new.created_at <> old.created_at then
    raise exception 'a task''s program, organization, period and creator do not change'
      using errcode = 'check_violation';
  end if;
  if new.status <> old.status and not new.status = any (task_service.allowed_transitions(old.status)) then
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
create trigger tasks_before_update before update on task_service.tasks
  for each row execute function task_service.tasks_before_update();

-- ---------------------------------------------------------------------------------------------
-- History and the program's activity log, written by triggers owned by task_service_writer. The
-- note of a status change comes from the transaction setting task_service.note.
create function task_service.record_task_change()
  returns trigger language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'DELETE' then
    perform program_service.record_activity(old.program_id, 'task.deleted', 'task', old.id,
                                            format('Tugas "%s" dihapus', old.title));
    return null;
  end if;
  if tg_op = 'INSERT' or new.status <> old.status then
    insert into task_service.task_status_history (task_id, organization_id, from_status, to_status, note,
                                                  changed_by)
    values (new.id, new.organization_id, case when tg_op = 'UPDATE' then old.status end, new.status,
            nullif(current_setting('task_service.note', true), ''),
            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')::uuid);
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
alter function task_service.record_task_change() owner to task_service_writer;
create trigger tasks_record_change after insert or update or delete on task_service.tasks
  for each row execute function task_service.record_task_change();

-- An assignee added or removed. Nothing when the task itself is being deleted (the cascade): its
-- deletion is the activity.
create function task_service.record_assignee_change()
  returns trigger language plpgsql security definer set search_path = '' as $$
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
$$;
alter function task_service.record_assignee_change() owner to task_service_writer;
create trigger task_assignees_record_change after insert or delete on task_service.task_assignees
  for each row execute function task_service.record_assignee_change();

create function task_service.record_comment()
  returns trigger language plpgsql security definer set search_path = '' as $$
begin
  perform program_service.record_activity(t.program_id, 'comment.created', 'comment', new.id,
                                          format('Komentar pada tugas "%s"', t.title))
  from task_service.tasks t where t.id = new.task_id;
  return null;
end
$$;
alter function task_service.record_comment() owner to task_service_writer;
create trigger task_comments_record after insert on task_service.task_comments
  for each row execute function task_service.record_comment();

do $$
declare fn text;
begin
  foreach fn in array array[
    'allowed_transitions(text)', 'program_writable(uuid)', 'can_manage(uuid)', 'can_reopen(uuid)',
    'can_move(uuid, uuid)', 'can_assign(uuid, uuid)', 'can_comment(uuid)', 'tasks_before_insert()',
    'tasks_before_update()', 'record_task_change()', 'record_assignee_change()', 'record_comment()']
  loop
    execute format('revoke all on function task_service.%s from public', fn);
    execute format('grant execute on function task_service.%s to authenticated, service_role', fn);
  end loop;
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Row level security: the permission table of DOMAIN.md, the second wall behind the service.
alter table task_service.tasks enable row level security;
alter table task_service.tasks force row level security;
alter table task_service.task_assignees enable row level security;
alter table task_service.task_assignees force row level security;
alter table task_service.task_status_history enable row level security;
alter table task_service.task_status_history force row level security;
alter table task_service.task_comments enable row level security;
alter table task_service.task_comments force row level security;

-- members of the organization (of any period; pembina included) read; outsiders see nothing
create policy tasks_read on task_service.tasks for select to authenticated
  using (organization_service.is_member(organization_id));
create policy tasks_create on task_service.tasks for insert to authenticated
  with check (created_by = (select auth.uid()) and status = 'belum_dimulai'
              and task_service.can_manage(program_id));
create policy tasks_edit on task_service.tasks for update to authenticated
  using (task_service.can_move(id, program_id)) with check (task_service.can_move(id, program_id));
create policy tasks_delete on task_service.tasks for delete to authenticated
  using (task_service.can_manage(program_id));

-- what a member may see of a task (assignees, comments) follows the task itself
create policy assignees_read on task_service.task_assignees for select to authenticated
  using (exists (select 1 from task_service.tasks t where t.id = task_id));
create policy assignees_add on task_service.task_assignees for insert to authenticated
  with check (assigned_by = (select auth.uid()) and task_service.can_assign(task_id, user_id));
create policy assignees_remove on task_service.task_assignees for delete to authenticated
  using (exists (select 1 from task_service.tasks t where t.id = task_id and task_service.can_manage(t.program_id)));

create policy history_read on task_service.task_status_history for select to authenticated
  using (organization_service.is_member(organization_id));
create policy history_writer on task_service.task_status_history for insert to task_service_writer
  with check (true);

create policy comments_read on task_service.task_comments for select to authenticated
  using (exists (select 1 from task_service.tasks t where t.id = task_id));
create policy comments_create on task_service.task_comments for insert to authenticated
  with check (author_id = (select auth.uid()) and task_service.can_comment(task_id));

-- the writer reads the task a change belongs to (its program and title), nothing else
create policy writer_reads on task_service.tasks for select to task_service_writer using (true);

grant select, insert, update, delete on task_service.tasks to authenticated;
grant select, insert, delete on task_service.task_assignees to authenticated;
grant select on task_service.task_status_history to authenticated;
grant select, insert on task_service.task_comments to authenticated;
grant select (id, program_id, title) on task_service.tasks to task_service_writer;
grant insert on task_service.task_status_history to task_service_writer;
grant select on all tables in schema task_service to service_role;
