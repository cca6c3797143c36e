-- Published for the lists of other services (the orgs service's GET /orgs/{id}/members): who people
-- are, name and e-mail address, so that a list shows them in its own statement instead of one call
-- per row.
--
-- people(ids): a row (user_id, display_name, email) for each of ``ids`` that display_names answers
-- about (a service, oneself, whoever shares an organization with them in any period); a user
-- without a profile has no row. The e-mail address only where the profile itself is readable under
-- profiles' policy (oneself, a service, someone sharing an active membership of an organization:
-- organization_service.shares_organization), else null: the contract shows nobody more than
-- GET /users/{id} and user_service.display_names already do.

grant execute on function organization_service.shares_organization(uuid, uuid) to user_service_definer;

create function user_service.people(ids uuid[])
  returns table (user_id uuid, display_name text, email text) language sql stable security definer
  set search_path = '' as $$
    with asker as materialized (
      select organization_service.caller() as id
    ), named as materialized (
      select n.user_id, n.display_name from user_service.display_names(ids) n
    )
    select n.user_id, n.display_name,
           case when a.id is null or n.user_id = a.id or organization_service.shares_organization(a.id, n.user_id)
                then p.email end
    from named n join user_service.profiles p on p.user_id = n.user_id cross join asker a
  $$;
alter function user_service.people(uuid[]) owner to user_service_definer;
revoke all on function user_service.people(uuid[]) from public;
grant execute on function user_service.people(uuid[]) to authenticated, service_role;
