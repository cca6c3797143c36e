-- Published for the reports service: the display names of people, so that a report names its
-- person in charge, committee, assignees and signatories instead of printing their ids.
--
-- It answers about a user to a service (no caller), to the user themselves, and to whoever shares an
-- organization with them in any period, past ones included (a report of last year's programs still
-- names last year's board).

select public.ensure_service_role('user_service_definer');
grant usage, create on schema user_service to user_service_definer;  -- create: to own display_names
grant usage on schema organization_service to user_service_definer;
grant execute on function organization_service.caller(), organization_service.organizations_of(uuid),
  organization_service.is_member_of(uuid, uuid) to user_service_definer;
create policy definer_reads_names on user_service.profiles for select to user_service_definer using (true);
grant select (user_id, display_name) on user_service.profiles to user_service_definer;

create function user_service.display_names(ids uuid[])
  returns table (user_id uuid, display_name text) language sql stable security definer set search_path = '' as $$
    with asker as materialized (
      select organization_service.caller() as id
    ), mine as materialized (  -- the caller's organizations, of any period
      select m.org from asker a cross join lateral organization_service.organizations_of(a.id) as m (org)
      where a.id is not null
    )
    select p.user_id, p.display_name from user_service.profiles p
    where p.user_id in (select unnest(ids))
      and ((select a.id from asker a) is null or p.user_id = (select a.id from asker a)
           or exists (select 1 from mine m where organization_service.is_member_of(m.org, p.user_id)))
  $$;
alter function user_service.display_names(uuid[]) owner to user_service_definer;
revoke all on function user_service.display_names(uuid[]) from public;
grant execute on function user_service.display_names(uuid[]) to authenticated, service_role;
