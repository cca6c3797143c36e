-- The read policy compares the report's organization with an array of the caller's organizations built once
-- per statement (`= any (array(select ...))`, an InitPlan) instead of a hashed SubPlan, as
-- organization_service's (orgs 0014): cheaper to plan and set up for one to three organizations. Same rows.

alter policy reports_read on report_service.reports
  using (organization_id = any (array(select organization_service.my_organizations())));
