-- Published for the reports service and the scheduled jobs: who an organization is, in a period
-- (the identity block and the sign-off list of a report), the heads of a department (escalated
-- due-date reminders), and which organizations have an active period (the weekly jobs).
--
-- Who may ask: a member of the organization (of any period: the next board reads history), or a
-- service (no caller).

grant select (id, name, short_name, type, institution, faculty, study_program, logo_url, time_zone, archived_at)
  on organization_service.organizations to organization_service_definer;
grant select (id, organization_id, period_id, name, code, is_core, head_user_id)
  on organization_service.departments to organization_service_definer;

-- The heads of a department: its kepala / wakil kepala departemen (active members of its period) and
-- the head named on the department itself. Answers only to members of its organization or services.
create function organization_service.department_heads(department uuid)
  returns setof uuid language sql stable security definer set search_path = '' as $$
    select distinct h.user_id from (
      select m.user_id, d.organization_id from organization_service.departments d
      join organization_service.memberships m on m.department_id = d.id and m.period_id = d.period_id
      where d.id = department and m.active and m.role in ('kepala_departemen', 'wakil_kepala_departemen')
      union all
      select d.head_user_id, d.organization_id from organization_service.departments d
      where d.id = department and d.head_user_id is not null
    ) h
    where organization_service.caller_may_ask(h.organization_id)
  $$;

-- A report's identity block: the organization, the period, its departments (with their heads) and
-- the officers who sign (ketua, wakil ketua, sekretaris, bendahara, pembina: active members of the
-- period). Null when the period is not the organization's or the caller may not ask.
create function organization_service.report_identity(org uuid, period uuid)
  returns jsonb language sql stable security definer set search_path = '' as $$
    select jsonb_build_object(
      'organization', jsonb_build_object(
        'id', o.id, 'name', o.name, 'short_name', o.short_name, 'type', o.type, 'institution', o.institution,
        'faculty', o.faculty, 'study_program', o.study_program, 'logo_url', o.logo_url, 'time_zone', o.time_zone),
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
                 'heads', coalesce((select jsonb_agg(h order by h) from organization_service.department_heads(d.id) h),
                                   '[]'))
               order by d.is_core desc, d.name, d.id)
        from organization_service.departments d where d.period_id = p.id), '[]'),
      'officers', coalesce((
        select jsonb_agg(jsonb_build_object('role', m.role, 'user_id', m.user_id, 'position_title', m.position_title)
                         order by array_position(array['ketua', 'wakil_ketua', 'sekretaris', 'bendahara', 'pembina'],
                                                 m.role), m.joined_at, m.user_id)
        from organization_service.memberships m
        where m.period_id = p.id and m.active and m.role in ('ketua', 'wakil_ketua', 'sekretaris', 'bendahara',
                                                             'pembina')), '[]'))
    from organization_service.organizations o
    join organization_service.periods p on p.organization_id = o.id
    where o.id = org and p.id = period and organization_service.caller_may_ask(org)
  $$;

-- For the scheduled jobs (services only; a user gets no rows): every organization that is not
-- archived and has an active period, with that period.
create function organization_service.active_periods()
  returns table (organization_id uuid, period_id uuid) language sql stable security definer
  set search_path = '' as $$
    select o.id, p.id from organization_service.organizations o
    join organization_service.periods p on p.organization_id = o.id and p.status = 'aktif'
    where o.archived_at is null and organization_service.caller() is null
    order by o.id
  $$;

alter function organization_service.department_heads(uuid) owner to organization_service_definer;
alter function organization_service.report_identity(uuid, uuid) owner to organization_service_definer;
alter function organization_service.active_periods() owner to organization_service_definer;
revoke all on function organization_service.department_heads(uuid), organization_service.report_identity(uuid, uuid),
  organization_service.active_periods() from public;
grant execute on function organization_service.department_heads(uuid), organization_service.report_identity(uuid, uuid),
  organization_service.active_periods() to authenticated, service_role;
