-- The questions every contract function asks, made cheap to ask (issue 14): may the caller ask about
-- the organization (caller_may_ask), what day is it there (local_today), and under them may the caller
-- ask about a member (may_ask), is someone a member (is_member_of) or were they ever (was_member_of,
-- asked once per person named: user_service.display_names). Same answers as 0009 and 0004, each the
-- same expression as there but caller_may_ask's (see below); what changes is their cost.
--
-- As SQL functions with SECURITY DEFINER and their own search_path, PostgreSQL never inlines them and
-- plans their statement again at every call, with every SQL function under it: caller_may_ask (through
-- is_member_of and may_ask) cost about 0.15 ms a call, and a program's report asked it fourteen times;
-- display_names paid about 0.08 ms more for every person it named. In PL/pgSQL their statements are
-- planned once per connection and kept: a few hundredths of a millisecond a call.

-- May the caller ask about ``member`` in ``org``? A service; else a caller with a `sub`, about
-- themselves or as an active member of ``org`` (of any period).
create or replace function organization_service.may_ask(org uuid, member uuid)
  returns boolean language plpgsql stable security definer set search_path = '' as $fn$
  begin
    return organization_service.caller_is_service()
        or coalesce(member = organization_service.caller(), false)
        or exists (select 1 from organization_service.memberships c
                   where c.organization_id = org and c.user_id = organization_service.caller() and c.active);
  end
  $fn$;

-- A member: an active membership in some period of ``org``, past ones included (the next board reads
-- history). A deactivated membership makes nobody a member.
create or replace function organization_service.is_member_of(org uuid, member uuid)
  returns boolean language plpgsql stable security definer set search_path = '' as $fn$
  begin
    return organization_service.may_ask(org, member)
       and exists (select 1 from organization_service.memberships m
                   where m.organization_id = org and m.user_id = member and m.active);
  end
  $fn$;

-- Has ``member`` ever held a membership of ``org`` (active or not)? Asked as may_ask says.
create or replace function organization_service.was_member_of(org uuid, member uuid)
  returns boolean language plpgsql stable security definer set search_path = '' as $fn$
  begin
    return organization_service.may_ask(org, member)
       and exists (select 1 from organization_service.memberships m
                   where m.organization_id = org and m.user_id = member);
  end
  $fn$;

-- May the caller ask about ``org``? A service, or an active member of it (of any period).
-- 0009 asked is_member_of(org, caller()); for the caller that is their active membership alone
-- (may_ask(org, member) holds when the member is the caller), read here without two more calls: every
-- contract function asks this, a program's report five times (about 0.2 ms less a report).
create or replace function organization_service.caller_may_ask(org uuid)
  returns boolean language plpgsql stable security definer set search_path = '' as $fn$
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
  $fn$;

-- Today in the organization's time zone; null for an organization the caller may not ask about.
create or replace function organization_service.local_today(org uuid)
  returns date language plpgsql stable security definer set search_path = '' as $fn$
  begin
    return (select (now() at time zone o.time_zone)::date from organization_service.organizations o
            where o.id = org and organization_service.caller_may_ask(org));
  end
  $fn$;
