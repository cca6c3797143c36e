-- The current definitions of program_service's functions: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a function here; a new numbered migration only for what cannot be replaced in place (a new signature or
-- return type: drop it there first; a table or column it needs).

-- Implemented above: functions of program_service this service calls as its own, whose bodies a service above
-- it writes because they read that service's tables (docs/decisions/0026-sql-definitions.md, "Interfaces
-- implemented above"). Their names, arguments and meaning are this service's; a test checks each is declared here
-- and implemented by a service above.
--   implemented by tasks: program_service.progress_counts(program_ids uuid[]) -> (program_id, milestone_id, total,
--     done, late): per program and milestone (null: tasks without one) the tasks that count (not cancelled), the
--     done ones and the late ones (not done, due before the organization's today); only organizations the caller
--     may ask about. For metrics.
--   implemented by tasks: program_service.task_count(program uuid, milestone uuid default null) -> integer: how
--     many tasks the program (or milestone) has, whatever their status; a draft or milestone with any is not
--     deleted.

-- ---------------------------------------------------------------------------------------------
-- The vocabulary (as shared/vocabulary.py's FINAL_PROGRAM_STATUSES): a program in one of these statuses changes
-- no more, nor do its tasks and parts. Immutable: folded into its array when a statement is planned.
create or replace function program_service.final_statuses()
returns text[]
language sql immutable set search_path = '' as $function$
    select array['selesai', 'dibatalkan', 'ditolak']
  $function$;
grant execute on function program_service.final_statuses() to public;

-- ---------------------------------------------------------------------------------------------
-- The lifecycle of docs/domain.md, once, in SQL (the service keeps the same table in Python; a test
-- checks that both agree).
create or replace function program_service.allowed_transitions(from_status text)
returns text[]
language sql immutable set search_path = '' as $function$
    select case from_status
      when 'draft' then array['diajukan']
      when 'diajukan' then array['disetujui', 'revisi', 'ditolak']
      when 'revisi' then array['diajukan']
      when 'disetujui' then array['dalam_progres', 'dibatalkan']
      when 'dalam_progres' then array['ditunda', 'selesai', 'dibatalkan']
      when 'ditunda' then array['dalam_progres', 'dibatalkan']
      else array[]::text[] end
  $function$;
revoke all on function program_service.allowed_transitions(from_status text) from public;
grant execute on function program_service.allowed_transitions(from_status text) to authenticated, service_role;

create or replace function program_service.budget_item_activity()
returns trigger
language plpgsql security definer set search_path = '' as $function$
begin
  if tg_op = 'INSERT' then
    perform program_service.record_activity(new.program_id, 'budget_item.created', 'budget_item', new.id,
                                            format('Menambahkan item anggaran (%s)', new.kind));
  elsif tg_op = 'DELETE' then
    perform program_service.record_activity(old.program_id, 'budget_item.deleted', 'budget_item', old.id,
                                            format('Menghapus item anggaran (%s)', old.kind));
  elsif old.verified_by is null and new.verified_by is not null then
    perform program_service.record_activity(new.program_id, 'budget_item.verified', 'budget_item', new.id,
                                            format('Memverifikasi item anggaran (%s)', new.kind));
  elsif (new.kind, new.category, new.description, new.quantity, new.unit, new.unit_price, new.actual_amount,
         new.receipt_url) is distinct from (old.kind, old.category, old.description, old.quantity, old.unit,
                                            old.unit_price, old.actual_amount, old.receipt_url) then
    perform program_service.record_activity(new.program_id, 'budget_item.updated', 'budget_item', new.id,
                                            format('Mengubah item anggaran (%s)%s', new.kind,
                                                   case when old.verified_by is not null and new.verified_by is null
                                                        then '; verifikasinya gugur' else '' end));
  elsif old.verified_by is not null and new.verified_by is null then
    perform program_service.record_activity(new.program_id, 'budget_item.unverified', 'budget_item', new.id,
                                            format('Mencabut verifikasi item anggaran (%s)', new.kind));
  end if;
  return null;
end
$function$;
alter function program_service.budget_item_activity() owner to program_service_writer;
revoke all on function program_service.budget_item_activity() from public;
grant execute on function program_service.budget_item_activity() to authenticated, service_role;

create or replace function program_service.budget_item_program(item uuid)
returns uuid
language sql stable security definer set search_path = '' as $function$
    select b.program_id from program_service.budget_items b
    where b.id = item and organization_service.caller_may_ask(b.organization_id)
  $function$;
alter function program_service.budget_item_program(item uuid) owner to program_service_definer;
revoke all on function program_service.budget_item_program(item uuid) from public;
grant execute on function program_service.budget_item_program(item uuid) to authenticated, service_role;

-- What the policies cannot see (they do not know the old row): the owner columns never change; the
-- planned part changes only while the budget may be planned, the actual part only by those who enter
-- it; verification is the bendahara's, in their own name, stamped now; a change of any amount (kind,
-- quantity, unit price, actual amount, receipt) clears the verification; version and updated_at move.
create or replace function program_service.budget_items_before_update()
returns trigger
language plpgsql set search_path = '' as $function$
declare
  planned_changed boolean := (new.kind, new.category, new.description, new.quantity, new.unit, new.unit_price)
    is distinct from (old.kind, old.category, old.description, old.quantity, old.unit, old.unit_price);
  realized_changed boolean := (new.actual_amount, new.receipt_url) is distinct from (old.actual_amount, old.receipt_url);
  verification_changed boolean := (new.verified_by, new.verified_at) is distinct from (old.verified_by, old.verified_at);
  amounts_changed boolean := (new.kind, new.quantity, new.unit_price, new.actual_amount, new.receipt_url)
    is distinct from (old.kind, old.quantity, old.unit_price, old.actual_amount, old.receipt_url);
begin
  if new.id <> old.id or new.program_id <> old.program_id or new.organization_id <> old.organization_id
     or new.created_by <> old.created_by or new.created_at <> old.created_at then
    raise exception 'a budget item stays on its program, with its creator' using errcode = 'check_violation';
  end if;
  if (planned_changed or realized_changed) and not program_service.may_realize_budget(new.program_id) then
    raise exception 'only the heads of the program''s department and its PJ change its budget items'
      using errcode = 'insufficient_privilege';
  end if;
  if planned_changed and not program_service.may_plan_budget(new.program_id) then
    raise exception 'a finished program''s budget items take only actual amounts, receipts and verification'
      using errcode = 'object_not_in_prerequisite_state';
  end if;
  if verification_changed then
    if not program_service.may_verify_budget(new.program_id) then
      raise exception 'only the bendahara of the program''s period verifies its budget items'
        using errcode = 'insufficient_privilege';
    end if;
    if new.verified_by is distinct from (select auth.uid()) and new.verified_by is not null then
      raise exception 'a bendahara verifies in their own name' using errcode = 'insufficient_privilege';
    end if;
    new.verified_at := case when new.verified_by is not null then now() end;
  end if;
  if amounts_changed then
    new.verified_by := null;
    new.verified_at := null;
  end if;
  new.version := old.version + 1;
  new.updated_at := now();
  return new;
end
$function$;
revoke all on function program_service.budget_items_before_update() from public;
grant execute on function program_service.budget_items_before_update() to authenticated, service_role;

create or replace function program_service.budget_items_of(program uuid)
returns table(id uuid, kind text, category text, description text)
language sql stable set search_path = '' as $function$
    select b.id, b.kind, b.category, b.description
    from program_service.budget_items b
    where b.program_id = program
  $function$;
alter function program_service.budget_items_of(program uuid) owner to program_service_definer;
revoke all on function program_service.budget_items_of(program uuid) from public;
grant execute on function program_service.budget_items_of(program uuid) to authenticated, service_role;

-- May the caller create a program in this department of this period? The board, or a head
-- (kepala / wakil kepala departemen) in their own department, of that period; the period must be open.
create or replace function program_service.can_create(org uuid, period uuid, department uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select organization_service.period_is_open(period)
       and (program_service.is_board(org, period)
            or (department is not null
                and department in (select organization_service.departments_headed(org, null, period))))
  $function$;
revoke all on function program_service.can_create(org uuid, period uuid, department uuid) from public;
grant execute on function program_service.can_create(org uuid, period uuid, department uuid) to authenticated, service_role;

-- May the caller edit this program? As creating, plus its person in charge (an active member).
create or replace function program_service.can_edit(org uuid, period uuid, department uuid, pic uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select program_service.can_create(org, period, department)
        or (pic = (select auth.uid()) and organization_service.period_is_open(period)
            and organization_service.my_role(org, period) is not null)
  $function$;
revoke all on function program_service.can_edit(org uuid, period uuid, department uuid, pic uuid) from public;
grant execute on function program_service.can_edit(org uuid, period uuid, department uuid, pic uuid) to authenticated, service_role;

create or replace function program_service.committee_activity()
returns trigger
language plpgsql security definer set search_path = '' as $function$
begin
  if tg_op = 'INSERT' then
    perform program_service.record_activity(new.program_id, 'committee.member_added', 'committee_member',
                                            new.user_id, format('Menambahkan anggota panitia sebagai "%s"',
                                                                new.committee_role));
  elsif tg_op = 'UPDATE' then
    if new.committee_role <> old.committee_role then
      perform program_service.record_activity(new.program_id, 'committee.role_changed', 'committee_member',
                                              new.user_id, format('Mengubah peran panitia dari "%s" menjadi "%s"',
                                                                  old.committee_role, new.committee_role));
    end if;
  else
    perform program_service.record_activity(old.program_id, 'committee.member_removed', 'committee_member',
                                            old.user_id, format('Mengeluarkan anggota panitia ("%s")',
                                                                old.committee_role));
  end if;
  return null;
end
$function$;
alter function program_service.committee_activity() owner to program_service_writer;
revoke all on function program_service.committee_activity() from public;
grant execute on function program_service.committee_activity() to authenticated, service_role;

-- A committee member is an active member of the program's organization in the program's period
-- (organization_service's contract); they stay on their program.
create or replace function program_service.committee_before_write()
returns trigger
language plpgsql set search_path = '' as $function$
declare
  period uuid;
begin
  if tg_op = 'UPDATE' then
    if new.program_id <> old.program_id or new.organization_id <> old.organization_id
       or new.user_id <> old.user_id then
      raise exception 'a committee member stays on their program' using errcode = 'check_violation';
    end if;
    new.created_at := old.created_at;
    new.updated_at := now();
  end if;
  select p.period_id into period from program_service.programs p where p.id = new.program_id;
  if period is null then
    raise exception 'no such program' using errcode = 'insufficient_privilege';
  end if;
  if organization_service.member_role(new.organization_id, new.user_id, period) is null then
    raise exception 'a committee member must be an active member of the program''s period'
      using errcode = 'check_violation';
  end if;
  return new;
end
$function$;
revoke all on function program_service.committee_before_write() from public;
grant execute on function program_service.committee_before_write() to authenticated, service_role;

create or replace function program_service.committee_of(program uuid)
returns setof uuid
language sql stable security definer set search_path = '' as $function$
    select c.user_id from program_service.committee_members c
    where c.program_id = program and organization_service.caller_may_ask(c.organization_id)
    order by c.user_id
  $function$;
alter function program_service.committee_of(program uuid) owner to program_service_definer;
revoke all on function program_service.committee_of(program uuid) from public;
grant execute on function program_service.committee_of(program uuid) to authenticated, service_role;

create or replace function program_service.copy_budget_plan(target uuid)
returns integer
language plpgsql security definer set search_path = '' as $function$
declare
  me uuid := auth.uid();
  t record;
  copied integer;
begin
  select p.id, p.organization_id, p.source_program_id, p.status, p.version, p.created_by into t
  from program_service.programs p where p.id = target;
  if t.id is null or me is null or t.created_by is distinct from me or t.status <> 'draft' or t.version <> 1
     or t.source_program_id is null
     or exists (select 1 from program_service.budget_items b where b.program_id = target) then
    raise exception 'only a new duplicate takes its source''s budget plan, from the member who made it'
      using errcode = 'insufficient_privilege';
  end if;
  if t.source_program_id not in (select program_service.my_budget_programs()) then
    return 0;
  end if;
  insert into program_service.budget_items (program_id, organization_id, kind, category, description, quantity,
                                            unit, unit_price, created_by, created_at)
  select target, t.organization_id, b.kind, b.category, b.description, b.quantity, b.unit, b.unit_price, me,
         now() + (row_number() over (order by b.kind, b.created_at, b.id)) * interval '1 microsecond'
  from program_service.budget_items b
  where b.program_id = t.source_program_id and b.organization_id = t.organization_id;
  get diagnostics copied = row_count;
  return copied;
end
$function$;
alter function program_service.copy_budget_plan(target uuid) owner to program_service_copier;
revoke all on function program_service.copy_budget_plan(target uuid) from public;
grant execute on function program_service.copy_budget_plan(target uuid) to authenticated;

-- docs/domain.md's budget rows ("Who may do what"), for the caller, in the program's period.
-- Enter: a head of the program's department, or its PJ while an active member.
create or replace function program_service.enters_budget(org uuid, period uuid, department uuid, pic uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select (department is not null
            and department in (select organization_service.departments_headed(org, null, period)))
        or (pic = (select auth.uid()) and organization_service.my_role(org, period) is not null)
  $function$;
revoke all on function program_service.enters_budget(org uuid, period uuid, department uuid, pic uuid) from public;
grant execute on function program_service.enters_budget(org uuid, period uuid, department uuid, pic uuid) to authenticated, service_role;

-- The board (ketua, wakil ketua) of the program's period.
create or replace function program_service.is_board(org uuid, period uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select organization_service.has_role(org, organization_service.board_roles(), period)
  $function$;
revoke all on function program_service.is_board(org uuid, period uuid) from public;
grant execute on function program_service.is_board(org uuid, period uuid) to authenticated, service_role;

-- May the caller change what hangs off this program (milestones, committee, budget)? Its editors,
-- while the program is not final and its period is open.
create or replace function program_service.may_edit_program(program uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select exists (select 1 from program_service.programs p
                   where p.id = program and p.status <> all (program_service.final_statuses())
                     and program_service.can_edit(p.organization_id, p.period_id, p.department_id,
                                                  p.person_in_charge))
  $function$;
revoke all on function program_service.may_edit_program(program uuid) from public;
grant execute on function program_service.may_edit_program(program uuid) to authenticated, service_role;

-- Plan (add, change what is planned, remove): those who enter it, while the program is not final
-- and its period open.
create or replace function program_service.may_plan_budget(program uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select exists (select 1 from program_service.programs p
                   where p.id = program and p.status <> all (program_service.final_statuses())
                     and organization_service.period_is_open(p.period_id)
                     and program_service.enters_budget(p.organization_id, p.period_id, p.department_id,
                                                       p.person_in_charge))
  $function$;
revoke all on function program_service.may_plan_budget(program uuid) from public;
grant execute on function program_service.may_plan_budget(program uuid) to authenticated, service_role;

-- Realize (the actual amount and the receipt): as planning, and also once the program is `selesai`.
create or replace function program_service.may_realize_budget(program uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select exists (select 1 from program_service.programs p
                   where p.id = program and p.status not in ('dibatalkan', 'ditolak')
                     and organization_service.period_is_open(p.period_id)
                     and program_service.enters_budget(p.organization_id, p.period_id, p.department_id,
                                                       p.person_in_charge))
  $function$;
revoke all on function program_service.may_realize_budget(program uuid) from public;
grant execute on function program_service.may_realize_budget(program uuid) to authenticated, service_role;

create or replace function program_service.may_see_budget(program uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select exists (select 1 from program_service.programs p
                   where p.id = program
                     and program_service.sees_budget(p.organization_id, p.period_id, p.department_id,
                                                     p.person_in_charge))
  $function$;
revoke all on function program_service.may_see_budget(program uuid) from public;
grant execute on function program_service.may_see_budget(program uuid) to authenticated, service_role;

-- Verify: the bendahara of the program's period, also once the program is `selesai`.
create or replace function program_service.may_verify_budget(program uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select exists (select 1 from program_service.programs p
                   where p.id = program and p.status not in ('dibatalkan', 'ditolak')
                     and organization_service.period_is_open(p.period_id)
                     and organization_service.has_role(p.organization_id, array['bendahara'], p.period_id))
  $function$;
revoke all on function program_service.may_verify_budget(program uuid) from public;
grant execute on function program_service.may_verify_budget(program uuid) to authenticated, service_role;

create or replace function program_service.metrics(program_ids uuid[])
returns table(program_id uuid, status text, department_id uuid, budget_planned numeric, today date, late boolean, days_to_deadline integer, progress numeric, tasks_total integer, tasks_done integer, tasks_late integer, income_planned numeric, income_actual numeric, expense_planned numeric, expense_actual numeric)
language plpgsql stable security definer set search_path = '' as $function$
begin
  return query
  with wanted as materialized (
    -- a join, not "id = any (program_ids)": that compares each row with the whole array
    select p.id, p.organization_id, p.status, p.planned_end, p.department_id, p.budget_planned
    from unnest(program_ids) as w (id) join program_service.programs p on p.id = w.id
  ), organizations as materialized (  -- materialized: the condition below must not be pushed into it
    select distinct w.organization_id from wanted w
  ), days as materialized (
    -- once per organization, not per program: may the caller ask, and what day is it there?
    select o.organization_id, organization_service.local_today(o.organization_id) as today
    from organizations o where organization_service.caller_may_ask(o.organization_id)
  ), visible as materialized (
    select w.* from wanted w where w.organization_id in (select d.organization_id from days d)
  ), counts as (
    select c.program_id, c.milestone_id, c.total, c.done, c.late
    from program_service.progress_counts(array(select v.id from visible v)) c
  ), milestone_groups as (
    select m.program_id, m.id as milestone_id, m.done_at is not null as marked_done
    from program_service.milestones m where m.program_id in (select v.id from visible v)
  ), groups as (
    -- a milestone's tasks, or (milestone_id null) the tasks without a milestone of this program
    select g.program_id, g.marked_done, coalesce(sum(c.total), 0) as total, coalesce(sum(c.done), 0) as done
    from milestone_groups g left join counts c on c.program_id = g.program_id and c.milestone_id = g.milestone_id
    group by g.program_id, g.milestone_id, g.marked_done
    union all
    select c.program_id, false, sum(c.total), sum(c.done)
    from counts c
    where c.program_id in (select g.program_id from milestone_groups g)
      and not exists (select 1 from milestone_groups g where g.milestone_id = c.milestone_id)
    group by c.program_id
  ), weighted as (
    select g.program_id,
           avg(case when g.marked_done then 1.0 when g.total > 0 then g.done::numeric / g.total else 0 end) as share
    from groups g group by g.program_id
  ), totals as (
    select c.program_id, sum(c.total)::integer as total, sum(c.done)::integer as done, sum(c.late)::integer as late
    from counts c group by c.program_id
  ), budget as (
    select b.program_id,
           coalesce(sum(b.planned_amount) filter (where b.kind = 'pemasukan'), 0) as income_planned,
           coalesce(sum(b.actual_amount) filter (where b.kind = 'pemasukan'), 0) as income_actual,
           coalesce(sum(b.planned_amount) filter (where b.kind = 'pengeluaran'), 0) as expense_planned,
           coalesce(sum(b.actual_amount) filter (where b.kind = 'pengeluaran'), 0) as expense_actual
    from program_service.budget_items b where b.program_id in (select v.id from visible v)
    group by b.program_id
  )
  select v.id, v.status, v.department_id, v.budget_planned, d.today,
         coalesce(v.status <> all (program_service.final_statuses()) and v.planned_end < d.today, false),
         case when v.status <> all (program_service.final_statuses()) then v.planned_end - d.today end,
         round(100 * case when v.status = 'selesai' then 1.0
                          when w.share is not null then w.share
                          when t.total > 0 then t.done::numeric / t.total
                          else 0 end, 1),
         coalesce(t.total, 0), coalesce(t.done, 0), coalesce(t.late, 0),
         coalesce(b.income_planned, 0), coalesce(b.income_actual, 0),
         coalesce(b.expense_planned, 0), coalesce(b.expense_actual, 0)
  from visible v
  join days d on d.organization_id = v.organization_id
  left join weighted w on w.program_id = v.id
  left join totals t on t.program_id = v.id
  left join budget b on b.program_id = v.id;
end
$function$;
alter function program_service.metrics(program_ids uuid[]) owner to program_service_definer;
revoke all on function program_service.metrics(program_ids uuid[]) from public;
grant execute on function program_service.metrics(program_ids uuid[]) to authenticated, service_role;

create or replace function program_service.milestone_activity()
returns trigger
language plpgsql security definer set search_path = '' as $function$
begin
  if tg_op = 'INSERT' then
    perform program_service.record_activity(new.program_id, 'milestone.created', 'milestone', new.id,
                                            format('Membuat milestone "%s"', new.name));
  elsif tg_op = 'DELETE' then
    perform program_service.record_activity(old.program_id, 'milestone.deleted', 'milestone', old.id,
                                            format('Menghapus milestone "%s"', old.name));
  elsif old.done_at is null and new.done_at is not null then
    perform program_service.record_activity(new.program_id, 'milestone.done', 'milestone', new.id,
                                            format('Menandai milestone "%s" selesai', new.name));
  elsif old.done_at is not null and new.done_at is null then
    perform program_service.record_activity(new.program_id, 'milestone.reopened', 'milestone', new.id,
                                            format('Membuka kembali milestone "%s"', new.name));
  elsif (new.name, new.due_date, new.position) is distinct from (old.name, old.due_date, old.position) then
    perform program_service.record_activity(new.program_id, 'milestone.updated', 'milestone', new.id,
                                            format('Mengubah milestone "%s"', new.name));
  end if;
  return null;
end
$function$;
alter function program_service.milestone_activity() owner to program_service_writer;
revoke all on function program_service.milestone_activity() from public;
grant execute on function program_service.milestone_activity() to authenticated, service_role;

-- Is ``milestone`` one of ``program``'s milestones (and may the caller ask)?
create or replace function program_service.milestone_in(program uuid, milestone uuid)
returns boolean
language sql stable security definer set search_path = '' as $function$
    select exists (select 1 from program_service.milestones m
                   join program_service.programs p on p.id = m.program_id
                   where m.id = milestone and m.program_id = program
                     and organization_service.caller_may_ask(p.organization_id))
  $function$;
alter function program_service.milestone_in(program uuid, milestone uuid) owner to program_service_definer;
revoke all on function program_service.milestone_in(program uuid, milestone uuid) from public;
grant execute on function program_service.milestone_in(program uuid, milestone uuid) to authenticated, service_role, task_service_writer;

create or replace function program_service.my_budget_programs()
returns setof uuid
language plpgsql stable set search_path = '' as $function$
  declare
    me uuid := auth.uid();
  begin
    return query
    select p.id from organization_service.my_memberships() m
    join program_service.programs p on p.organization_id = m.organization_id and p.period_id = m.period_id
    where m.role = any (organization_service.officer_roles())
       or (m.role = any (organization_service.head_roles()) and m.department_id = p.department_id)
       or p.person_in_charge = me;
  end
  $function$;
revoke all on function program_service.my_budget_programs() from public;
grant execute on function program_service.my_budget_programs() to authenticated, service_role, program_service_copier;

-- ---------------------------------------------------------------------------------------------
-- The activity log: triggers owned by the writer report who did what (record_activity takes the
-- actor from the request's claims). Summaries are short and Indonesian; a budget item's summary
-- names only its kind, since members who may not see the budget read the log too.
create or replace function program_service.program_activity()
returns trigger
language plpgsql security definer set search_path = '' as $function$
declare
  changed text[];
begin
  if tg_op = 'INSERT' then
    perform program_service.record_activity(new.id, 'program.created', 'program', new.id,
                                            format('Membuat program "%s"', new.name));
  elsif new.status <> old.status then
    perform program_service.record_activity(new.id, 'program.status_changed', 'program', new.id,
                                            format('Mengubah status dari %s menjadi %s', old.status, new.status));
  else
    select array_agg(n.key order by n.key) into changed
    from jsonb_each(to_jsonb(new)) n
    where n.key not in ('version', 'updated_at') and n.value is distinct from to_jsonb(old) -> n.key;
    if changed is not null then
      perform program_service.record_activity(new.id, 'program.updated', 'program', new.id,
                                              'Mengubah program: ' || array_to_string(changed, ', '));
    end if;
  end if;
  return null;
end
$function$;
alter function program_service.program_activity() owner to program_service_writer;
revoke all on function program_service.program_activity() from public;
grant execute on function program_service.program_activity() to authenticated, service_role;

-- The facts of a program the tasks service decides with; one row when the caller is a member of its
-- organization (or is a service), else none.
create or replace function program_service.program_facts(program uuid)
returns table(organization_id uuid, period_id uuid, department_id uuid, person_in_charge uuid, status text, planned_start date, planned_end date, name text)
language sql stable security definer set search_path = '' as $function$
    select p.organization_id, p.period_id, p.department_id, p.person_in_charge, p.status, p.planned_start,
           p.planned_end, p.name
    from program_service.programs p
    where p.id = program and organization_service.caller_may_ask(p.organization_id)
  $function$;
alter function program_service.program_facts(program uuid) owner to program_service_definer;
revoke all on function program_service.program_facts(program uuid) from public;
grant execute on function program_service.program_facts(program uuid) to authenticated, service_role, task_service_writer, events_writer;

create or replace function program_service.program_report(program uuid)
returns table(facts jsonb, today date, late boolean, days_to_deadline integer, progress numeric, tasks_total integer, tasks_done integer, tasks_late integer)
language plpgsql stable security definer set search_path = '' as $function$
  begin
    return query
    with figures as materialized (
      select m.program_id, m.today, m.late, m.days_to_deadline, m.progress, m.tasks_total, m.tasks_done,
             m.tasks_late
      from program_service.metrics(array[program]) m
    )
    select program_service.report_document(p.id),
      f.today, f.late, f.days_to_deadline, f.progress, f.tasks_total, f.tasks_done, f.tasks_late
    from figures f
    join program_service.programs p on p.id = f.program_id;
  end
  $function$;
alter function program_service.program_report(program uuid) owner to program_service_definer;
revoke all on function program_service.program_report(program uuid) from public;
grant execute on function program_service.program_report(program uuid) to authenticated, service_role;

-- Row changes the policies cannot see (they do not know the old row): the version and updated_at
-- move on every change, the owner columns never change, a status changes only along the
-- lifecycle, and only the board decides on a submitted program (approve, send back, reject).
create or replace function program_service.programs_before_update()
returns trigger
language plpgsql set search_path = '' as $function$
begin
  if new.organization_id <> old.organization_id or new.period_id <> old.period_id
     or new.created_by <> old.created_by or new.created_at <> old.created_at or new.id <> old.id then
    raise exception 'a program''s organization, period and creator do not change'
      using errcode = 'check_violation';
  end if;
  if new.status <> old.status then
    if not new.status = any (program_service.allowed_transitions(old.status)) then
      raise exception 'illegal program status transition % -> %', old.status, new.status
        using errcode = 'check_violation';
    end if;
    if old.status = 'diajukan' and current_user not in ('service_role')
       and not program_service.is_board(old.organization_id, old.period_id) then
      raise exception 'only ketua or wakil ketua decide on a submitted program'
        using errcode = 'insufficient_privilege';
    end if;
  end if;
  new.version := old.version + 1;
  new.updated_at := now();
  return new;
end
$function$;
revoke all on function program_service.programs_before_update() from public;
grant execute on function program_service.programs_before_update() to authenticated, service_role;

create or replace function program_service.programs_check_names()
returns trigger
language plpgsql set search_path = '' as $function$
begin
  if new.person_in_charge is not null
     and (tg_op = 'INSERT' or new.person_in_charge is distinct from old.person_in_charge)
     and organization_service.member_role(new.organization_id, new.person_in_charge, new.period_id) is null then
    raise exception 'the person in charge must be an active member of the program''s organization in its period'
      using errcode = 'check_violation', constraint = 'programs_person_in_charge_member';
  end if;
  if new.department_id is not null
     and (tg_op = 'INSERT' or new.department_id is distinct from old.department_id)
     and not coalesce(organization_service.department_in(new.organization_id, new.period_id, new.department_id),
                      false) then
    raise exception 'the department must be one of the organization''s departments of the program''s period'
      using errcode = 'check_violation', constraint = 'programs_department_in_period';
  end if;
  return new;
end
$function$;
revoke all on function program_service.programs_check_names() from public;
grant execute on function program_service.programs_check_names() to authenticated, service_role;

create or replace function program_service.public_schedule(org uuid)
returns jsonb
language sql stable security definer set search_path = '' as $function$
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
  $function$;
alter function program_service.public_schedule(org uuid) owner to program_service_definer;
revoke all on function program_service.public_schedule(org uuid) from public;
grant execute on function program_service.public_schedule(org uuid) to anon, service_role;

create or replace function program_service.publish_program_event()
returns trigger
language plpgsql security definer set search_path = '' as $function$
declare
  actor uuid := (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')::uuid;
begin
  if tg_op = 'INSERT' then
    insert into events.outbox (type, aggregate, aggregate_id, organization_id, payload)
    values ('program.created', 'program', new.id, new.organization_id, jsonb_build_object(
      'program_id', new.id, 'organization_id', new.organization_id, 'period_id', new.period_id,
      'department_id', new.department_id, 'name', new.name, 'status', new.status,
      'person_in_charge', new.person_in_charge, 'created_by', new.created_by));
  elsif new.status <> old.status then
    insert into events.outbox (type, aggregate, aggregate_id, organization_id, payload)
    values ('program.status_changed', 'program', new.id, new.organization_id, jsonb_build_object(
      'program_id', new.id, 'organization_id', new.organization_id, 'period_id', new.period_id,
      'department_id', new.department_id, 'name', new.name, 'from', old.status, 'to', new.status,
      'note', nullif(current_setting('program_service.note', true), ''), 'changed_by', actor,
      'person_in_charge', new.person_in_charge, 'version', new.version));
  end if;
  return null;
end
$function$;
alter function program_service.publish_program_event() owner to events_writer;
revoke all on function program_service.publish_program_event() from public;
grant execute on function program_service.publish_program_event() to authenticated, service_role;

create or replace function program_service.record_activity(program uuid, action text, entity text, entity_id uuid, summary text)
returns void
language sql security definer set search_path = '' as $function$
    insert into program_service.activity (program_id, organization_id, actor, action, entity, entity_id, summary)
    select p.id, p.organization_id,
           (nullif(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub', ''))::uuid,
           action, entity, entity_id, left(summary, 500)
    from program_service.programs p where p.id = program
  $function$;
alter function program_service.record_activity(program uuid, action text, entity text, entity_id uuid, summary text) owner to program_service_writer;
revoke all on function program_service.record_activity(program uuid, action text, entity text, entity_id uuid, summary text) from public;
grant execute on function program_service.record_activity(program uuid, action text, entity text, entity_id uuid, summary text) to task_service_writer;

-- Every status (the first one included) is recorded: who, when, from, to and the note the service
-- put in the transaction's setting program_service.note.
create or replace function program_service.record_status()
returns trigger
language plpgsql security definer set search_path = '' as $function$
begin
  if tg_op = 'INSERT' or new.status <> old.status then
    insert into program_service.program_status_history (program_id, organization_id, from_status, to_status,
                                                         note, changed_by)
    values (new.id, new.organization_id, case when tg_op = 'UPDATE' then old.status end, new.status,
            nullif(current_setting('program_service.note', true), ''),
            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')::uuid);
  end if;
  return null;
end
$function$;
alter function program_service.record_status() owner to program_service_writer;
revoke all on function program_service.record_status() from public;
grant execute on function program_service.record_status() to authenticated, service_role;

-- A program as reports read it, one JSON document: the program row, its milestones, committee, budget lines and
-- status history (null: no such program). For report_facts and program_report, which decide who may ask; no one
-- else may execute it.
create or replace function program_service.report_document(program uuid)
returns jsonb
language sql stable set search_path = '' as $function$
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
    from program_service.programs p where p.id = program
  $function$;
alter function program_service.report_document(program uuid) owner to program_service_definer;
revoke all on function program_service.report_document(program uuid) from public;

-- One program for a report, as one JSON document (report_document). Null when there is no such program or the
-- caller may not ask (a member of its organization, or a service).
create or replace function program_service.report_facts(program uuid)
returns jsonb
language sql stable security definer set search_path = '' as $function$
    select program_service.report_document(p.id)
    from program_service.programs p
    where p.id = program and organization_service.caller_may_ask(p.organization_id)
  $function$;
alter function program_service.report_facts(program uuid) owner to program_service_definer;
revoke all on function program_service.report_facts(program uuid) from public;
grant execute on function program_service.report_facts(program uuid) to authenticated, service_role;

-- The programs of one period of an organization, for an organization's report (with
-- program_service.metrics for their figures). No rows when the caller may not ask.
create or replace function program_service.report_programs(org uuid, period uuid)
returns table(id uuid, code text, name text, department_id uuid, type text, status text, person_in_charge uuid, planned_start date, planned_end date, actual_start date, actual_end date, budget_planned numeric)
language sql stable security definer set search_path = '' as $function$
    select p.id, p.code, p.name, p.department_id, p.type, p.status, p.person_in_charge, p.planned_start,
           p.planned_end, p.actual_start, p.actual_end, p.budget_planned
    from program_service.programs p
    where p.organization_id = org and p.period_id = period and organization_service.caller_may_ask(org)
    order by p.planned_start nulls last, p.name, p.id
  $function$;
alter function program_service.report_programs(org uuid, period uuid) owner to program_service_definer;
revoke all on function program_service.report_programs(org uuid, period uuid) from public;
grant execute on function program_service.report_programs(org uuid, period uuid) to authenticated, service_role;

-- See: the board, sekretaris, bendahara and pembina, and those who enter it. Not anggota.
create or replace function program_service.sees_budget(org uuid, period uuid, department uuid, pic uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select organization_service.has_role(org, organization_service.officer_roles(),
                                         period)
        or program_service.enters_budget(org, period, department, pic)
  $function$;
revoke all on function program_service.sees_budget(org uuid, period uuid, department uuid, pic uuid) from public;
grant execute on function program_service.sees_budget(org uuid, period uuid, department uuid, pic uuid) to authenticated, service_role;

create or replace function program_service.touch_version()
returns trigger
language plpgsql set search_path = '' as $function$
begin
  if new.program_id <> old.program_id or new.organization_id <> old.organization_id then
    raise exception 'a row does not move to another program' using errcode = 'check_violation';
  end if;
  new.version := old.version + 1;
  new.updated_at := now();
  return new;
end
$function$;
revoke all on function program_service.touch_version() from public;
grant execute on function program_service.touch_version() to authenticated, service_role;
