-- Invitations, by e-mail or by code (link). The board creates, lists and revokes them under RLS;
-- the invitee answers through two SECURITY DEFINER functions (an invitee may not read a code
-- invitation, count a use of it or write another member's row): organization_service.my_invitations()
-- and organization_service.answer_invitation(). Both act only for the caller, whose id and e-mail
-- address they read from the request's JWT claims, so they cannot be called on someone else's behalf.

-- An invitation lasts at most 30 days.
alter table organization_service.invitations add constraint invitations_expiry
  check (expires_at > created_at and expires_at <= created_at + interval '30 days');
create index invitations_organization on organization_service.invitations (organization_id, created_at desc, id desc);

-- Who manages an invitation into ``invited_role``: only the board (ketua, wakil) invites into the
-- board; sekretaris too for every other role.
create function organization_service.invitation_managers(invited_role text)
  returns text[] language sql immutable set search_path = '' as $$
    select case when invited_role in ('ketua', 'wakil_ketua') then array['ketua', 'wakil_ketua']
                else array['ketua', 'wakil_ketua', 'sekretaris'] end
  $$;
revoke all on function organization_service.invitation_managers(text) from public;
grant execute on function organization_service.invitation_managers(text) to authenticated;

-- ---------------------------------------------------------------------------------------------
-- The board's side, under RLS. 0001's policies are replaced: its board policy let sekretaris manage
-- invitations into the board, and a member could insert their own membership given a live
-- invitation (without using it up); memberships by invitation now come only from answer_invitation.
drop policy invitations_board on organization_service.invitations;
drop policy memberships_by_invitation on organization_service.memberships;
drop policy responses_own on organization_service.invitation_responses;

-- read: the managers of the invitation's role in the active period or in the invitation's period
create policy invitations_read on organization_service.invitations for select to authenticated
  using (organization_service.has_role(organization_id, organization_service.invitation_managers(role))
         or organization_service.has_role(organization_id, organization_service.invitation_managers(role),
                                          period_id));
-- create and revoke: the same, while the period is open
create policy invitations_create on organization_service.invitations for insert to authenticated
  with check (created_by = (select auth.uid())
              and organization_service.can_manage(organization_id, period_id,
                                                  organization_service.invitation_managers(role)));
create policy invitations_revoke on organization_service.invitations for update to authenticated
  using (organization_service.can_manage(organization_id, period_id, organization_service.invitation_managers(role)))
  with check (organization_service.can_manage(organization_id, period_id,
                                              organization_service.invitation_managers(role)));
-- (0001's invitations_invitee stays: an invitee reads the e-mail invitations addressed to them.)

-- answers: one's own, and those to the invitations one may read
create policy responses_read on organization_service.invitation_responses for select to authenticated
  using (user_id = (select auth.uid())
         or exists (select 1 from organization_service.invitations i
                    where i.id = invitation_responses.invitation_id));

-- The board writes only what it decides; uses and answers are counted by answer_invitation alone.
revoke insert, update, delete on organization_service.invitations from authenticated;
grant insert (organization_id, period_id, email, code, role, department_id, position_title, expires_at, max_uses,
              created_by) on organization_service.invitations to authenticated;
grant update (revoked_at) on organization_service.invitations to authenticated;
revoke insert on organization_service.invitation_responses from authenticated;

-- ---------------------------------------------------------------------------------------------
-- The invitee's side: what organization_service_definer needs for it, and nothing more.
grant select, update (uses) on organization_service.invitations to organization_service_definer;
grant select, insert on organization_service.invitation_responses to organization_service_definer;
grant insert, update (role, department_id, position_title, active, left_at)
  on organization_service.memberships to organization_service_definer;
grant select (id, name, short_name, type, archived_at) on organization_service.organizations
  to organization_service_definer;
grant select (id, name) on organization_service.departments to organization_service_definer;

create policy definer_reads on organization_service.invitations for select to organization_service_definer
  using (true);
create policy definer_counts_uses on organization_service.invitations for update to organization_service_definer
  using (true) with check (true);
create policy definer_reads on organization_service.invitation_responses for select
  to organization_service_definer using (true);
create policy definer_records on organization_service.invitation_responses for insert
  to organization_service_definer with check (true);
create policy definer_joins on organization_service.memberships for insert to organization_service_definer
  with check (true);
create policy definer_rejoins on organization_service.memberships for update to organization_service_definer
  using (true) with check (true);
create policy definer_reads on organization_service.organizations for select to organization_service_definer
  using (true);
create policy definer_reads on organization_service.departments for select to organization_service_definer
  using (true);

-- The caller's pending e-mail invitations, with the names they need to decide.
create function organization_service.my_invitations()
  returns table (id uuid, organization_id uuid, organization_name text, organization_short_name text,
                 organization_type text, period_id uuid, period_name text, role text, department_id uuid,
                 department_name text, position_title text, expires_at timestamptz, created_at timestamptz)
  language sql stable security definer set search_path = '' as $$
    select i.id, i.organization_id, o.name, o.short_name, o.type, i.period_id, p.name, i.role, i.department_id,
           d.name, i.position_title, i.expires_at, i.created_at
    from organization_service.invitations i
    join organization_service.organizations o on o.id = i.organization_id
    join organization_service.periods p on p.id = i.period_id
    left join organization_service.departments d on d.id = i.department_id
    where i.email = lower(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
      and i.revoked_at is null and i.expires_at > now() and i.uses < i.max_uses
      and o.archived_at is null and p.status <> 'selesai'
      and not exists (select 1 from organization_service.invitation_responses r where r.invitation_id = i.id)
    order by i.created_at desc, i.id desc
  $$;

-- The caller answers an invitation: an e-mail invitation by its id (``target``; it exists only for the
-- address it was sent to) with 'accepted' or 'declined', or a code invitation by its code (``secret``)
-- with 'accepted'. The invitation row is locked (FOR UPDATE), so concurrent answers are serialized and
-- a code is never used more than ``max_uses`` times. Returns the outcome, which the service maps to
-- its errors: 'accepted' or 'declined' (done, with the membership when accepted), else nothing changed
-- and it says why: 'not_found', 'answered' (already, by the caller; for an e-mail invitation by
-- anyone), 'revoked', 'expired', 'used_up', 'period_finished', 'archived', 'already_member' (an active
-- member of that period). A former member of the period is made active again with the invited role.
create function organization_service.answer_invitation(target uuid, secret text, answer text)
  returns table (outcome text, organization uuid, membership uuid)
  language plpgsql volatile security definer set search_path = '' as $$
declare
  claims constant jsonb := coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb;
  me constant uuid := nullif(claims ->> 'sub', '')::uuid;
  invitation organization_service.invitations;
  former organization_service.memberships;
begin
  if answer not in ('accepted', 'declined') or (target is null) = (secret is null)
     or (secret is not null and answer <> 'accepted') then
    raise exception 'answer_invitation: an invitation id with accepted or declined, or a code with accepted'
      using errcode = 'invalid_parameter_value';
  end if;
  if secret is null then
    select * into invitation from organization_service.invitations i
      where i.id = target and i.email = lower(claims ->> 'email') for update;
  else
    select * into invitation from organization_service.invitations i where i.code = secret for update;
  end if;

  if not found or me is null then
    outcome := 'not_found';
  elsif exists (select 1 from organization_service.invitation_responses r
                where r.invitation_id = invitation.id and (invitation.email is not null or r.user_id = me)) then
    outcome := 'answered';
  elsif invitation.revoked_at is not null then
    outcome := 'revoked';
  elsif invitation.expires_at <= now() then
    outcome := 'expired';
  elsif invitation.uses >= invitation.max_uses then
    outcome := 'used_up';
  elsif (select p.status from organization_service.periods p where p.id = invitation.period_id) = 'selesai' then
    outcome := 'period_finished';
  elsif (select o.archived_at from organization_service.organizations o
         where o.id = invitation.organization_id) is not null then
    outcome := 'archived';
  end if;
  if outcome is not null then
    return next;
    return;
  end if;

  organization := invitation.organization_id;
  if answer = 'accepted' then
    select * into former from organization_service.memberships m
      where m.period_id = invitation.period_id and m.organization_id = invitation.organization_id
        and m.user_id = me;
    if found and former.active then
      outcome := 'already_member';
      return next;
      return;
    elsif found then
      update organization_service.memberships m
        set role = invitation.role, department_id = invitation.department_id,
            position_title = invitation.position_title, active = true, left_at = null
        where m.id = former.id;
      membership := former.id;
    else
      begin
        insert into organization_service.memberships
          (organization_id, period_id, user_id, role, department_id, position_title)
          values (invitation.organization_id, invitation.period_id, me, invitation.role, invitation.department_id,
                  invitation.position_title)
          returning id into membership;
      exception when unique_violation then  -- joined the period just now through another invitation
        outcome := 'already_member';
        return next;
        return;
      end;
    end if;
    update organization_service.invitations i set uses = i.uses + 1 where i.id = invitation.id;
  end if;
  insert into organization_service.invitation_responses (invitation_id, user_id, response)
    values (invitation.id, me, answer);
  outcome := answer;
  return next;
end
$$;

alter function organization_service.my_invitations() owner to organization_service_definer;
alter function organization_service.answer_invitation(uuid, text, text) owner to organization_service_definer;
revoke all on function organization_service.my_invitations() from public;
revoke all on function organization_service.answer_invitation(uuid, text, text) from public;
grant execute on function organization_service.my_invitations() to authenticated;
grant execute on function organization_service.answer_invitation(uuid, text, text) to authenticated;
