-- The current definitions of program_service's triggers: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a trigger here; a new numbered migration only for what cannot be replaced in place (a new signature or
-- return type: drop it there first; a table or column it needs).

CREATE OR REPLACE TRIGGER budget_items_before_update BEFORE UPDATE ON program_service.budget_items FOR EACH ROW EXECUTE FUNCTION program_service.budget_items_before_update();

CREATE OR REPLACE TRIGGER budget_items_record_activity AFTER INSERT OR DELETE OR UPDATE ON program_service.budget_items FOR EACH ROW EXECUTE FUNCTION program_service.budget_item_activity();

CREATE OR REPLACE TRIGGER committee_before_write BEFORE INSERT OR UPDATE ON program_service.committee_members FOR EACH ROW EXECUTE FUNCTION program_service.committee_before_write();

CREATE OR REPLACE TRIGGER committee_record_activity AFTER INSERT OR DELETE OR UPDATE ON program_service.committee_members FOR EACH ROW EXECUTE FUNCTION program_service.committee_activity();

CREATE OR REPLACE TRIGGER milestones_record_activity AFTER INSERT OR DELETE OR UPDATE ON program_service.milestones FOR EACH ROW EXECUTE FUNCTION program_service.milestone_activity();

CREATE OR REPLACE TRIGGER milestones_touch BEFORE UPDATE ON program_service.milestones FOR EACH ROW EXECUTE FUNCTION program_service.touch_version();

CREATE OR REPLACE TRIGGER programs_before_update BEFORE UPDATE ON program_service.programs FOR EACH ROW EXECUTE FUNCTION program_service.programs_before_update();

CREATE OR REPLACE TRIGGER programs_check_names BEFORE INSERT OR UPDATE OF person_in_charge, department_id ON program_service.programs FOR EACH ROW EXECUTE FUNCTION program_service.programs_check_names();

CREATE OR REPLACE TRIGGER programs_publish_events AFTER INSERT OR UPDATE OF status ON program_service.programs FOR EACH ROW EXECUTE FUNCTION program_service.publish_program_event();

CREATE OR REPLACE TRIGGER programs_record_activity AFTER INSERT OR UPDATE ON program_service.programs FOR EACH ROW EXECUTE FUNCTION program_service.program_activity();

CREATE OR REPLACE TRIGGER programs_record_status AFTER INSERT OR UPDATE OF status ON program_service.programs FOR EACH ROW EXECUTE FUNCTION program_service.record_status();
