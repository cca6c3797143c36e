-- The current definitions of program_service's policies: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a policy here; a new numbered migration only for what cannot be replaced in place (a policy no longer wanted:
-- drop it there; a table or column it needs).

drop policy if exists activity_read on program_service.activity;
create policy activity_read on program_service.activity for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));

drop policy if exists activity_writer on program_service.activity;
create policy activity_writer on program_service.activity for insert to program_service_writer
  with check (true);

drop policy if exists budget_items_delete on program_service.budget_items;
create policy budget_items_delete on program_service.budget_items for delete to authenticated
  using (program_service.may_plan_budget(program_id));

drop policy if exists budget_items_insert on program_service.budget_items;
create policy budget_items_insert on program_service.budget_items for insert to authenticated
  with check ((version = 1)
              and (verified_by is null)
              and (verified_at is null)
              and (created_by = (select auth.uid()))
              and program_service.may_plan_budget(program_id));

drop policy if exists budget_items_read on program_service.budget_items;
create policy budget_items_read on program_service.budget_items for select to authenticated
  using (program_id in (select program_service.my_budget_programs()));

drop policy if exists budget_items_update on program_service.budget_items;
create policy budget_items_update on program_service.budget_items for update to authenticated
  using (program_service.may_realize_budget(program_id) or program_service.may_verify_budget(program_id))
  with check (program_service.may_realize_budget(program_id) or program_service.may_verify_budget(program_id));

drop policy if exists copier_inserts on program_service.budget_items;
create policy copier_inserts on program_service.budget_items for insert to program_service_copier
  with check ((version = 1)
              and (verified_by is null)
              and (verified_at is null)
              and (actual_amount is null)
              and (receipt_url is null));

drop policy if exists copier_reads on program_service.budget_items;
create policy copier_reads on program_service.budget_items for select to program_service_copier
  using (true);

-- A member who may not see a program's budget is told so (403) rather than that an item does not exist:
-- the item's program, for members of its organization only; nothing else of it.
drop policy if exists definer_finds_program on program_service.budget_items;
create policy definer_finds_program on program_service.budget_items for select to program_service_definer
  using (true);

drop policy if exists definer_reads on program_service.budget_items;
create policy definer_reads on program_service.budget_items for select to program_service_definer
  using (true);

drop policy if exists committee_delete on program_service.committee_members;
create policy committee_delete on program_service.committee_members for delete to authenticated
  using (program_service.may_edit_program(program_id));

drop policy if exists committee_insert on program_service.committee_members;
create policy committee_insert on program_service.committee_members for insert to authenticated
  with check (program_service.may_edit_program(program_id));

drop policy if exists committee_read on program_service.committee_members;
create policy committee_read on program_service.committee_members for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));

drop policy if exists committee_update on program_service.committee_members;
create policy committee_update on program_service.committee_members for update to authenticated
  using (program_service.may_edit_program(program_id))
  with check (program_service.may_edit_program(program_id));

drop policy if exists definer_reads_for_notifications on program_service.committee_members;
create policy definer_reads_for_notifications on program_service.committee_members for select to program_service_definer
  using (true);

drop policy if exists definer_reads_for_reports on program_service.committee_members;
create policy definer_reads_for_reports on program_service.committee_members for select to program_service_definer
  using (true);

drop policy if exists definer_reads on program_service.milestones;
create policy definer_reads on program_service.milestones for select to program_service_definer
  using (true);

drop policy if exists milestones_delete on program_service.milestones;
create policy milestones_delete on program_service.milestones for delete to authenticated
  using (program_service.may_edit_program(program_id));

drop policy if exists milestones_insert on program_service.milestones;
create policy milestones_insert on program_service.milestones for insert to authenticated
  with check ((version = 1) and program_service.may_edit_program(program_id));

drop policy if exists milestones_read on program_service.milestones;
create policy milestones_read on program_service.milestones for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));

drop policy if exists milestones_update on program_service.milestones;
create policy milestones_update on program_service.milestones for update to authenticated
  using (program_service.may_edit_program(program_id))
  with check (program_service.may_edit_program(program_id));

drop policy if exists definer_reads_for_reports on program_service.program_status_history;
create policy definer_reads_for_reports on program_service.program_status_history for select to program_service_definer
  using (true);

drop policy if exists history_read on program_service.program_status_history;
create policy history_read on program_service.program_status_history for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));

drop policy if exists history_writer on program_service.program_status_history;
create policy history_writer on program_service.program_status_history for insert to program_service_writer
  with check (true);

drop policy if exists copier_reads on program_service.programs;
create policy copier_reads on program_service.programs for select to program_service_copier
  using (true);

drop policy if exists definer_reads on program_service.programs;
create policy definer_reads on program_service.programs for select to program_service_definer
  using (true);

drop policy if exists programs_create on program_service.programs;
create policy programs_create on program_service.programs for insert to authenticated
  with check ((created_by = (select auth.uid()))
              and (status = 'draft')
              and (version = 1)
              and program_service.can_create(organization_id, period_id, department_id));

drop policy if exists programs_delete on program_service.programs;
create policy programs_delete on program_service.programs for delete to authenticated
  using ((status = 'draft')
         and program_service.can_edit(organization_id, period_id, department_id, person_in_charge));

-- final programs (selesai, dibatalkan, ditolak) are history: nobody edits them
drop policy if exists programs_edit on program_service.programs;
create policy programs_edit on program_service.programs for update to authenticated
  using ((status <> all (program_service.final_statuses()))
         and program_service.can_edit(organization_id, period_id, department_id, person_in_charge))
  with check (program_service.can_edit(organization_id, period_id, department_id, person_in_charge));

drop policy if exists programs_read on program_service.programs;
create policy programs_read on program_service.programs for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));

-- The writer finds a program's organization (and nothing else of it).
drop policy if exists writer_reads on program_service.programs;
create policy writer_reads on program_service.programs for select to program_service_writer
  using (true);
