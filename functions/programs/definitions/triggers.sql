-- The current definitions of program_service's triggers: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a trigger here; a new numbered migration only for what cannot be replaced in place (a new signature or
-- return type: drop it there first; a table or column it needs).

create or replace trigger budget_items_before_update before update on program_service.budget_items
  for each row execute function program_service.budget_items_before_update();

create or replace trigger budget_items_record_activity
  after insert or delete or update on program_service.budget_items
  for each row execute function program_service.budget_item_activity();

create or replace trigger committee_before_write before insert or update on program_service.committee_members
  for each row execute function program_service.committee_before_write();

create or replace trigger committee_record_activity
  after insert or delete or update on program_service.committee_members
  for each row execute function program_service.committee_activity();

create or replace trigger milestones_record_activity after insert or delete or update on program_service.milestones
  for each row execute function program_service.milestone_activity();

create or replace trigger milestones_touch before update on program_service.milestones
  for each row execute function program_service.touch_version();

create or replace trigger programs_before_update before update on program_service.programs
  for each row execute function program_service.programs_before_update();

create or replace trigger programs_check_names
  before insert or update of person_in_charge, department_id on program_service.programs
  for each row execute function program_service.programs_check_names();

create or replace trigger programs_publish_events after insert or update of status on program_service.programs
  for each row execute function program_service.publish_program_event();

create or replace trigger programs_record_activity after insert or update on program_service.programs
  for each row execute function program_service.program_activity();

create or replace trigger programs_record_status after insert or update of status on program_service.programs
  for each row execute function program_service.record_status();
