-- One program's report asks the programs service once (issue 14): what report_facts (0007) tells
-- about the program and its derived figures from metrics (0005), in one call. Until now the report
-- called both, each asking again whether the caller may ask about the organization.
--
-- metrics answers only for programs of organizations the caller may ask about (caller_may_ask: a
-- member, or a service); this function tells nothing unless metrics answered, and asks nothing more
-- itself. The figures are metrics' own, not computed again: every view of
-- a program shows the same ones (docs/decisions/0006-derived-program-figures.md).
--
-- PL/pgSQL with a static statement: planned once per connection and kept (one program: lookups by id
-- whatever the id), unlike an SQL function, planned again on every call. The output columns are
-- PL/pgSQL variables too, so every column below is qualified.

create function program_service.program_report(program uuid)
  returns table (facts jsonb, today date, late boolean, days_to_deadline integer, progress numeric,
                 tasks_total integer, tasks_done integer, tasks_late integer)
  language plpgsql stable security definer set search_path = '' as $fn$
  begin
    return query
    with figures as materialized (
      select m.program_id, m.today, m.late, m.days_to_deadline, m.progress, m.tasks_total, m.tasks_done,
             m.tasks_late
      from program_service.metrics(array[program]) m
    )
    -- the same document as report_facts
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
        select jsonb_agg(jsonb_build_object('id', ms.id, 'name', ms.name, 'due_date', ms.due_date,
                                            'position', ms.position, 'done_at', ms.done_at)
                         order by ms.position, ms.due_date nulls last, ms.id)
        from program_service.milestones ms where ms.program_id = p.id), '[]'),
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
        from program_service.program_status_history h where h.program_id = p.id), '[]')),
      f.today, f.late, f.days_to_deadline, f.progress, f.tasks_total, f.tasks_done, f.tasks_late
    from figures f
    join program_service.programs p on p.id = f.program_id;
  end
  $fn$;

alter function program_service.program_report(uuid) owner to program_service_definer;
revoke all on function program_service.program_report(uuid) from public;
grant execute on function program_service.program_report(uuid) to authenticated, service_role;
