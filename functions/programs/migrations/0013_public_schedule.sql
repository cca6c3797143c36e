-- An organization's public program schedule (issue 12, docs/decisions/0022-public-schedule.md).
--
-- public_schedule(org): null unless the organization's board switched its public schedule on
-- (organization_service.public_schedule); else its name, its active period's name and the programs of that
-- period a board has approved (disetujui, dalam_progres, ditunda, selesai) with a planned date: name, type,
-- status, planned dates, place and last change. Nothing else of a program (no people, no budget, no
-- description), and no draft, submitted, rejected or cancelled program. The only thing in the schema that
-- anon (a calendar app, without our token) may execute.

grant execute on function organization_service.public_schedule(uuid) to program_service_definer;
grant select (id, organization_id, period_id, name, type, status, planned_start, planned_end, location, updated_at)
  on program_service.programs to program_service_definer;

create function program_service.public_schedule(org uuid)
  returns jsonb language sql stable security definer set search_path = '' as $$
    select jsonb_build_object(
      'name', s.name, 'short_name', s.short_name, 'period', s.period_name,
      'programs', coalesce((
        select jsonb_agg(jsonb_build_object(
                 'id', p.id, 'name', p.name, 'type', p.type, 'status', p.status, 'planned_start', p.planned_start,
                 'planned_end', p.planned_end, 'location', p.location, 'updated_at', p.updated_at)
               order by coalesce(p.planned_start, p.planned_end), p.id)
        from program_service.programs p
        where p.organization_id = org and p.period_id = s.period_id
          and p.status in ('disetujui', 'dalam_progres', 'ditunda', 'selesai')
          and coalesce(p.planned_start, p.planned_end) is not null), '[]'))
    from organization_service.public_schedule(org) s
  $$;
alter function program_service.public_schedule(uuid) owner to program_service_definer;
revoke all on function program_service.public_schedule(uuid) from public;
grant usage on schema program_service to anon;
grant execute on function program_service.public_schedule(uuid) to anon, service_role;
