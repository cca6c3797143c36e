-- Read policies ask once per statement which organizations the caller may see (issue 14; as
-- organization_service's 0011). Assignees and comments were visible when their task was, an EXISTS
-- on tasks that PostgreSQL planned as a scan of every task of the caller's organizations for each
-- statement (GET /me/tasks read all 20,000 of them to show 10): they now carry their task's
-- organization, filled by a trigger from the task (a caller cannot choose it), and are read by it.

alter policy tasks_read on task_service.tasks
  using (organization_id in (select organization_service.my_organizations()));
alter policy history_read on task_service.task_status_history
  using (organization_id in (select organization_service.my_organizations()));

alter table task_service.task_assignees add column organization_id uuid;
update task_service.task_assignees a set organization_id = t.organization_id
  from task_service.tasks t where t.id = a.task_id;
alter table task_service.task_assignees alter column organization_id set not null;

alter table task_service.task_comments add column organization_id uuid;
update task_service.task_comments c set organization_id = t.organization_id
  from task_service.tasks t where t.id = c.task_id;
alter table task_service.task_comments alter column organization_id set not null;

-- The row's organization is its task's, whatever the insert said.
create function task_service.take_task_organization()
  returns trigger language plpgsql security definer set search_path = '' as $$
  begin
    new.organization_id := (select t.organization_id from task_service.tasks t where t.id = new.task_id);
    return new;
  end
  $$;
alter function task_service.take_task_organization() owner to task_service_definer;
create trigger task_assignees_organization before insert or update of task_id, organization_id
  on task_service.task_assignees for each row execute function task_service.take_task_organization();
create trigger task_comments_organization before insert or update of task_id, organization_id
  on task_service.task_comments for each row execute function task_service.take_task_organization();

alter policy assignees_read on task_service.task_assignees
  using (organization_id in (select organization_service.my_organizations()));
alter policy comments_read on task_service.task_comments
  using (organization_id in (select organization_service.my_organizations()));
