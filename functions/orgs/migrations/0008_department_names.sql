-- Published for the lists of other services (the programs service's GET /programs and
-- GET /programs/{id}): the names of departments, so that a list names each program's department in
-- its own statement instead of one call per row.
--
-- department_names(ids): a row (id, name) for each of ``ids`` whose organization the caller may ask
-- about (a member of any period, or a service: caller_may_ask), asked once per organization, not
-- once per department. Ids of other organizations, or of no department, give no row.

create function organization_service.department_names(ids uuid[])
  returns table (id uuid, name text) language sql stable security definer set search_path = '' as $$
    with wanted as materialized (
      select d.id, d.name, d.organization_id from organization_service.departments d
      where d.id in (select unnest(ids))
    ), allowed as materialized (
      select o.id from (select distinct w.organization_id as id from wanted w) o
      where organization_service.caller_may_ask(o.id)
    )
    select w.id, w.name from wanted w where w.organization_id in (select a.id from allowed a)
  $$;
alter function organization_service.department_names(uuid[]) owner to organization_service_definer;
revoke all on function organization_service.department_names(uuid[]) from public;
grant execute on function organization_service.department_names(uuid[]) to authenticated, service_role;
