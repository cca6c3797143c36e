-- Published for the programs service's duplicates (POST /programs/{id}/duplicate, ADR 0019): a
-- department belongs to one period, so a program copied into a later period finds "its" department
-- there as the department of that period with the same code (codes are unique per period).
--
-- department_counterpart(department, period): that department's id, when the caller may ask about the
-- organization (a member of any period, or a service: caller_may_ask); else, or without one, null.

grant select (code) on organization_service.departments to organization_service_definer;

create function organization_service.department_counterpart(department uuid, period uuid)
  returns uuid language sql stable security definer set search_path = '' as $$
    select c.id from organization_service.departments d
    join organization_service.departments c
      on c.organization_id = d.organization_id and c.period_id = period and lower(c.code) = lower(d.code)
    where d.id = department and organization_service.caller_may_ask(d.organization_id)
  $$;
alter function organization_service.department_counterpart(uuid, uuid) owner to organization_service_definer;
revoke all on function organization_service.department_counterpart(uuid, uuid) from public;
grant execute on function organization_service.department_counterpart(uuid, uuid) to authenticated, service_role;
