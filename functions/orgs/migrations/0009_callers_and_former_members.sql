-- Who is asking, and who is a member (issue 10; docs/decisions/0013-former-members-and-board-secrets.md).
--
-- 1. A service is a service because its transaction says so, not because its claims lack a `sub`.
--    Until now the contract treated a caller without `sub` as a service and answered it about every
--    organization; a request without `sub` is nobody, and answers nothing.
-- 2. A former member (their memberships all inactive) is no longer a member: they keep their own
--    membership rows and lose everything else of the organization. Everything that asks
--    is_member / is_member_of / caller_may_ask / organizations_of (this schema's policies and every
--    other schema's) follows.
-- 3. Nobody changes their own role, nor makes themselves active again (a sekretaris made themselves
--    bendahara and then verified budgets). A department and a position title are labels, which whoever
--    manages members may set on their own row too (the ketua who founded the organization joins the BPH).
--
-- What a caller can set (the assumption all of this rests on). Every transaction starts with the role
-- and the claims set by whoever holds the login (shared/db.py; PostgREST on Supabase, from a signed
-- token): set_config('role', ...) and set_config('request.jwt.claims', ...). The SQL that runs for a
-- caller afterwards sets neither: no route takes SQL, and PostgREST exposes neither set_config nor SET.
-- A caller who could run SET could become anyone (the login may assume every role), so no check here
-- could stop them. "Is a service" is read from the role, not from the claims: the role is what gives
-- a service its power anyway (service_role bypasses RLS), while the claims are a text anyone who may
-- call set_config could write.

-- ---------------------------------------------------------------------------------------------
-- 1. Services.

-- Is this transaction a service's? True for `service_role` (shared.db.service_transaction: event
-- consumers, scheduled jobs, service-only routes) and for the login itself with no role assumed
-- (migrations, operators' scripts, the tests' own setup: no request ever runs so, shared/db.py
-- always assumes a role). False for `authenticated` and `anon`, whatever their claims say.
-- Executable by everyone: it tells only what the transaction already knows; the other schemas'
-- contract functions (owned by their own definer roles) call it.
create function organization_service.caller_is_service()
  returns boolean language sql stable set search_path = '' as $$
    select coalesce(current_setting('role', true), 'none') in ('service_role', 'none')
  $$;
alter function organization_service.caller_is_service() owner to organization_service_definer;
grant execute on function organization_service.caller_is_service() to public;

-- May the caller ask about ``member`` in ``org``? A service; else a caller with a `sub`, about
-- themselves or as an active member of ``org`` (of any period).
create or replace function organization_service.may_ask(org uuid, member uuid)
  returns boolean language sql stable security definer set search_path = '' as $$
    select organization_service.caller_is_service()
        or coalesce(member = organization_service.caller(), false)
        or exists (select 1 from organization_service.memberships c
                   where c.organization_id = org and c.user_id = organization_service.caller() and c.active)
  $$;

-- May the caller ask about ``org``? A service, or an active member of it (of any period).
create or replace function organization_service.caller_may_ask(org uuid)
  returns boolean language sql stable security definer set search_path = '' as $$
    select organization_service.caller_is_service()
        or (organization_service.caller() is not null
            and organization_service.is_member_of(org, organization_service.caller()))
  $$;

-- Only services learn which organizations have an active period (the weekly jobs).
create or replace function organization_service.active_periods()
  returns table (organization_id uuid, period_id uuid) language sql stable security definer
  set search_path = '' as $$
    select o.id, p.id from organization_service.organizations o
    join organization_service.periods p on p.organization_id = o.id and p.status = 'aktif'
    where o.archived_at is null and organization_service.caller_is_service()
    order by o.id
  $$;

-- The organizations where ``member`` holds an active membership (of any period); asked by themselves
-- or a service.
create or replace function organization_service.organizations_of(member uuid)
  returns setof uuid language sql stable security definer set search_path = '' as $$
    select distinct m.organization_id from organization_service.memberships m
    where m.user_id = member and m.active
      and (organization_service.caller_is_service() or coalesce(member = organization_service.caller(), false))
  $$;

-- Do ``a`` and ``b`` share an active membership of an organization? Asked by one of them or a service.
create or replace function organization_service.shares_organization(a uuid, b uuid)
  returns boolean language sql stable security definer set search_path = '' as $$
    select (organization_service.caller_is_service() or coalesce(organization_service.caller() in (a, b), false))
       and exists (select 1 from organization_service.memberships x
                   join organization_service.memberships y on y.organization_id = x.organization_id
                   where x.user_id = a and y.user_id = b and x.active and y.active)
  $$;

-- ---------------------------------------------------------------------------------------------
-- 2. Former members.

-- A member: an active membership in some period of ``org``, past ones included (the next board reads
-- history). A deactivated membership makes nobody a member.
create or replace function organization_service.is_member_of(org uuid, member uuid)
  returns boolean language sql stable security definer set search_path = '' as $$
    select organization_service.may_ask(org, member)
       and exists (select 1 from organization_service.memberships m
                   where m.organization_id = org and m.user_id = member and m.active)
  $$;

-- Has ``member`` ever held a membership of ``org`` (active or not)? For history: a report or a list of
-- last year's work still names the people who did it after they left. Asked as may_ask says.
create function organization_service.was_member_of(org uuid, member uuid)
  returns boolean language sql stable security definer set search_path = '' as $$
    select organization_service.may_ask(org, member)
       and exists (select 1 from organization_service.memberships m
                   where m.organization_id = org and m.user_id = member)
  $$;
alter function organization_service.was_member_of(uuid, uuid) owner to organization_service_definer;
revoke all on function organization_service.was_member_of(uuid, uuid) from public;
grant execute on function organization_service.was_member_of(uuid, uuid) to authenticated, service_role;

-- memberships: members read the organization's; everyone reads their own (a former member sees that
-- they were one: role, department, dates).
drop policy memberships_read on organization_service.memberships;
create policy memberships_read on organization_service.memberships for select to authenticated
  using (organization_service.is_member(organization_id) or user_id = (select auth.uid()));

-- organizations: members read; the creator only until the first membership exists (creating it
-- returns the new row). A creator who left is a former member like any other.
drop policy organizations_read on organization_service.organizations;
create policy organizations_read on organization_service.organizations for select to authenticated
  using (organization_service.is_member(id)
         or (created_by = (select auth.uid()) and not organization_service.has_any_member(id)));

-- An invitee is someone: a token without `sub` reads no invitation, pending or not.
drop policy invitations_invitee on organization_service.invitations;
create policy invitations_invitee on organization_service.invitations for select to authenticated
  using ((select auth.uid()) is not null and email = lower((select auth.jwt()) ->> 'email'));

create or replace function organization_service.my_invitations()
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
      and organization_service.caller() is not null
      and i.revoked_at is null and i.expires_at > now() and i.uses < i.max_uses
      and o.archived_at is null and p.status <> 'selesai'
      and not exists (select 1 from organization_service.invitation_responses r where r.invitation_id = i.id)
    order by i.created_at desc, i.id desc
  $$;

-- ---------------------------------------------------------------------------------------------
-- 3. Nobody changes their own role, and a former member does not make themselves active again. One may
-- leave (active false, left_at). The board changes a board member's role, the sekretaris nobody's own.
create or replace function organization_service.guard_membership_change() returns trigger
  language plpgsql set search_path = '' as $$
begin
  if current_user <> 'authenticated' then
    return new;  -- the contract's own functions and services
  end if;
  if new.user_id = (select auth.uid())
     and (new.role is distinct from old.role or (new.active and not old.active)) then
    raise exception 'nobody changes their own role or reactivates themselves' using errcode = '42501';
  end if;
  if not organization_service.can_manage(new.organization_id, new.period_id,
                                         array['ketua', 'wakil_ketua', 'sekretaris'])
     and (new.role is distinct from old.role or new.department_id is distinct from old.department_id
          or new.position_title is distinct from old.position_title or new.active) then
    raise exception 'a member may only leave' using errcode = '42501';
  end if;
  if (old.role in ('ketua', 'wakil_ketua') or new.role in ('ketua', 'wakil_ketua'))
     and (new.role is distinct from old.role or (old.active and not new.active and new.user_id <> (select auth.uid())))
     and not organization_service.can_manage(new.organization_id, new.period_id, array['ketua', 'wakil_ketua']) then
    raise exception 'only the board appoints or removes the board' using errcode = '42501';
  end if;
  return new;
end
$$;
