-- The current definitions of report_service's functions: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a function here; a new numbered migration only for what cannot be replaced in place (a new signature or
-- return type: drop it there first; a table or column it needs).

-- Refuses, as a foreign key would, a row naming a program that is not of its organization and period (asked as the
-- caller, who may ask about the program): no foreign key crosses the schemas. The triggers below call it.
create or replace function report_service.check_program_of(program uuid, org uuid, period uuid)
returns void
language plpgsql stable set search_path = '' as $function$
begin
  if not exists (select 1 from program_service.program_facts(program) f
                 where f.organization_id = org and f.period_id = period) then
    raise exception 'program % is not a program of organization % in period %', program, org, period
      using errcode = 'foreign_key_violation';
  end if;
end
$function$;
revoke all on function report_service.check_program_of(program uuid, org uuid, period uuid) from public;
grant execute on function report_service.check_program_of(program uuid, org uuid, period uuid) to authenticated, service_role;

-- The program is the organization's of that period, the row names its writer (the caller), an attachment
-- stays with its program and its file, and nothing changes while the LPJ is under review or approved.
create or replace function report_service.lpj_attachments_check()
returns trigger
language plpgsql set search_path = '' as $function$
declare
  target report_service.lpj_attachments := case when tg_op = 'DELETE' then old else new end;
begin
  if exists (select 1 from report_service.lpj_sections s
             where s.program_id = target.program_id and s.status not in ('draft', 'revisi')) then
    raise exception 'the LPJ of program % is under review or approved: its attachments are frozen',
      target.program_id using errcode = 'check_violation';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  if tg_op = 'INSERT' then
    new.created_by := coalesce((select auth.uid()), new.created_by);
  elsif (new.program_id, new.organization_id, new.period_id, new.file_key, new.created_by, new.created_at)
        is distinct from (old.program_id, old.organization_id, old.period_id, old.file_key, old.created_by,
                          old.created_at) then
    raise exception 'an attachment stays with its program and its file' using errcode = 'check_violation';
  end if;
  perform report_service.check_program_of(new.program_id, new.organization_id, new.period_id);
  return new;
end
$function$;
revoke all on function report_service.lpj_attachments_check() from public;
grant execute on function report_service.lpj_attachments_check() to authenticated, service_role;

-- The item is one of the attachment's program's (checked as the caller, who may ask about the program).
create or replace function report_service.lpj_receipt_check()
returns trigger
language plpgsql set search_path = '' as $function$
begin
  if new.budget_item_id is not null and (tg_op = 'INSERT' or new.budget_item_id is distinct from old.budget_item_id)
     and not exists (select 1 from program_service.budget_items_of(new.program_id) b
                     where b.id = new.budget_item_id) then
    raise exception 'budget item % is not an item of program %', new.budget_item_id, new.program_id
      using errcode = 'foreign_key_violation';
  end if;
  return new;
end
$function$;
revoke all on function report_service.lpj_receipt_check() from public;
grant execute on function report_service.lpj_receipt_check() to authenticated, service_role;

-- The sections' trigger, again: as before (the program's, stamped with its writer), plus the review's rules.
-- The step's actor and notes come from the transaction setting report_service.review ({"by", "action",
-- "notes"}), which the service sets before it changes the status.
create or replace function report_service.lpj_sections_check()
returns trigger
language plpgsql set search_path = '' as $function$
declare
  step jsonb;
  actor uuid;
begin
  if tg_op = 'UPDATE' and new.status is distinct from old.status then
    step := nullif(current_setting('report_service.review', true), '')::jsonb;
    actor := (step ->> 'by')::uuid;
    if actor is null or not report_service.may_review(new.organization_id, new.period_id, new.program_id, actor,
                                                      step ->> 'action', old.status)
       or (step ->> 'action', new.status) not in (('submit', 'diajukan'), ('check', 'diperiksa'),
                                                  ('approve', 'disetujui'), ('return', 'revisi')) then
      raise exception 'the LPJ cannot go from % to % this way', old.status, new.status
        using errcode = 'insufficient_privilege';
    end if;
  else
    new.updated_by := coalesce((select auth.uid()), new.updated_by);
  end if;
  if tg_op = 'INSERT' and (new.status <> 'draft' or new.report_id is not null) then
    raise exception 'an LPJ starts as a draft' using errcode = 'check_violation';
  end if;
  if tg_op = 'UPDATE' then
    if (new.organization_id, new.period_id, new.program_id)
       is distinct from (old.organization_id, old.period_id, old.program_id) then
      raise exception 'an LPJ stays with its program' using errcode = 'check_violation';
    end if;
    if old.status in ('diajukan', 'diperiksa', 'disetujui')
       and (new.foreword, new.background, new.execution_notes, new.participants, new.indicators, new.obstacles,
            new.solutions, new.recommendations, new.closing)
           is distinct from (old.foreword, old.background, old.execution_notes, old.participants, old.indicators,
                             old.obstacles, old.solutions, old.recommendations, old.closing) then
      raise exception 'the LPJ is %: its sections are read-only', old.status
        using errcode = 'object_not_in_prerequisite_state';
    end if;
    if old.status = 'disetujui' and new.report_id is distinct from old.report_id then
      raise exception 'an approved LPJ keeps its report' using errcode = 'object_not_in_prerequisite_state';
    end if;
  end if;
  perform report_service.check_program_of(new.program_id, new.organization_id, new.period_id);
  return new;
end
$function$;
revoke all on function report_service.lpj_sections_check() from public;
grant execute on function report_service.lpj_sections_check() to authenticated, service_role;

-- A step's organization and period are its LPJ's, whoever inserts it.
create or replace function report_service.lpj_step_check()
returns trigger
language plpgsql set search_path = '' as $function$
begin
  if not exists (select 1 from report_service.lpj_sections s where s.program_id = new.program_id
                 and s.organization_id = new.organization_id and s.period_id = new.period_id) then
    raise exception 'a step belongs to its program''s LPJ' using errcode = 'foreign_key_violation';
  end if;
  return new;
end
$function$;
revoke all on function report_service.lpj_step_check() from public;
grant execute on function report_service.lpj_step_check() to service_role;

-- Who may take a step, by the user's role in the program's period (the service asks the same as the caller).
create or replace function report_service.may_review(org uuid, period uuid, program uuid, reviewer uuid, action text, from_status text)
returns boolean
language sql stable set search_path = '' as $function$
    select case action
      when 'submit' then from_status in ('draft', 'revisi')
                         and report_service.may_store(org, period, program, reviewer)
      when 'check' then from_status = 'diajukan'
                        and organization_service.member_role(org, reviewer, period) = 'sekretaris'
      when 'approve' then from_status = 'diperiksa'
                          and organization_service.member_role(org, reviewer, period) = any (organization_service.board_roles())
      when 'return' then (from_status = 'diajukan'
                          and organization_service.member_role(org, reviewer, period) = 'sekretaris')
                      or (from_status = 'diperiksa'
                          and organization_service.member_role(org, reviewer, period) = any (organization_service.board_roles()))
      else false
    end is true
  $function$;
revoke all on function report_service.may_review(org uuid, period uuid, program uuid, reviewer uuid, action text, from_status text) from public;
grant execute on function report_service.may_review(org uuid, period uuid, program uuid, reviewer uuid, action text, from_status text) to authenticated, service_role;

-- May ``writer`` store a report of ``program`` (null: of the whole organization) of period ``period``?
-- Active members of that period: the board (ketua, wakil ketua) and sekretaris always; for a program
-- also the heads of its department and its PJ.
create or replace function report_service.may_store(org uuid, period uuid, program uuid, writer uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select coalesce(organization_service.member_role(org, writer, period)
                      = any (organization_service.board_and_sekretaris_roles()), false)
        or (program is not null and exists (
              select 1 from program_service.program_facts(program) f
              where f.organization_id = org and f.period_id = period
                and organization_service.member_role(org, writer, period) is not null
                and (f.person_in_charge = writer
                     or f.department_id in (select organization_service.departments_headed_by(org, writer, period)))))
  $function$;
revoke all on function report_service.may_store(org uuid, period uuid, program uuid, writer uuid) from public;
grant execute on function report_service.may_store(org uuid, period uuid, program uuid, writer uuid) to authenticated, service_role;

-- The caller's variant, which the service asks in the user's transaction.
create or replace function report_service.may_write(org uuid, period uuid, program uuid)
returns boolean
language sql stable set search_path = '' as $function$
    select (select auth.uid()) is not null and report_service.may_store(org, period, program, (select auth.uid()))
  $function$;
revoke all on function report_service.may_write(org uuid, period uuid, program uuid) from public;
grant execute on function report_service.may_write(org uuid, period uuid, program uuid) to authenticated, service_role;

-- lpj.submitted / lpj.checked / lpj.approved / lpj.returned into the outbox, in the step's transaction: the
-- notifications service tells the next person (the sekretaris, the ketua and wakil ketua, the PJ and pembina,
-- the PJ).
create or replace function report_service.publish_lpj_event()
returns trigger
language plpgsql security definer set search_path = '' as $function$
begin
  insert into events.outbox (type, aggregate, aggregate_id, organization_id, payload)
  values ('lpj.' || case new.action when 'submit' then 'submitted' when 'check' then 'checked'
                                    when 'approve' then 'approved' else 'returned' end,
          'lpj', new.program_id, new.organization_id, jsonb_build_object(
    'program_id', new.program_id, 'organization_id', new.organization_id, 'period_id', new.period_id,
    'step_id', new.id, 'action', new.action, 'from', new.from_status, 'to', new.to_status, 'note', new.notes,
    'report_id', new.report_id, 'changed_by', new.changed_by, 'link', '/programs/' || new.program_id));
  return null;
end
$function$;
alter function report_service.publish_lpj_event() owner to events_writer;
revoke all on function report_service.publish_lpj_event() from public;
grant execute on function report_service.publish_lpj_event() to service_role;

create or replace function report_service.publish_report_event()
returns trigger
language plpgsql security definer set search_path = '' as $function$
begin
  insert into events.outbox (type, aggregate, aggregate_id, organization_id, payload)
  values ('report.generated', 'report', new.id, new.organization_id, jsonb_build_object(
    'report_id', new.id, 'organization_id', new.organization_id, 'period_id', new.period_id,
    'program_id', new.program_id, 'kind', new.kind, 'title', new.title, 'link', '/reports/' || new.id,
    'covers_from', new.covers_from, 'covers_to', new.covers_to, 'created_by', new.created_by,
    'files', coalesce(nullif(current_setting('report_service.files', true), '')::jsonb, '{}')));
  return null;
end
$function$;
alter function report_service.publish_report_event() owner to events_writer;
revoke all on function report_service.publish_report_event() from public;
grant execute on function report_service.publish_report_event() to authenticated, service_role;

-- Every status change is a step in the history (as service_role, the only one who changes the status).
create or replace function report_service.record_lpj_step()
returns trigger
language plpgsql set search_path = '' as $function$
declare
  step jsonb := nullif(current_setting('report_service.review', true), '')::jsonb;
begin
  insert into report_service.lpj_review_steps (program_id, organization_id, period_id, action, from_status,
                                               to_status, notes, report_id, changed_by)
  values (new.program_id, new.organization_id, new.period_id, step ->> 'action', old.status, new.status,
          nullif(btrim(coalesce(step ->> 'notes', '')), ''), new.report_id, (step ->> 'by')::uuid);
  return null;
end
$function$;
revoke all on function report_service.record_lpj_step() from public;
grant execute on function report_service.record_lpj_step() to service_role;

-- A user's report is a draft; an approved LPJ is stored as disetujui, by the ketua or wakil ketua who approved it.
create or replace function report_service.reports_before_insert()
returns trigger
language plpgsql set search_path = '' as $function$
begin
  if not coalesce(organization_service.period_in(new.organization_id, new.period_id), false) then
    raise exception 'period % is not one of organization %''s', new.period_id, new.organization_id
      using errcode = 'foreign_key_violation';
  end if;
  if new.program_id is not null then
    perform report_service.check_program_of(new.program_id, new.organization_id, new.period_id);
  end if;
  if new.created_by is not null then
    if new.kind = 'weekly' or not (new.status = 'draft' or (new.kind = 'lpj' and new.status = 'disetujui'
        and organization_service.member_role(new.organization_id, new.created_by, new.period_id)
            = any (organization_service.board_roles()))) then
      raise exception 'a user''s report is stored as a draft (an LPJ the board approved as disetujui), and weekly '
                      'reports are the job''s' using errcode = 'check_violation';
    end if;
    if not report_service.may_store(new.organization_id, new.period_id, new.program_id, new.created_by) then
      raise exception 'user % may not store this report', new.created_by using errcode = 'insufficient_privilege';
    end if;
  end if;
  return new;
end
$function$;
revoke all on function report_service.reports_before_insert() from public;
grant execute on function report_service.reports_before_insert() to service_role;
