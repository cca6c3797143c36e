-- The letterhead of the organization's documents (issue 12): its address, printed under its name, institution
-- and faculty at the top of an LPJ's title page, and the format of its documents' numbers (an approved LPJ
-- gets one, e.g. "{nomor}/LPJ/{singkatan}/{bulan}/{tahun}" -> "007/LPJ/HIMA-IF/XII/2026"). The board writes
-- them (the organizations' update policy, as for the other fields); report_identity (0013) hands them to
-- the reports service with the rest of the organization's identity.

alter table organization_service.organizations
  add column address text check (char_length(address) between 1 and 500),
  add column document_number_format text check (char_length(document_number_format) between 1 and 120
                                                 and position('{nomor}' in document_number_format) > 0);
grant update (address, document_number_format) on organization_service.organizations
  to authenticated;  -- the board: the organizations' update policy
grant select (address, document_number_format) on organization_service.organizations
  to organization_service_definer;  -- report_identity's owner

create or replace function organization_service.report_identity(org uuid, period uuid)
  returns jsonb language plpgsql stable security definer set search_path = '' as $fn$
  begin
    if not organization_service.caller_may_ask(org) then  -- a member of the organization, or a service
      return null;
    end if;
    return (
      select jsonb_build_object(
        'organization', jsonb_build_object(
          'id', o.id, 'name', o.name, 'short_name', o.short_name, 'type', o.type, 'institution', o.institution,
          'faculty', o.faculty, 'study_program', o.study_program, 'logo_url', o.logo_url, 'time_zone', o.time_zone,
          'address', o.address, 'document_number_format', o.document_number_format),
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
                   -- department_heads(d.id): its kepala / wakil kepala departemen (active members of its
                   -- period) and the head named on it; the department is the organization's (its period is)
                   'heads', coalesce((
                     select jsonb_agg(h.user_id order by h.user_id) from (
                       select m.user_id from organization_service.memberships m
                       where m.department_id = d.id and m.period_id = d.period_id and m.active
                         and m.role in ('kepala_departemen', 'wakil_kepala_departemen')
                       union
                       select d.head_user_id where d.head_user_id is not null
                     ) h), '[]'))
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
      where o.id = org and p.id = period
    );
  end
  $fn$;
