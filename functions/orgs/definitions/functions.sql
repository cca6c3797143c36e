-- The current definitions of organization_service's functions: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a function here; a new numbered migration only for what cannot be replaced in place (a new signature or
-- return type: drop it there first; a table or column it needs).

-- Implemented above: functions of organization_service this service calls as its own, whose bodies a service
-- above it writes because they read that service's tables (docs/decisions/0026-sql-definitions.md, "Interfaces
-- implemented above"). Their names, arguments and meaning are this service's; a test checks each is declared here
-- and implemented by a service above.
--   implemented by users: organization_service.people(ids uuid[]) -> (user_id, display_name, email): the names of
--     those people who have a profile, for member lists; the e-mail address only to a service, to oneself, or to
--     someone sharing an active membership with them (null otherwise).

-- ---------------------------------------------------------------------------------------------
-- The vocabulary: the named groups of roles every service's SQL is written with, declared once (the same names
-- as in shared/vocabulary.py, which the Python uses). Immutable: PostgreSQL folds each into its array when it
-- plans a statement, so `m.role = any (organization_service.board_roles())` costs what `m.role in (...)` did.

-- The board (pimpinan): the ketua and the wakil ketua.
create or replace function organization_service.board_roles()
returns text[]
language sql immutable set search_path = '' as $function$
    select array['ketua', 'wakil_ketua']
  $function$;
grant execute on function organization_service.board_roles() to public;

-- The board with the sekretaris: who manage the members, the invitations, the calendar and every task.
create or replace function organization_service.board_and_sekretaris_roles()
returns text[]
language sql immutable set search_path = '' as $function$
    select array['ketua', 'wakil_ketua', 'sekretaris']
  $function$;
grant execute on function organization_service.board_and_sekretaris_roles() to public;

-- The board, the sekretaris, the bendahara and the pembina: the period's officers, who see every program's budget.
create or replace function organization_service.officer_roles()
returns text[]
language sql immutable set search_path = '' as $function$
    select array['ketua', 'wakil_ketua', 'sekretaris', 'bendahara', 'pembina']
  $function$;
grant execute on function organization_service.officer_roles() to public;

-- The heads of a department (kepala and wakil kepala): what they may do, they may in their department only.
create or replace function organization_service.head_roles()
returns text[]
language sql immutable set search_path = '' as $function$
    select array['kepala_departemen', 'wakil_kepala_departemen']
  $function$;
grant execute on function organization_service.head_roles() to public;

-- The organization's active (aktif) period, if it has one and the caller may ask.
create or replace function organization_service.active_period(org uuid)
returns uuid
language sql stable security definer set search_path = '' as $function$
    select p.id from organization_service.periods p
    where p.organization_id = org and p.status = 'aktif'
      and organization_service.caller_may_ask(org)
  $function$;
alter function organization_service.active_period(org uuid) owner to organization_service_definer;
revoke all on function organization_service.active_period(org uuid) from public;
grant execute on function organization_service.active_period(org uuid) to authenticated, service_role;

-- Only services learn which organizations have an active period (the weekly jobs).
create or replace function organization_service.active_periods()
returns table(organization_id uuid, period_id uuid)
language sql stable security definer set search_path = '' as $function$
    select o.id, p.id from organization_service.organizations o
    join organization_service.periods p on p.organization_id = o.id and p.status = 'aktif'
    where o.archived_at is null and organization_service.caller_is_service()
    order by o.id
  $function$;
alter function organization_service.active_periods() owner to organization_service_definer;
revoke all on function organization_service.active_periods() from public;
grant execute on function organization_service.active_periods() to authenticated, service_role;

-- The caller answers an invitation: an e-mail invitation by its id (``target``; it exists only for the
-- address it was sent to) with 'accepted' or 'declined', or a code invitation by its code (``secret``)
-- with 'accepted'. The invitation row is locked (FOR UPDATE), so concurrent answers are serialized and
-- a code is never used more than ``max_uses`` times. Returns the outcome, which the service maps to
-- its errors: 'accepted' or 'declined' (done, with the membership when accepted), else nothing changed
-- and it says why: 'not_found', 'answered' (already, by the caller; for an e-mail invitation by
-- anyone), 'revoked', 'expired', 'used_up', 'period_finished', 'archived', 'already_member' (an active
-- member of that period). A former member of the period is made active again with the invited role.
create or replace function organization_service.answer_invitation(target uuid, secret text, answer text)
returns table(outcome text, organization uuid, membership uuid)
language plpgsql security definer set search_path = '' as $function$
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
$function$;
alter function organization_service.answer_invitation(target uuid, secret text, answer text) owner to organization_service_definer;
revoke all on function organization_service.answer_invitation(target uuid, secret text, answer text) from public;
grant execute on function organization_service.answer_invitation(target uuid, secret text, answer text) to authenticated;

create or replace function organization_service.calendar_ranges_between(org uuid, from_day date, to_day date)
returns table(name text, kind text, starts_on date, ends_on date)
language sql stable security definer set search_path = '' as $function$
    select r.name, r.kind, r.starts_on, r.ends_on from organization_service.calendar_ranges r
    where r.organization_id = org and r.starts_on <= to_day and r.ends_on >= from_day
      and organization_service.caller_may_ask(org)
    order by r.starts_on, r.name
  $function$;
alter function organization_service.calendar_ranges_between(org uuid, from_day date, to_day date) owner to organization_service_definer;
revoke all on function organization_service.calendar_ranges_between(org uuid, from_day date, to_day date) from public;
grant execute on function organization_service.calendar_ranges_between(org uuid, from_day date, to_day date) to authenticated, service_role;

-- 3. The caller, read from the request's claims without the auth schema (the definer role has none).
create or replace function organization_service.caller()
returns uuid
language sql stable set search_path = '' as $function$
  select nullif(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub', '')::uuid
$function$;
alter function organization_service.caller() owner to organization_service_definer;
revoke all on function organization_service.caller() from public;
grant execute on function organization_service.caller() to public, authenticated, service_role, user_service_definer;

-- Is this transaction a service's? True for `service_role` (shared.db.service_transaction: event
-- consumers, scheduled jobs, service-only routes) and for the login itself with no role assumed
-- (migrations, operators' scripts, the tests' own setup: no request ever runs so, shared/db.py
-- always assumes a role). False for `authenticated` and `anon`, whatever their claims say.
-- Executable by everyone: it tells only what the transaction already knows; the other schemas'
-- contract functions (owned by their own definer roles) call it.
create or replace function organization_service.caller_is_service()
returns boolean
language sql stable set search_path = '' as $function$
    select coalesce(current_setting('role', true), 'none') in ('service_role', 'none')
  $function$;
alter function organization_service.caller_is_service() owner to organization_service_definer;
revoke all on function organization_service.caller_is_service() from public;
grant execute on function organization_service.caller_is_service() to public;

-- May the caller ask about ``org``? A service, or an active member of it (of any period).
-- 0009 asked is_member_of(org, caller()); for the caller that is their active membership alone
-- (may_ask(org, member) holds when the member is the caller), read here without two more calls: every
-- contract function asks this, a program's report five times (about 0.2 ms less a report).
create or replace function organization_service.caller_may_ask(org uuid)
returns boolean
language plpgsql stable security definer set search_path = '' as $function$
  declare
    me uuid;
  begin
    if organization_service.caller_is_service() then
      return true;
    end if;
    me := organization_service.caller();
    return me is not null
       and exists (select 1 from organization_service.memberships m  -- is_member_of(org, me)
                   where m.organization_id = org and m.user_id = me and m.active);
  end
  $function$;
alter function organization_service.caller_may_ask(org uuid) owner to organization_service_definer;
revoke all on function organization_service.caller_may_ask(org uuid) from public;
grant execute on function organization_service.caller_may_ask(org uuid) to authenticated, service_role, program_service_definer, task_service_definer;

-- A period id names a period of this organization.
create or replace function organization_service.can_manage(org uuid, period uuid, roles text[])
returns boolean
language sql stable set search_path = '' as $function$
    select organization_service.period_is_open(period)
       and exists (select 1 from organization_service.periods p where p.id = period and p.organization_id = org)
       and (organization_service.has_role(org, roles, period) or organization_service.has_role(org, roles))
  $function$;
revoke all on function organization_service.can_manage(org uuid, period uuid, roles text[]) from public;
grant execute on function organization_service.can_manage(org uuid, period uuid, roles text[]) to authenticated, service_role;

create or replace function organization_service.department_counterpart(department uuid, period uuid)
returns uuid
language sql stable security definer set search_path = '' as $function$
    select c.id from organization_service.departments d
    join organization_service.departments c
      on c.organization_id = d.organization_id and c.period_id = period and lower(c.code) = lower(d.code)
    where d.id = department and organization_service.caller_may_ask(d.organization_id)
  $function$;
alter function organization_service.department_counterpart(department uuid, period uuid) owner to organization_service_definer;
revoke all on function organization_service.department_counterpart(department uuid, period uuid) from public;
grant execute on function organization_service.department_counterpart(department uuid, period uuid) to authenticated, service_role;

-- The heads of a department: its kepala / wakil kepala departemen (active members of its period) and
-- the head named on the department itself. Answers only to members of its organization or services.
create or replace function organization_service.department_heads(department uuid)
returns setof uuid
language sql stable security definer set search_path = '' as $function$
    select distinct h.user_id from (
      select m.user_id, d.organization_id from organization_service.departments d
      join organization_service.memberships m on m.department_id = d.id and m.period_id = d.period_id
      where d.id = department and m.active and m.role = any (organization_service.head_roles())
      union all
      select d.head_user_id, d.organization_id from organization_service.departments d
      where d.id = department and d.head_user_id is not null
    ) h
    where organization_service.caller_may_ask(h.organization_id)
  $function$;
alter function organization_service.department_heads(department uuid) owner to organization_service_definer;
revoke all on function organization_service.department_heads(department uuid) from public;
grant execute on function organization_service.department_heads(department uuid) to authenticated, service_role, events_writer;

create or replace function organization_service.department_in(org uuid, period uuid, department uuid)
returns boolean
language sql stable security definer set search_path = '' as $function$
    select organization_service.caller_may_ask(org)
       and exists (select 1 from organization_service.departments d
                   where d.id = department and d.organization_id = org and d.period_id = period)
  $function$;
alter function organization_service.department_in(org uuid, period uuid, department uuid) owner to organization_service_definer;
revoke all on function organization_service.department_in(org uuid, period uuid, department uuid) from public;
grant execute on function organization_service.department_in(org uuid, period uuid, department uuid) to authenticated, service_role;

create or replace function organization_service.department_names(ids uuid[])
returns table(id uuid, name text)
language sql stable security definer set search_path = '' as $function$
    with wanted as materialized (
      select d.id, d.name, d.organization_id from organization_service.departments d
      where d.id in (select unnest(ids))
    ), allowed as materialized (
      select o.id from (select distinct w.organization_id as id from wanted w) o
      where organization_service.caller_may_ask(o.id)
    )
    select w.id, w.name from wanted w where w.organization_id in (select a.id from allowed a)
  $function$;
alter function organization_service.department_names(ids uuid[]) owner to organization_service_definer;
revoke all on function organization_service.department_names(ids uuid[]) from public;
grant execute on function organization_service.department_names(ids uuid[]) to authenticated, service_role;

create or replace function organization_service.departments_headed(org uuid, member uuid default NULL::uuid, period uuid default NULL::uuid)
returns setof uuid
language sql stable set search_path = '' as $function$
    select organization_service.departments_headed_by(org, coalesce(member, (select auth.uid())), period)
  $function$;
revoke all on function organization_service.departments_headed(org uuid, member uuid, period uuid) from public;
grant execute on function organization_service.departments_headed(org uuid, member uuid, period uuid) to authenticated, service_role;

create or replace function organization_service.departments_headed_by(org uuid, member uuid, period uuid default NULL::uuid)
returns setof uuid
language sql stable security definer set search_path = '' as $function$
    select m.department_id from organization_service.memberships m
    join organization_service.periods p on p.id = m.period_id
    where m.organization_id = org and m.user_id = member and m.active
      and m.role = any (organization_service.head_roles()) and m.department_id is not null
      and (p.id = period or (period is null and p.status = 'aktif'))
      and organization_service.may_ask(org, member)
  $function$;
alter function organization_service.departments_headed_by(org uuid, member uuid, period uuid) owner to organization_service_definer;
revoke all on function organization_service.departments_headed_by(org uuid, member uuid, period uuid) from public;
grant execute on function organization_service.departments_headed_by(org uuid, member uuid, period uuid) to authenticated, service_role;

create or replace function organization_service.guard_archive()
returns trigger
language plpgsql set search_path = '' as $function$
begin
  if old.archived_at is not null and new.archived_at is distinct from old.archived_at then
    raise exception 'an archived organization stays archived' using errcode = '42501';
  end if;
  return new;
end
$function$;

-- ---------------------------------------------------------------------------------------------
-- 3. Nobody changes their own role, and a former member does not make themselves active again. One may
-- leave (active false, left_at). The board changes a board member's role, the sekretaris nobody's own.
create or replace function organization_service.guard_membership_change()
returns trigger
language plpgsql set search_path = '' as $function$
begin
  if current_user <> 'authenticated' then
    return new;  -- the contract's own functions and services
  end if;
  if new.user_id = (select auth.uid())
     and (new.role is distinct from old.role or (new.active and not old.active)) then
    raise exception 'nobody changes their own role or reactivates themselves' using errcode = '42501';
  end if;
  if not organization_service.can_manage(new.organization_id, new.period_id,
                                         organization_service.board_and_sekretaris_roles())
     and (new.role is distinct from old.role or new.department_id is distinct from old.department_id
          or new.position_title is distinct from old.position_title or new.active) then
    raise exception 'a member may only leave' using errcode = '42501';
  end if;
  if (old.role = any (organization_service.board_roles()) or new.role = any (organization_service.board_roles()))
     and (new.role is distinct from old.role or (old.active and not new.active and new.user_id <> (select auth.uid())))
     and not organization_service.can_manage(new.organization_id, new.period_id, organization_service.board_roles()) then
    raise exception 'only the board appoints or removes the board' using errcode = '42501';
  end if;
  return new;
end
$function$;

-- The note's organization and period are its department's, its author the caller; a note never moves to
-- another department. Runs before the policies judge the row, so they judge the department's own period.
create or replace function organization_service.handover_note_stamp()
returns trigger
language plpgsql set search_path = '' as $function$
  begin
    if tg_op = 'UPDATE' then
      new.department_id := old.department_id;
      new.version := old.version + 1;
    end if;
    select d.organization_id, d.period_id into new.organization_id, new.period_id
    from organization_service.departments d where d.id = new.department_id;
    if new.organization_id is null then
      raise foreign_key_violation using message = 'handover note of an unknown department';
    end if;
    new.updated_by := coalesce((select auth.uid()), new.updated_by);  -- a user is always the author
    new.updated_at := now();
    return new;
  end
  $function$;
revoke all on function organization_service.handover_note_stamp() from public;
grant execute on function organization_service.handover_note_stamp() to authenticated, service_role;

-- (used by this service's own policies, where the caller cannot see the rows yet)
create or replace function organization_service.has_any_member(org uuid)
returns boolean
language sql stable security definer set search_path = '' as $function$
    select exists (select 1 from organization_service.memberships m where m.organization_id = org)
  $function$;
alter function organization_service.has_any_member(org uuid) owner to organization_service_definer;
revoke all on function organization_service.has_any_member(org uuid) from public;
grant execute on function organization_service.has_any_member(org uuid) to authenticated, service_role;

create or replace function organization_service.has_role(org uuid, roles text[], period uuid default NULL::uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select coalesce(organization_service.member_role(org, (select auth.uid()), period) = any (roles), false)
  $function$;
revoke all on function organization_service.has_role(org uuid, roles text[], period uuid) from public;
grant execute on function organization_service.has_role(org uuid, roles text[], period uuid) to authenticated, service_role;

-- Who manages an invitation into ``invited_role``: only the board (ketua, wakil) invites into the
-- board; sekretaris too for every other role.
create or replace function organization_service.invitation_managers(invited_role text)
returns text[]
language sql immutable set search_path = '' as $function$
    select case when invited_role = any (organization_service.board_roles()) then organization_service.board_roles()
                else organization_service.board_and_sekretaris_roles() end
  $function$;
revoke all on function organization_service.invitation_managers(invited_role text) from public;
grant execute on function organization_service.invitation_managers(invited_role text) to authenticated;

create or replace function organization_service.is_member(org uuid, member uuid default NULL::uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select organization_service.is_member_of(org, coalesce(member, (select auth.uid())))
  $function$;
revoke all on function organization_service.is_member(org uuid, member uuid) from public;
grant execute on function organization_service.is_member(org uuid, member uuid) to authenticated, service_role;

-- A member: an active membership in some period of ``org``, past ones included (the next board reads
-- history). A deactivated membership makes nobody a member.
create or replace function organization_service.is_member_of(org uuid, member uuid)
returns boolean
language plpgsql stable security definer set search_path = '' as $function$
  begin
    return organization_service.may_ask(org, member)
       and exists (select 1 from organization_service.memberships m
                   where m.organization_id = org and m.user_id = member and m.active);
  end
  $function$;
alter function organization_service.is_member_of(org uuid, member uuid) owner to organization_service_definer;
revoke all on function organization_service.is_member_of(org uuid, member uuid) from public;
grant execute on function organization_service.is_member_of(org uuid, member uuid) to authenticated, service_role, user_service_definer;

-- Today in the organization's time zone; null for an organization the caller may not ask about.
create or replace function organization_service.local_today(org uuid)
returns date
language plpgsql stable security definer set search_path = '' as $function$
  begin
    return (select (now() at time zone o.time_zone)::date from organization_service.organizations o
            where o.id = org and organization_service.caller_may_ask(org));
  end
  $function$;
alter function organization_service.local_today(org uuid) owner to organization_service_definer;
revoke all on function organization_service.local_today(org uuid) from public;
grant execute on function organization_service.local_today(org uuid) to authenticated, service_role, program_service_definer, task_service_definer, events_writer;

-- May the caller ask about ``member`` in ``org``? A service; else a caller with a `sub`, about
-- themselves or as an active member of ``org`` (of any period).
create or replace function organization_service.may_ask(org uuid, member uuid)
returns boolean
language plpgsql stable security definer set search_path = '' as $function$
  begin
    return organization_service.caller_is_service()
        or coalesce(member = organization_service.caller(), false)
        or exists (select 1 from organization_service.memberships c
                   where c.organization_id = org and c.user_id = organization_service.caller() and c.active);
  end
  $function$;
alter function organization_service.may_ask(org uuid, member uuid) owner to organization_service_definer;
revoke all on function organization_service.may_ask(org uuid, member uuid) from public;
grant execute on function organization_service.may_ask(org uuid, member uuid) to authenticated, service_role;

-- Who writes a department's note: the board and the sekretaris of an open period (or the sitting board
-- preparing the next one), or a head of that department in that period while it is open.
create or replace function organization_service.may_write_handover_note(org uuid, period uuid, department uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select organization_service.can_manage(org, period, organization_service.board_and_sekretaris_roles())
        or (organization_service.period_is_open(period)
            and department = any (array(select organization_service.departments_headed(org, null, period))))
  $function$;
revoke all on function organization_service.may_write_handover_note(org uuid, period uuid, department uuid) from public;
grant execute on function organization_service.may_write_handover_note(org uuid, period uuid, department uuid) to authenticated, service_role;

create or replace function organization_service.member_role(org uuid, member uuid, period uuid default NULL::uuid)
returns text
language sql stable security definer set search_path = '' as $function$
    select m.role from organization_service.memberships m
    join organization_service.periods p on p.id = m.period_id
    where m.organization_id = org and m.user_id = member and m.active
      and (p.id = period or (period is null and p.status = 'aktif'))
      and organization_service.may_ask(org, member)
  $function$;
alter function organization_service.member_role(org uuid, member uuid, period uuid) owner to organization_service_definer;
revoke all on function organization_service.member_role(org uuid, member uuid, period uuid) from public;
grant execute on function organization_service.member_role(org uuid, member uuid, period uuid) to authenticated, service_role;

create or replace function organization_service.members_in_roles(org uuid, roles text[], period uuid default NULL::uuid, department uuid default NULL::uuid)
returns setof uuid
language sql stable security definer set search_path = '' as $function$
    select m.user_id from organization_service.memberships m
    join organization_service.periods p on p.id = m.period_id
    where m.organization_id = org and m.active and m.role = any (roles)
      and (p.id = period or (period is null and p.status = 'aktif'))
      and (department is null or m.department_id = department)
      and organization_service.caller_may_ask(org)
    order by m.user_id
  $function$;
alter function organization_service.members_in_roles(org uuid, roles text[], period uuid, department uuid) owner to organization_service_definer;
revoke all on function organization_service.members_in_roles(org uuid, roles text[], period uuid, department uuid) from public;
grant execute on function organization_service.members_in_roles(org uuid, roles text[], period uuid, department uuid) to authenticated, service_role;

-- ``member``'s active memberships (one per period at most: memberships_one_per_period), in the
-- organizations where the caller may ask about them (may_ask: themselves, a fellow active member, a
-- service), as member_role and departments_headed_by answer them.
create or replace function organization_service.memberships_of(member uuid)
returns table(organization_id uuid, period_id uuid, role text, department_id uuid)
language plpgsql stable security definer set search_path = '' as $function$
  begin
    return query
    select m.organization_id, m.period_id, m.role, m.department_id from organization_service.memberships m
    where m.user_id = member and m.active and organization_service.may_ask(m.organization_id, member);
  end
  $function$;
alter function organization_service.memberships_of(member uuid) owner to organization_service_definer;
revoke all on function organization_service.memberships_of(member uuid) from public;
grant execute on function organization_service.memberships_of(member uuid) to authenticated, service_role, program_service_copier;

create or replace function organization_service.my_invitations()
returns table(id uuid, organization_id uuid, organization_name text, organization_short_name text, organization_type text, period_id uuid, period_name text, role text, department_id uuid, department_name text, position_title text, expires_at timestamp with time zone, created_at timestamp with time zone)
language sql stable security definer set search_path = '' as $function$
    select i.id, i.organization_id, o.name, o.short_name, o.type, i.period_id, p.name, i.role, i.department_id,
           d.name, i.position_title, i.expires_at, i.created_at
    from organization_service.invitations i
    join organization_service.organizations o on o.id = i.organization_id
    join organization_service.periods p on p.id = i.period_id
    left join organization_service.departments d on d.id = i.department_id
    where i.email = lower(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
      and organization_service.caller() is not null
      and i.revoked_at is null and i.expires_at > now() and i.uses < i.max_uses
      and o.archived_at is null and p.status <> 'selesai'
      and not exists (select 1 from organization_service.invitation_responses r where r.invitation_id = i.id)
    order by i.created_at desc, i.id desc
  $function$;
alter function organization_service.my_invitations() owner to organization_service_definer;
revoke all on function organization_service.my_invitations() from public;
grant execute on function organization_service.my_invitations() to authenticated;

-- The caller's own, as my_role passes auth.uid() to member_role.
create or replace function organization_service.my_memberships()
returns table(organization_id uuid, period_id uuid, role text, department_id uuid)
language plpgsql stable set search_path = '' as $function$
  begin
    return query select m.organization_id, m.period_id, m.role, m.department_id
                 from organization_service.memberships_of(auth.uid()) m;
  end
  $function$;
revoke all on function organization_service.my_memberships() from public;
grant execute on function organization_service.my_memberships() to authenticated, service_role, program_service_copier;

create or replace function organization_service.my_organizations()
returns setof uuid
language plpgsql stable set search_path = '' as $function$
  begin
    return query select organization_service.organizations_of(auth.uid());
  end
  $function$;
revoke all on function organization_service.my_organizations() from public;
grant execute on function organization_service.my_organizations() to authenticated, service_role;

-- The organizations where the caller holds one of ``roles`` in the active period: has_role's question
-- (organization_service.has_role(org, roles)) asked once for every organization, for the lists only a
-- role may read (the webhooks' deliveries).
create or replace function organization_service.my_organizations_as(roles text[])
returns setof uuid
language sql stable security definer set search_path = '' as $function$
    select m.organization_id from organization_service.memberships m
    join organization_service.periods p on p.id = m.period_id
    where m.user_id = organization_service.caller() and m.active and p.status = 'aktif' and m.role = any (roles)
  $function$;
alter function organization_service.my_organizations_as(roles text[]) owner to organization_service_definer;
revoke all on function organization_service.my_organizations_as(roles text[]) from public;
grant execute on function organization_service.my_organizations_as(roles text[]) to authenticated;

-- The caller's own variants.
create or replace function organization_service.my_role(org uuid, period uuid default NULL::uuid)
returns text
language sql stable set search_path = '' as $function$
    select organization_service.member_role(org, (select auth.uid()), period)
  $function$;
revoke all on function organization_service.my_role(org uuid, period uuid) from public;
grant execute on function organization_service.my_role(org uuid, period uuid) to authenticated, service_role;

-- For the notifications service (service_role only, as before): the organization's name, time zone and
-- chat webhook URLs (null where none is set). It answers only a service.
create or replace function organization_service.notification_channels(org uuid)
returns table(name text, short_name text, time_zone text, discord_webhook_url text, slack_webhook_url text)
language sql stable security definer set search_path = '' as $function$
    select o.name, o.short_name, o.time_zone, c.discord_webhook_url, c.slack_webhook_url
    from organization_service.organizations o
    left join organization_service.chat_channels c on c.organization_id = o.id
    where o.id = org and organization_service.caller_is_service()
  $function$;
alter function organization_service.notification_channels(org uuid) owner to organization_service_definer;
revoke all on function organization_service.notification_channels(org uuid) from public;
grant execute on function organization_service.notification_channels(org uuid) to service_role;

create or replace function organization_service.organizations_of(member uuid)
returns setof uuid
language plpgsql stable security definer set search_path = '' as $function$
  begin
    return query
    select distinct m.organization_id from organization_service.memberships m
    where m.user_id = member and m.active
      and (organization_service.caller_is_service() or coalesce(member = organization_service.caller(), false));
  end
  $function$;
alter function organization_service.organizations_of(member uuid) owner to organization_service_definer;
revoke all on function organization_service.organizations_of(member uuid) from public;
grant execute on function organization_service.organizations_of(member uuid) to authenticated, service_role, user_service_definer;

-- Is ``period`` one of ``org``'s periods (and may the caller ask)?
create or replace function organization_service.period_in(org uuid, period uuid)
returns boolean
language sql stable security definer set search_path = '' as $function$
    select organization_service.caller_may_ask(org)
       and exists (select 1 from organization_service.periods p where p.id = period and p.organization_id = org)
  $function$;
alter function organization_service.period_in(org uuid, period uuid) owner to organization_service_definer;
revoke all on function organization_service.period_in(org uuid, period uuid) from public;
grant execute on function organization_service.period_in(org uuid, period uuid) to authenticated, service_role;

create or replace function organization_service.period_is_open(period uuid)
returns boolean
language sql stable security definer set search_path = '' as $function$
    select exists (select 1 from organization_service.periods p where p.id = period and p.status <> 'selesai')
  $function$;
alter function organization_service.period_is_open(period uuid) owner to organization_service_definer;
revoke all on function organization_service.period_is_open(period uuid) from public;
grant execute on function organization_service.period_is_open(period uuid) to authenticated, service_role, events_writer;

create or replace function organization_service.public_schedule(org uuid)
returns table(name text, short_name text, period_id uuid, period_name text)
language sql stable security definer set search_path = '' as $function$
    select o.name, o.short_name, p.id, p.name
    from organization_service.organizations o
    join organization_service.periods p on p.organization_id = o.id and p.status = 'aktif'
    where o.id = org and o.public_schedule and o.archived_at is null
  $function$;
alter function organization_service.public_schedule(org uuid) owner to organization_service_definer;
revoke all on function organization_service.public_schedule(org uuid) from public;
grant execute on function organization_service.public_schedule(org uuid) to service_role, program_service_definer;

create or replace function organization_service.publish_invitation_event()
returns trigger
language plpgsql security definer set search_path = '' as $function$
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
$function$;
alter function organization_service.publish_invitation_event() owner to events_writer;
revoke all on function organization_service.publish_invitation_event() from public;
grant execute on function organization_service.publish_invitation_event() to authenticated, service_role;

create or replace function organization_service.report_identity(org uuid, period uuid)
returns jsonb
language plpgsql stable security definer set search_path = '' as $function$
  begin
    if not organization_service.caller_may_ask(org) then  -- a member of the organization, or a service
      return null;
    end if;
    return (
      select jsonb_build_object(
        'organization', jsonb_build_object(
          'id', o.id, 'name', o.name, 'short_name', o.short_name, 'type', o.type, 'institution', o.institution,
          'faculty', o.faculty, 'study_program', o.study_program, 'logo_url', o.logo_url, 'time_zone', o.time_zone,
          'address', o.address, 'document_number_format', o.document_number_format),
        'period', jsonb_build_object('id', p.id, 'name', p.name, 'starts_on', p.starts_on, 'ends_on', p.ends_on,
                                     'status', p.status),
        'today', (now() at time zone o.time_zone)::date,
        'departments', coalesce((
          select jsonb_agg(jsonb_build_object(
                   'id', d.id, 'name', d.name, 'code', d.code, 'is_core', d.is_core,
                   -- who signs for it: the head named on it, else its kepala departemen
                   'head', coalesce(d.head_user_id, (
                     select m.user_id from organization_service.memberships m
                     where m.department_id = d.id and m.period_id = d.period_id and m.active
                       and m.role = 'kepala_departemen' order by m.joined_at, m.user_id limit 1)),
                   -- department_heads(d.id): its kepala / wakil kepala departemen (active members of its
                   -- period) and the head named on it; the department is the organization's (its period is)
                   'heads', coalesce((
                     select jsonb_agg(h.user_id order by h.user_id) from (
                       select m.user_id from organization_service.memberships m
                       where m.department_id = d.id and m.period_id = d.period_id and m.active
                         and m.role = any (organization_service.head_roles())
                       union
                       select d.head_user_id where d.head_user_id is not null
                     ) h), '[]'))
                 order by d.is_core desc, d.name, d.id)
          from organization_service.departments d where d.period_id = p.id), '[]'),
        'officers', coalesce((
          select jsonb_agg(jsonb_build_object('role', m.role, 'user_id', m.user_id, 'position_title', m.position_title)
                           order by array_position(organization_service.officer_roles(),
                                                   m.role), m.joined_at, m.user_id)
          from organization_service.memberships m
          where m.period_id = p.id and m.active and m.role in ('ketua', 'wakil_ketua', 'sekretaris', 'bendahara',
                                                               'pembina')), '[]'))
      from organization_service.organizations o
      join organization_service.periods p on p.organization_id = o.id
      where o.id = org and p.id = period
    );
  end
  $function$;
alter function organization_service.report_identity(org uuid, period uuid) owner to organization_service_definer;
revoke all on function organization_service.report_identity(org uuid, period uuid) from public;
grant execute on function organization_service.report_identity(org uuid, period uuid) to authenticated, service_role;

-- Do ``a`` and ``b`` share an active membership of an organization? Asked by one of them or a service.
create or replace function organization_service.shares_organization(a uuid, b uuid)
returns boolean
language sql stable security definer set search_path = '' as $function$
    select (organization_service.caller_is_service() or coalesce(organization_service.caller() in (a, b), false))
       and exists (select 1 from organization_service.memberships x
                   join organization_service.memberships y on y.organization_id = x.organization_id
                   where x.user_id = a and y.user_id = b and x.active and y.active)
  $function$;
alter function organization_service.shares_organization(a uuid, b uuid) owner to organization_service_definer;
revoke all on function organization_service.shares_organization(a uuid, b uuid) from public;
grant execute on function organization_service.shares_organization(a uuid, b uuid) to authenticated, service_role, user_service_definer;

-- Has ``member`` ever held a membership of ``org`` (active or not)? Asked as may_ask says.
create or replace function organization_service.was_member_of(org uuid, member uuid)
returns boolean
language plpgsql stable security definer set search_path = '' as $function$
  begin
    return organization_service.may_ask(org, member)
       and exists (select 1 from organization_service.memberships m
                   where m.organization_id = org and m.user_id = member);
  end
  $function$;
alter function organization_service.was_member_of(org uuid, member uuid) owner to organization_service_definer;
revoke all on function organization_service.was_member_of(org uuid, member uuid) from public;
grant execute on function organization_service.was_member_of(org uuid, member uuid) to authenticated, service_role, user_service_definer;
