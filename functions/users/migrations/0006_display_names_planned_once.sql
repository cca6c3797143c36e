-- display_names (0005) planned once per connection (issue 14): every list that names people and every
-- report asks it once per page. As an SQL function with SECURITY DEFINER and its own search_path it
-- was planned again at every call; in PL/pgSQL its statement is planned once and kept (a generic plan:
-- the wanted ids are looked up in profiles by their key). The same statement, the same answers.
-- (What it asks per person, organization_service.was_member_of, is planned once too: orgs 0012.)

create or replace function user_service.display_names(ids uuid[])
  returns table (user_id uuid, display_name text) language plpgsql stable security definer set search_path = ''
  as $fn$
  begin
    return query
    with asker as materialized (
      select organization_service.caller() as id, organization_service.caller_is_service() as service
    ), mine as materialized (  -- the caller's organizations: where they hold an active membership
      select m.org from asker a cross join lateral organization_service.organizations_of(a.id) as m (org)
      where a.id is not null
    )
    select p.user_id, p.display_name from user_service.profiles p cross join asker a
    where p.user_id in (select unnest(ids))
      and (a.service or p.user_id = a.id
           or exists (select 1 from mine m where organization_service.was_member_of(m.org, p.user_id)));
  end
  $fn$;
