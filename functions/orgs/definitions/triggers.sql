-- The current definitions of organization_service's triggers: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a trigger here; a new numbered migration only for what cannot be replaced in place (a new signature or
-- return type: drop it there first; a table or column it needs).

CREATE OR REPLACE TRIGGER handover_note_stamp BEFORE INSERT OR UPDATE ON organization_service.handover_notes FOR EACH ROW EXECUTE FUNCTION organization_service.handover_note_stamp();

CREATE OR REPLACE TRIGGER invitations_publish_events AFTER INSERT ON organization_service.invitations FOR EACH ROW EXECUTE FUNCTION organization_service.publish_invitation_event();

CREATE OR REPLACE TRIGGER memberships_guard BEFORE UPDATE ON organization_service.memberships FOR EACH ROW EXECUTE FUNCTION organization_service.guard_membership_change();

CREATE OR REPLACE TRIGGER organizations_archive_guard BEFORE UPDATE ON organization_service.organizations FOR EACH ROW EXECUTE FUNCTION organization_service.guard_archive();
