-- The current definitions of task_service's triggers: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a trigger here; a new numbered migration only for what cannot be replaced in place (a new signature or
-- return type: drop it there first; a table or column it needs).

create or replace trigger task_assignees_organization
  before insert or update of task_id, organization_id on task_service.task_assignees
  for each row execute function task_service.take_task_organization();

create or replace trigger task_assignees_publish_events after insert or delete on task_service.task_assignees
  for each row execute function task_service.publish_assignee_event();

create or replace trigger task_assignees_record_change after insert or delete on task_service.task_assignees
  for each row execute function task_service.record_assignee_change();

create or replace trigger task_comments_organization
  before insert or update of task_id, organization_id on task_service.task_comments
  for each row execute function task_service.take_task_organization();

create or replace trigger task_comments_publish_events after insert on task_service.task_comments
  for each row execute function task_service.publish_comment_event();

create or replace trigger task_comments_record after insert on task_service.task_comments
  for each row execute function task_service.record_comment();

create or replace trigger tasks_before_insert before insert on task_service.tasks
  for each row execute function task_service.tasks_before_insert();

create or replace trigger tasks_before_update before update on task_service.tasks
  for each row execute function task_service.tasks_before_update();

create or replace trigger tasks_publish_events after insert or update of status, due_date on task_service.tasks
  for each row execute function task_service.publish_task_event();

create or replace trigger tasks_record_change after insert or delete or update on task_service.tasks
  for each row execute function task_service.record_task_change();
