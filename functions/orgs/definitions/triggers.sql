-- The current definitions of organization_service's triggers: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a trigger here; a new numbered migration only for what cannot be replaced in place (a new signature or
-- return type: drop it there first; a table or column it needs).

create or replace trigger handover_note_stamp before insert or update on organization_service.handover_notes
  for each row execute function organization_service.handover_note_stamp();

create or replace trigger invitations_publish_events after insert on organization_service.invitations
  for each row execute function organization_service.publish_invitation_event();

create or replace trigger memberships_guard before update on organization_service.memberships
  for each row execute function organization_service.guard_membership_change();

create or replace trigger organizations_archive_guard before update on organization_service.organizations
  for each row execute function organization_service.guard_archive();
