-- The current definitions of task_service's triggers: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a trigger here; a new numbered migration only for what cannot be replaced in place (a new signature or
-- return type: drop it there first; a table or column it needs).

CREATE OR REPLACE TRIGGER task_assignees_organization BEFORE INSERT OR UPDATE OF task_id, organization_id ON task_service.task_assignees FOR EACH ROW EXECUTE FUNCTION task_service.take_task_organization();

CREATE OR REPLACE TRIGGER task_assignees_publish_events AFTER INSERT OR DELETE ON task_service.task_assignees FOR EACH ROW EXECUTE FUNCTION task_service.publish_assignee_event();

CREATE OR REPLACE TRIGGER task_assignees_record_change AFTER INSERT OR DELETE ON task_service.task_assignees FOR EACH ROW EXECUTE FUNCTION task_service.record_assignee_change();

CREATE OR REPLACE TRIGGER task_comments_organization BEFORE INSERT OR UPDATE OF task_id, organization_id ON task_service.task_comments FOR EACH ROW EXECUTE FUNCTION task_service.take_task_organization();

CREATE OR REPLACE TRIGGER task_comments_publish_events AFTER INSERT ON task_service.task_comments FOR EACH ROW EXECUTE FUNCTION task_service.publish_comment_event();

CREATE OR REPLACE TRIGGER task_comments_record AFTER INSERT ON task_service.task_comments FOR EACH ROW EXECUTE FUNCTION task_service.record_comment();

CREATE OR REPLACE TRIGGER tasks_before_insert BEFORE INSERT ON task_service.tasks FOR EACH ROW EXECUTE FUNCTION task_service.tasks_before_insert();

CREATE OR REPLACE TRIGGER tasks_before_update BEFORE UPDATE ON task_service.tasks FOR EACH ROW EXECUTE FUNCTION task_service.tasks_before_update();

CREATE OR REPLACE TRIGGER tasks_publish_events AFTER INSERT OR UPDATE OF status, due_date ON task_service.tasks FOR EACH ROW EXECUTE FUNCTION task_service.publish_task_event();

CREATE OR REPLACE TRIGGER tasks_record_change AFTER INSERT OR DELETE OR UPDATE ON task_service.tasks FOR EACH ROW EXECUTE FUNCTION task_service.record_task_change();
