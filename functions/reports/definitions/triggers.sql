-- The current definitions of report_service's triggers: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a trigger here; a new numbered migration only for what cannot be replaced in place (a new signature or
-- return type: drop it there first; a table or column it needs).

create or replace trigger lpj_attachments_check before insert or delete or update on report_service.lpj_attachments
  for each row execute function report_service.lpj_attachments_check();

create or replace trigger lpj_receipt_check
  before insert or update of budget_item_id on report_service.lpj_attachments
  for each row execute function report_service.lpj_receipt_check();

create or replace trigger lpj_review_steps_check before insert on report_service.lpj_review_steps
  for each row execute function report_service.lpj_step_check();

create or replace trigger lpj_review_steps_publish after insert on report_service.lpj_review_steps
  for each row execute function report_service.publish_lpj_event();

create or replace trigger lpj_sections_check before insert or update on report_service.lpj_sections
  for each row execute function report_service.lpj_sections_check();

create or replace trigger lpj_sections_record_step after update of status on report_service.lpj_sections
  for each row when ((new.status is distinct from old.status)) execute function report_service.record_lpj_step();

create or replace trigger reports_before_insert before insert on report_service.reports
  for each row execute function report_service.reports_before_insert();

create or replace trigger reports_publish_events after insert on report_service.reports
  for each row execute function report_service.publish_report_event();
