-- As organization_service's 0011: the committee is read by the organization's members, asked once per
-- statement (the other program tables' read policies already did).

alter policy committee_read on program_service.committee_members
  using (organization_id in (select organization_service.my_organizations()));
