-- Domain event of invitations, written by trigger into the outbox (events.outbox) in the same
-- transaction as the invitation (DESIGN.md §4): invitation.created, for an invitation by e-mail
-- (a code invitation is handed over by whoever made it: nobody to tell). The payload carries what
-- the notifications service needs to tell the invitee, who may not have an account yet: the
-- address, the organization, period, role, department and expiry, and who invited.
--
-- The function is owned by events_writer (which may only insert into the outbox) and reads nothing
-- but the new row. On a fresh database this runs before the outbox exists (programs' 0002 creates
-- it and grants events_writer its insert): PL/pgSQL resolves the table when the trigger first fires.

select public.ensure_service_role('events_writer');
grant usage, create on schema organization_service to events_writer;  -- create: to own the function

create function organization_service.publish_invitation_event()
  returns trigger language plpgsql security definer set search_path = '' as $$
begin
  if new.email is not null then
    insert into events.outbox (type, aggregate, aggregate_id, organization_id, payload)
    values ('invitation.created', 'invitation', new.id, new.organization_id, jsonb_build_object(
      'invitation_id', new.id, 'organization_id', new.organization_id, 'period_id', new.period_id,
      'email', new.email, 'role', new.role, 'department_id', new.department_id,
      'position_title', new.position_title, 'expires_at', new.expires_at, 'invited_by', new.created_by));
  end if;
  return null;
end
$$;
alter function organization_service.publish_invitation_event() owner to events_writer;
revoke all on function organization_service.publish_invitation_event() from public;
grant execute on function organization_service.publish_invitation_event() to authenticated, service_role;
create trigger invitations_publish_events after insert on organization_service.invitations
  for each row execute function organization_service.publish_invitation_event();
