-- The current definitions of task_service's policies: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a policy here; a new numbered migration only for what cannot be replaced in place (a policy no longer wanted:
-- drop it there; a table or column it needs).

drop policy if exists calendar_feeds_own on task_service.calendar_feeds;
create policy calendar_feeds_own on task_service.calendar_feeds for all to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

drop policy if exists definer_marks on task_service.calendar_feeds;
create policy definer_marks on task_service.calendar_feeds for update to task_service_definer
  using (true)
  with check (true);

-- Whose feed has this hash (null: none, or revoked); notes when it was fetched. Owned by the tasks
-- service's definer, which may read the hash and the owner and set last_fetched_at, nothing else.
drop policy if exists definer_reads on task_service.calendar_feeds;
create policy definer_reads on task_service.calendar_feeds for select to task_service_definer
  using (true);

drop policy if exists events_writer_reads on task_service.reminders_sent;
create policy events_writer_reads on task_service.reminders_sent for select to events_writer
  using (true);

drop policy if exists events_writer_records on task_service.reminders_sent;
create policy events_writer_records on task_service.reminders_sent for insert to events_writer
  with check (true);

drop policy if exists assignees_add on task_service.task_assignees;
create policy assignees_add on task_service.task_assignees for insert to authenticated
  with check ((assigned_by = (select auth.uid())) and task_service.can_assign(task_id, user_id));

drop policy if exists assignees_read on task_service.task_assignees;
create policy assignees_read on task_service.task_assignees for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));

drop policy if exists assignees_remove on task_service.task_assignees;
create policy assignees_remove on task_service.task_assignees for delete to authenticated
  using (exists (select 1
   from task_service.tasks t
  where ((t.id = task_assignees.task_id) and task_service.can_manage(t.program_id))));

drop policy if exists definer_reads on task_service.task_assignees;
create policy definer_reads on task_service.task_assignees for select to task_service_definer
  using (true);

drop policy if exists events_writer_reads on task_service.task_assignees;
create policy events_writer_reads on task_service.task_assignees for select to events_writer
  using (true);

drop policy if exists comments_create on task_service.task_comments;
create policy comments_create on task_service.task_comments for insert to authenticated
  with check ((author_id = (select auth.uid())) and task_service.can_comment(task_id));

drop policy if exists comments_read on task_service.task_comments;
create policy comments_read on task_service.task_comments for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));

drop policy if exists history_read on task_service.task_status_history;
create policy history_read on task_service.task_status_history for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));

drop policy if exists history_writer on task_service.task_status_history;
create policy history_writer on task_service.task_status_history for insert to task_service_writer
  with check (true);

drop policy if exists definer_reads on task_service.tasks;
create policy definer_reads on task_service.tasks for select to task_service_definer
  using (true);

-- the writer reads the task an assignment or comment belongs to, and the task's assignees
drop policy if exists events_writer_reads on task_service.tasks;
create policy events_writer_reads on task_service.tasks for select to events_writer
  using (true);

drop policy if exists tasks_create on task_service.tasks;
create policy tasks_create on task_service.tasks for insert to authenticated
  with check ((created_by = (select auth.uid()))
              and (status = 'belum_dimulai')
              and task_service.can_manage(program_id));

drop policy if exists tasks_delete on task_service.tasks;
create policy tasks_delete on task_service.tasks for delete to authenticated
  using (task_service.can_manage(program_id));

drop policy if exists tasks_edit on task_service.tasks;
create policy tasks_edit on task_service.tasks for update to authenticated
  using (task_service.can_move(id, program_id))
  with check (task_service.can_move(id, program_id));

drop policy if exists tasks_read on task_service.tasks;
create policy tasks_read on task_service.tasks for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));

-- the writer reads the task a change belongs to (its program and title), nothing else
drop policy if exists writer_reads on task_service.tasks;
create policy writer_reads on task_service.tasks for select to task_service_writer
  using (true);
