-- The current definitions of organization_service's policies: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a policy here; a new numbered migration only for what cannot be replaced in place (a policy no longer wanted:
-- drop it there; a table or column it needs).

drop policy if exists calendar_ranges_delete on organization_service.calendar_ranges;
create policy calendar_ranges_delete on organization_service.calendar_ranges for delete to authenticated
  using (organization_service.has_role(organization_id, organization_service.board_and_sekretaris_roles()));

drop policy if exists calendar_ranges_insert on organization_service.calendar_ranges;
create policy calendar_ranges_insert on organization_service.calendar_ranges for insert to authenticated
  with check ((created_by = (select auth.uid()))
              and organization_service.has_role(organization_id, organization_service.board_and_sekretaris_roles()));

drop policy if exists calendar_ranges_read on organization_service.calendar_ranges;
create policy calendar_ranges_read on organization_service.calendar_ranges for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));

-- calendar_ranges_between(org, from, to): the organization's ranges that overlap the days from..to, for a
-- caller who may ask about the organization (a member of any period, or a service); else none.
drop policy if exists definer_reads on organization_service.calendar_ranges;
create policy definer_reads on organization_service.calendar_ranges for select to organization_service_definer
  using (true);

drop policy if exists chat_channels_board on organization_service.chat_channels;
create policy chat_channels_board on organization_service.chat_channels for all to authenticated
  using (organization_service.has_role(organization_id, organization_service.board_roles()))
  with check (organization_service.has_role(organization_id, organization_service.board_roles()));

drop policy if exists definer_reads on organization_service.chat_channels;
create policy definer_reads on organization_service.chat_channels for select to organization_service_definer
  using (true);

drop policy if exists definer_reads on organization_service.departments;
create policy definer_reads on organization_service.departments for select to organization_service_definer
  using (true);

drop policy if exists departments_manage on organization_service.departments;
create policy departments_manage on organization_service.departments for all to authenticated
  using (organization_service.can_manage(organization_id, period_id, organization_service.board_roles()))
  with check (organization_service.can_manage(organization_id, period_id, organization_service.board_roles()));

drop policy if exists departments_read on organization_service.departments;
create policy departments_read on organization_service.departments for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));

drop policy if exists handover_notes_insert on organization_service.handover_notes;
create policy handover_notes_insert on organization_service.handover_notes for insert to authenticated
  with check (organization_service.may_write_handover_note(organization_id, period_id, department_id));

drop policy if exists handover_notes_read on organization_service.handover_notes;
create policy handover_notes_read on organization_service.handover_notes for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));

drop policy if exists handover_notes_update on organization_service.handover_notes;
create policy handover_notes_update on organization_service.handover_notes for update to authenticated
  using (organization_service.may_write_handover_note(organization_id, period_id, department_id))
  with check (organization_service.may_write_handover_note(organization_id, period_id, department_id));

drop policy if exists definer_reads on organization_service.invitation_responses;
create policy definer_reads on organization_service.invitation_responses for select to organization_service_definer
  using (true);

drop policy if exists definer_records on organization_service.invitation_responses;
create policy definer_records on organization_service.invitation_responses for insert to organization_service_definer
  with check (true);

-- answers: one's own, and those to the invitations one may read
drop policy if exists responses_read on organization_service.invitation_responses;
create policy responses_read on organization_service.invitation_responses for select to authenticated
  using ((user_id = (select auth.uid())) or (exists (select 1
   from organization_service.invitations i
  where (i.id = invitation_responses.invitation_id))));

drop policy if exists definer_counts_uses on organization_service.invitations;
create policy definer_counts_uses on organization_service.invitations for update to organization_service_definer
  using (true)
  with check (true);

drop policy if exists definer_reads on organization_service.invitations;
create policy definer_reads on organization_service.invitations for select to organization_service_definer
  using (true);

-- create and revoke: the same, while the period is open
drop policy if exists invitations_create on organization_service.invitations;
create policy invitations_create on organization_service.invitations for insert to authenticated
  with check ((created_by = (select auth.uid()))
              and organization_service.can_manage(organization_id, period_id,
                                                  organization_service.invitation_managers(role)));

drop policy if exists invitations_invitee on organization_service.invitations;
create policy invitations_invitee on organization_service.invitations for select to authenticated
  using (((select auth.uid()) is not null) and (email = lower(((select auth.jwt()) ->> 'email'))));

-- read: the managers of the invitation's role in the active period or in the invitation's period
drop policy if exists invitations_read on organization_service.invitations;
create policy invitations_read on organization_service.invitations for select to authenticated
  using (organization_service.has_role(organization_id, organization_service.invitation_managers(role))
         or organization_service.has_role(organization_id, organization_service.invitation_managers(role), period_id));

drop policy if exists invitations_revoke on organization_service.invitations;
create policy invitations_revoke on organization_service.invitations for update to authenticated
  using (organization_service.can_manage(organization_id, period_id, organization_service.invitation_managers(role)))
  with check (organization_service.can_manage(organization_id, period_id,
                                              organization_service.invitation_managers(role)));

drop policy if exists definer_joins on organization_service.memberships;
create policy definer_joins on organization_service.memberships for insert to organization_service_definer
  with check (true);

-- the contract functions' owner reads what they need
drop policy if exists definer_reads on organization_service.memberships;
create policy definer_reads on organization_service.memberships for select to organization_service_definer
  using (true);

drop policy if exists definer_rejoins on organization_service.memberships;
create policy definer_rejoins on organization_service.memberships for update to organization_service_definer
  using (true)
  with check (true);

drop policy if exists memberships_by_board on organization_service.memberships;
create policy memberships_by_board on organization_service.memberships for insert to authenticated
  with check (organization_service.can_manage(organization_id, period_id, organization_service.board_roles()));

drop policy if exists memberships_first_ketua on organization_service.memberships;
create policy memberships_first_ketua on organization_service.memberships for insert to authenticated
  with check (user_id = (select auth.uid()) and role = 'ketua'
              and exists (select 1 from organization_service.organizations o
                          where o.id = memberships.organization_id and o.created_by = (select auth.uid()))
              and not organization_service.has_any_member(organization_id));

drop policy if exists memberships_manage on organization_service.memberships;
create policy memberships_manage on organization_service.memberships for update to authenticated
  using (organization_service.can_manage(organization_id, period_id, organization_service.board_and_sekretaris_roles())
         or (user_id = (select auth.uid())))
  with check (organization_service.can_manage(organization_id, period_id, organization_service.board_and_sekretaris_roles())
              or ((user_id = (select auth.uid())) and (not active)));

drop policy if exists memberships_read on organization_service.memberships;
create policy memberships_read on organization_service.memberships for select to authenticated
  using ((organization_id = any (array(select organization_service.my_organizations())))
         or (user_id = (select auth.uid())));

drop policy if exists definer_reads on organization_service.organizations;
create policy definer_reads on organization_service.organizations for select to organization_service_definer
  using (true);

drop policy if exists organizations_create on organization_service.organizations;
create policy organizations_create on organization_service.organizations for insert to authenticated
  with check (created_by = (select auth.uid()));

drop policy if exists organizations_read on organization_service.organizations;
create policy organizations_read on organization_service.organizations for select to authenticated
  using ((id = any (array(select organization_service.my_organizations())))
         or ((created_by = (select auth.uid())) and (not organization_service.has_any_member(id))));

drop policy if exists organizations_update on organization_service.organizations;
create policy organizations_update on organization_service.organizations for update to authenticated
  using (organization_service.has_role(id, organization_service.board_roles()))
  with check (organization_service.has_role(id, organization_service.board_roles()));

drop policy if exists definer_reads on organization_service.periods;
create policy definer_reads on organization_service.periods for select to organization_service_definer
  using (true);

drop policy if exists periods_create on organization_service.periods;
create policy periods_create on organization_service.periods for insert to authenticated
  with check (organization_service.has_role(organization_id, organization_service.board_roles())
              or exists (select 1 from organization_service.organizations o
                         where o.id = periods.organization_id and o.created_by = (select auth.uid())
                           and not organization_service.has_any_member(o.id)));

drop policy if exists periods_read on organization_service.periods;
create policy periods_read on organization_service.periods for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));

drop policy if exists periods_update on organization_service.periods;
create policy periods_update on organization_service.periods for update to authenticated
  using ((status <> 'selesai')
         and (organization_service.has_role(organization_id, organization_service.board_roles())
              or organization_service.has_role(organization_id, organization_service.board_roles(), id)))
  with check (organization_service.has_role(organization_id, organization_service.board_roles())
              or organization_service.has_role(organization_id, organization_service.board_roles(), id));
