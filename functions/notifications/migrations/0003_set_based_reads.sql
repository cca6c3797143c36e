-- The board reads its organizations' webhooks and their deliveries (a row per event sent): which
-- organizations those are is asked once per statement, not once per row (issue 14).

alter policy deliveries_board_read on notification_service.webhook_deliveries
  using (organization_id in (select organization_service.my_organizations_as(array['ketua', 'wakil_ketua'])));
alter policy webhooks_board_read on notification_service.webhooks
  using (organization_id in (select organization_service.my_organizations_as(array['ketua', 'wakil_ketua'])));
