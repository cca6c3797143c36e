-- The current definitions of report_service's policies: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a policy here; a new numbered migration only for what cannot be replaced in place (a policy no longer wanted:
-- drop it there; a table or column it needs).

drop policy if exists letterhead_logos_delete on report_service.letterhead_logos;
create policy letterhead_logos_delete on report_service.letterhead_logos for delete to authenticated
  using (organization_service.has_role(organization_id, organization_service.board_roles()));

drop policy if exists letterhead_logos_insert on report_service.letterhead_logos;
create policy letterhead_logos_insert on report_service.letterhead_logos for insert to authenticated
  with check (organization_service.has_role(organization_id, organization_service.board_roles())
              and (created_by = (select auth.uid())));

drop policy if exists letterhead_logos_read on report_service.letterhead_logos;
create policy letterhead_logos_read on report_service.letterhead_logos for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));

drop policy if exists letterhead_logos_update on report_service.letterhead_logos;
create policy letterhead_logos_update on report_service.letterhead_logos for update to authenticated
  using (organization_service.has_role(organization_id, organization_service.board_roles()));

drop policy if exists lpj_attachments_delete on report_service.lpj_attachments;
create policy lpj_attachments_delete on report_service.lpj_attachments for delete to authenticated
  using (report_service.may_write(organization_id, period_id, program_id));

drop policy if exists lpj_attachments_insert on report_service.lpj_attachments;
create policy lpj_attachments_insert on report_service.lpj_attachments for insert to authenticated
  with check (report_service.may_write(organization_id, period_id, program_id));

drop policy if exists lpj_attachments_read on report_service.lpj_attachments;
create policy lpj_attachments_read on report_service.lpj_attachments for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));

drop policy if exists lpj_attachments_update on report_service.lpj_attachments;
create policy lpj_attachments_update on report_service.lpj_attachments for update to authenticated
  using (report_service.may_write(organization_id, period_id, program_id))
  with check (report_service.may_write(organization_id, period_id, program_id));

drop policy if exists lpj_review_steps_read on report_service.lpj_review_steps;
create policy lpj_review_steps_read on report_service.lpj_review_steps for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));

drop policy if exists lpj_sections_read on report_service.lpj_sections;
create policy lpj_sections_read on report_service.lpj_sections for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));

drop policy if exists lpj_sections_update on report_service.lpj_sections;
create policy lpj_sections_update on report_service.lpj_sections for update to authenticated
  using (report_service.may_write(organization_id, period_id, program_id))
  with check (report_service.may_write(organization_id, period_id, program_id));

drop policy if exists lpj_sections_write on report_service.lpj_sections;
create policy lpj_sections_write on report_service.lpj_sections for insert to authenticated
  with check (report_service.may_write(organization_id, period_id, program_id));

drop policy if exists reports_read on report_service.reports;
create policy reports_read on report_service.reports for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));
