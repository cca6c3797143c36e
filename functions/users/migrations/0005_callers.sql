-- The users contract answers services because they are services (organization_service.caller_is_service(),
-- read from the transaction's role), no longer any caller whose claims lack a `sub`: such a request is
-- nobody and is told nothing (issue 10). And it follows organization_service's former members
-- (docs/decisions/0013-former-members-and-board-secrets.md): who left an organization no longer sees its
-- people, while the organization's history still names them.

grant execute on function organization_service.was_member_of(uuid, uuid) to user_service_definer;

-- display_names(ids): to a service; to the user themselves; to an active member of an organization
-- (of any period) about whoever ever held a membership of it (a report of last year's programs
-- still names last year's board, and the member who has since left).
create or replace function user_service.display_names(ids uuid[])
  returns table (user_id uuid, display_name text) language sql stable security definer set search_path = '' as $$
    with asker as materialized (
      select organization_service.caller() as id, organization_service.caller_is_service() as service
    ), mine as materialized (  -- the caller's organizations: where they hold an active membership
      select m.org from asker a cross join lateral organization_service.organizations_of(a.id) as m (org)
      where a.id is not null
    )
    select p.user_id, p.display_name from user_service.profiles p cross join asker a
    where p.user_id in (select unnest(ids))
      and (a.service or p.user_id = a.id
           or exists (select 1 from mine m where organization_service.was_member_of(m.org, p.user_id)))
  $$;

-- people(ids): as display_names; the address only to a service, oneself, or someone sharing an active
-- membership with them.
create or replace function user_service.people(ids uuid[])
  returns table (user_id uuid, display_name text, email text) language sql stable security definer
  set search_path = '' as $$
    with asker as materialized (
      select organization_service.caller() as id, organization_service.caller_is_service() as service
    ), named as materialized (
      select n.user_id, n.display_name from user_service.display_names(ids) n
    )
    select n.user_id, n.display_name,
           case when a.service or n.user_id = a.id or organization_service.shares_organization(a.id, n.user_id)
                then p.email end
    from named n join user_service.profiles p on p.user_id = n.user_id cross join asker a
  $$;

-- notification_recipients: executable by service_role only (0002); and it answers only a service, so
-- that widening the grant one day would not hand out addresses and preferences.
create or replace function user_service.notification_recipients(user_ids uuid[], emails text[] default '{}')
  returns table (user_id uuid, email text, display_name text, language text, time_zone text,
                 notifications jsonb)
  language sql stable security definer set search_path = '' as $$
    with wanted as (
      select p.user_id, p.email, p.display_name from user_service.profiles p
      where p.user_id = any (user_ids)
      union
      select p.user_id, p.email, p.display_name from user_service.profiles p
      where cardinality(emails) > 0 and p.email = any (emails)
    )
    select w.user_id, w.email, w.display_name, coalesce(s.language, 'id'), coalesce(s.time_zone, 'Asia/Jakarta'),
           (select jsonb_object_agg(d.key, d.value || coalesce(s.notifications -> d.key, '{}'))
            from jsonb_each(user_service.notification_defaults()) d)
    from wanted w left join user_service.settings s on s.user_id = w.user_id
    where organization_service.caller_is_service()
    order by w.user_id
  $$;
