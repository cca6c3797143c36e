-- What the program service publishes to the reports service (its SQL contract): everything a
-- progress report or an LPJ says about one program, and the programs of a period. The reports
-- service never names program_service's tables.
--
-- The budget appears as lines per kind and category (income by source, expenses by item), summed,
-- never as the items themselves: every member reads reports (DOMAIN.md), and anggota may not read
-- budget items. The figures the lines add up to are the same as program_service.metrics'.
-- Rupiah travel as text inside JSON, so that they stay exact decimals.

grant select (id, organization_id, period_id, department_id, code, name, description, objectives, target_group,
              success_indicators, type, location, planned_start, planned_end, actual_start, actual_end,
              person_in_charge, budget_planned, status, cancel_reason, created_by, created_at, updated_at)
  on program_service.programs to program_service_definer;
grant select (id, program_id, name, due_date, position, done_at) on program_service.milestones
  to program_service_definer;
grant select (program_id, user_id, committee_role, created_at) on program_service.committee_members
  to program_service_definer;
create policy definer_reads_for_reports on program_service.committee_members for select to program_service_definer
  using (true);
grant select (program_id, kind, category, planned_amount, actual_amount, verified_by) on program_service.budget_items
  to program_service_definer;
grant select (id, program_id, from_status, to_status, note, changed_by, changed_at)
  on program_service.program_status_history to program_service_definer;
create policy definer_reads_for_reports on program_service.program_status_history for select to program_service_definer
  using (true);

-- One program for a report, as one JSON document: the program row, its milestones, committee,
-- budget lines and status history. Null when there is no such program or the caller may not ask
-- (a member of its organization, or a service).
create function program_service.report_facts(program uuid)
  returns jsonb language sql stable security definer set search_path = '' as $$
    select jsonb_build_object(
      'program', jsonb_build_object(
        'id', p.id, 'organization_id', p.organization_id, 'period_id', p.period_id, 'department_id', p.department_id,
        'code', p.code, 'name', p.name, 'description', p.description, 'objectives', p.objectives,
        'target_group', p.target_group, 'success_indicators', p.success_indicators, 'type', p.type,
        'location', p.location, 'planned_start', p.planned_start, 'planned_end', p.planned_end,
        'actual_start', p.actual_start, 'actual_end', p.actual_end, 'person_in_charge', p.person_in_charge,
        'budget_planned', p.budget_planned::text, 'status', p.status, 'cancel_reason', p.cancel_reason,
        'created_by', p.created_by, 'created_at', p.created_at, 'updated_at', p.updated_at),
      'milestones', coalesce((
        select jsonb_agg(jsonb_build_object('id', m.id, 'name', m.name, 'due_date', m.due_date,
                                            'position', m.position, 'done_at', m.done_at)
                         order by m.position, m.due_date nulls last, m.id)
        from program_service.milestones m where m.program_id = p.id), '[]'),
      'committee', coalesce((
        select jsonb_agg(jsonb_build_object('user_id', c.user_id, 'committee_role', c.committee_role)
                         order by c.created_at, c.user_id)
        from program_service.committee_members c where c.program_id = p.id), '[]'),
      'budget_lines', coalesce((
        select jsonb_agg(jsonb_build_object('kind', l.kind, 'category', l.category, 'items', l.items,
                                            'realized_items', l.realized_items, 'verified_items', l.verified_items,
                                            'planned', l.planned::text, 'actual', l.actual::text)
                         order by l.kind, l.category)  -- pemasukan first
        from (select b.kind, b.category, count(*) as items, count(b.actual_amount) as realized_items,
                     count(b.verified_by) as verified_items, sum(b.planned_amount) as planned,
                     coalesce(sum(b.actual_amount), 0) as actual
              from program_service.budget_items b where b.program_id = p.id
              group by b.kind, b.category) l), '[]'),
      'status_history', coalesce((
        select jsonb_agg(jsonb_build_object('from_status', h.from_status, 'to_status', h.to_status, 'note', h.note,
                                            'changed_by', h.changed_by, 'changed_at', h.changed_at) order by h.id)
        from program_service.program_status_history h where h.program_id = p.id), '[]'))
    from program_service.programs p
    where p.id = program and organization_service.caller_may_ask(p.organization_id)
  $$;

-- The programs of one period of an organization, for an organization's report (with
-- program_service.metrics for their figures). No rows when the caller may not ask.
create function program_service.report_programs(org uuid, period uuid)
  returns table (id uuid, code text, name text, department_id uuid, type text, status text, person_in_charge uuid,
                 planned_start date, planned_end date, actual_start date, actual_end date, budget_planned numeric)
  language sql stable security definer set search_path = '' as $$
    select p.id, p.code, p.name, p.department_id, p.type, p.status, p.person_in_charge, p.planned_start,
           p.planned_end, p.actual_start, p.actual_end, p.budget_planned
    from program_service.programs p
    where p.organization_id = org and p.period_id = period and organization_service.caller_may_ask(org)
    order by p.planned_start nulls last, p.name, p.id
  $$;

alter function program_service.report_facts(uuid) owner to program_service_definer;
alter function program_service.report_programs(uuid, uuid) owner to program_service_definer;
revoke all on function program_service.report_facts(uuid), program_service.report_programs(uuid, uuid) from public;
grant execute on function program_service.report_facts(uuid), program_service.report_programs(uuid, uuid)
  to authenticated, service_role;
