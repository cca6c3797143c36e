-- The current definitions of notification_service's policies: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a policy here; a new numbered migration only for what cannot be replaced in place (a policy no longer wanted:
-- drop it there; a table or column it needs).

-- a user reads and marks (read_at, nothing else) their own notifications, nobody else's
drop policy if exists notifications_own on notification_service.notifications;
create policy notifications_own on notification_service.notifications for select to authenticated
  using (recipient = (select auth.uid()));

drop policy if exists notifications_own_mark on notification_service.notifications;
create policy notifications_own_mark on notification_service.notifications for update to authenticated
  using (recipient = (select auth.uid()))
  with check (recipient = (select auth.uid()));

drop policy if exists deliveries_board_read on notification_service.webhook_deliveries;
create policy deliveries_board_read on notification_service.webhook_deliveries for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations_as(organization_service.board_roles()))));

drop policy if exists webhooks_board_create on notification_service.webhooks;
create policy webhooks_board_create on notification_service.webhooks for insert to authenticated
  with check ((created_by = (select auth.uid()))
              and organization_service.has_role(organization_id, organization_service.board_roles()));

drop policy if exists webhooks_board_delete on notification_service.webhooks;
create policy webhooks_board_delete on notification_service.webhooks for delete to authenticated
  using (organization_service.has_role(organization_id, organization_service.board_roles()));

drop policy if exists webhooks_board_read on notification_service.webhooks;
create policy webhooks_board_read on notification_service.webhooks for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations_as(organization_service.board_roles()))));
