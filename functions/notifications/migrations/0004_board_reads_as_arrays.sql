-- The board's read policies compare the row's organization with an array of the organizations where the
-- caller is on the board, built once per statement (`= any (array(select ...))`, an InitPlan) instead of a
-- hashed SubPlan (0003), as organization_service's (orgs 0014). Same rows.

alter policy deliveries_board_read on notification_service.webhook_deliveries
  using (organization_id = any (array(select organization_service.my_organizations_as(array['ketua', 'wakil_ketua']))));
alter policy webhooks_board_read on notification_service.webhooks
  using (organization_id = any (array(select organization_service.my_organizations_as(array['ketua', 'wakil_ketua']))));
