-- The read policies compare the row's organization with an array of the caller's organizations built once
-- per statement (`= any (array(select ...))`, an InitPlan) instead of a hashed SubPlan (0008), as
-- organization_service's (orgs 0014): cheaper to plan and set up for one to three organizations. Same rows.

alter policy tasks_read on task_service.tasks
  using (organization_id = any (array(select organization_service.my_organizations())));
alter policy history_read on task_service.task_status_history
  using (organization_id = any (array(select organization_service.my_organizations())));
alter policy assignees_read on task_service.task_assignees
  using (organization_id = any (array(select organization_service.my_organizations())));
alter policy comments_read on task_service.task_comments
  using (organization_id = any (array(select organization_service.my_organizations())));
