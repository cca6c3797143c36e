-- The current definitions of report_service's triggers: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a trigger here; a new numbered migration only for what cannot be replaced in place (a new signature or
-- return type: drop it there first; a table or column it needs).

CREATE OR REPLACE TRIGGER lpj_attachments_check BEFORE INSERT OR DELETE OR UPDATE ON report_service.lpj_attachments FOR EACH ROW EXECUTE FUNCTION report_service.lpj_attachments_check();

CREATE OR REPLACE TRIGGER lpj_receipt_check BEFORE INSERT OR UPDATE OF budget_item_id ON report_service.lpj_attachments FOR EACH ROW EXECUTE FUNCTION report_service.lpj_receipt_check();

CREATE OR REPLACE TRIGGER lpj_review_steps_check BEFORE INSERT ON report_service.lpj_review_steps FOR EACH ROW EXECUTE FUNCTION report_service.lpj_step_check();

CREATE OR REPLACE TRIGGER lpj_review_steps_publish AFTER INSERT ON report_service.lpj_review_steps FOR EACH ROW EXECUTE FUNCTION report_service.publish_lpj_event();

CREATE OR REPLACE TRIGGER lpj_sections_check BEFORE INSERT OR UPDATE ON report_service.lpj_sections FOR EACH ROW EXECUTE FUNCTION report_service.lpj_sections_check();

CREATE OR REPLACE TRIGGER lpj_sections_record_step AFTER UPDATE OF status ON report_service.lpj_sections FOR EACH ROW WHEN ((new.status IS DISTINCT FROM old.status)) EXECUTE FUNCTION report_service.record_lpj_step();

CREATE OR REPLACE TRIGGER reports_before_insert BEFORE INSERT ON report_service.reports FOR EACH ROW EXECUTE FUNCTION report_service.reports_before_insert();

CREATE OR REPLACE TRIGGER reports_publish_events AFTER INSERT ON report_service.reports FOR EACH ROW EXECUTE FUNCTION report_service.publish_report_event();
