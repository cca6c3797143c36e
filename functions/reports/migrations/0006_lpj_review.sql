-- The LPJ's review (issue 12, docs/decisions/0018-lpj-review.md): one review state a program, kept on its
-- LPJ's row (report_service.lpj_sections), with every step in report_service.lpj_review_steps.
--
--   draft / revisi --submit (who may write the LPJ)--> diajukan
--   diajukan --check (sekretaris)--> diperiksa        diajukan --return (sekretaris, notes)--> revisi
--   diperiksa --approve (ketua, wakil ketua)--> disetujui (the LPJ stored as a report, status disetujui)
--   diperiksa --return (ketua, wakil ketua, notes)--> revisi
--
-- While diajukan, diperiksa or disetujui the sections are read-only; disetujui is final. Users keep writing the
-- sections as themselves (RLS, lpj_sections_update) but write no review column: the service decides each step as
-- the user (their roles, in their transaction) and writes it through its own transaction as service_role, as it
-- stores reports (0003). The database still refuses an illegal step, a step by someone whose role may not take
-- it, and a change to frozen sections, whoever writes. Every status change records a step (trigger), and each
-- step writes its event into the outbox (lpj.submitted, lpj.checked, lpj.approved, lpj.returned).

alter table report_service.lpj_sections
  add column status text not null default 'draft'
    check (status in ('draft', 'diajukan', 'diperiksa', 'disetujui', 'revisi')),
  add column review_notes text check (char_length(review_notes) <= 5000),
  add column report_id uuid references report_service.reports (id) deferrable initially deferred,
  add constraint lpj_sections_approved_is_stored check ((status = 'disetujui') = (report_id is not null));

-- Users write the sections, never the review: column grants instead of the table's.
revoke insert, update on report_service.lpj_sections from authenticated;
grant insert (program_id, organization_id, period_id, foreword, background, execution_notes, participants,
              indicators, obstacles, solutions, recommendations, closing, updated_by)
  on report_service.lpj_sections to authenticated;  -- updated_by: the trigger stamps the caller whatever is sent
grant update (foreword, background, execution_notes, participants, indicators, obstacles, solutions,
              recommendations, closing, version, updated_at)
  on report_service.lpj_sections to authenticated;
grant update (status, review_notes, report_id, version) on report_service.lpj_sections to service_role;

-- Who may take a step, by the user's role in the program's period (the service asks the same as the caller).
create function report_service.may_review(org uuid, period uuid, program uuid, reviewer uuid, action text,
                                          from_status text)
  returns boolean language sql stable set search_path = '' as $$
    select case action
      when 'submit' then from_status in ('draft', 'revisi')
                         and report_service.may_store(org, period, program, reviewer)
      when 'check' then from_status = 'diajukan'
                        and organization_service.member_role(org, reviewer, period) = 'sekretaris'
      when 'approve' then from_status = 'diperiksa'
                          and organization_service.member_role(org, reviewer, period) in ('ketua', 'wakil_ketua')
      when 'return' then (from_status = 'diajukan'
                          and organization_service.member_role(org, reviewer, period) = 'sekretaris')
                      or (from_status = 'diperiksa'
                          and organization_service.member_role(org, reviewer, period) in ('ketua', 'wakil_ketua'))
      else false
    end is true
  $$;
revoke all on function report_service.may_review(uuid, uuid, uuid, uuid, text, text) from public;
grant execute on function report_service.may_review(uuid, uuid, uuid, uuid, text, text) to authenticated, service_role;

create table report_service.lpj_review_steps (
  id uuid primary key default gen_random_uuid(),
  program_id uuid not null references report_service.lpj_sections (program_id),
  organization_id uuid not null,
  period_id uuid not null,
  action text not null check (action in ('submit', 'check', 'approve', 'return')),
  from_status text not null,
  to_status text not null,
  notes text check (char_length(notes) <= 5000),
  report_id uuid,
  changed_by uuid not null,
  changed_at timestamptz not null default clock_timestamp(),
  constraint lpj_review_steps_returned_with_notes check (action <> 'return' or coalesce(btrim(notes), '') <> '')
);
create index lpj_review_steps_program on report_service.lpj_review_steps (program_id, changed_at);

alter table report_service.lpj_review_steps enable row level security;
alter table report_service.lpj_review_steps force row level security;
create policy lpj_review_steps_read on report_service.lpj_review_steps for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));
grant select on report_service.lpj_review_steps to authenticated;
grant select, insert on report_service.lpj_review_steps to service_role;

-- The sections' trigger, again: as before (the program's, stamped with its writer), plus the review's rules.
-- The step's actor and notes come from the transaction setting report_service.review ({"by", "action",
-- "notes"}), which the service sets before it changes the status.
create or replace function report_service.lpj_sections_check()
  returns trigger language plpgsql set search_path = '' as $$
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
  if not exists (select 1 from program_service.program_facts(new.program_id) f
                 where f.organization_id = new.organization_id and f.period_id = new.period_id) then
    raise exception 'program % is not a program of organization % in period %', new.program_id,
      new.organization_id, new.period_id using errcode = 'foreign_key_violation';
  end if;
  return new;
end
$$;

-- Every status change is a step in the history (as service_role, the only one who changes the status).
create function report_service.record_lpj_step()
  returns trigger language plpgsql set search_path = '' as $$
declare
  step jsonb := nullif(current_setting('report_service.review', true), '')::jsonb;
begin
  insert into report_service.lpj_review_steps (program_id, organization_id, period_id, action, from_status,
                                               to_status, notes, report_id, changed_by)
  values (new.program_id, new.organization_id, new.period_id, step ->> 'action', old.status, new.status,
          nullif(btrim(coalesce(step ->> 'notes', '')), ''), new.report_id, (step ->> 'by')::uuid);
  return null;
end
$$;
revoke all on function report_service.record_lpj_step() from public;
grant execute on function report_service.record_lpj_step() to service_role;
create trigger lpj_sections_record_step after update of status on report_service.lpj_sections
  for each row when (new.status is distinct from old.status) execute function report_service.record_lpj_step();

-- A step's organization and period are its LPJ's, whoever inserts it.
create function report_service.lpj_step_check()
  returns trigger language plpgsql set search_path = '' as $$
begin
  if not exists (select 1 from report_service.lpj_sections s where s.program_id = new.program_id
                 and s.organization_id = new.organization_id and s.period_id = new.period_id) then
    raise exception 'a step belongs to its program''s LPJ' using errcode = 'foreign_key_violation';
  end if;
  return new;
end
$$;
revoke all on function report_service.lpj_step_check() from public;
grant execute on function report_service.lpj_step_check() to service_role;
create trigger lpj_review_steps_check before insert on report_service.lpj_review_steps
  for each row execute function report_service.lpj_step_check();

-- lpj.submitted / lpj.checked / lpj.approved / lpj.returned into the outbox, in the step's transaction: the
-- notifications service tells the next person (the sekretaris, the ketua and wakil ketua, the PJ and pembina,
-- the PJ).
create function report_service.publish_lpj_event()
  returns trigger language plpgsql security definer set search_path = '' as $$
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
$$;
alter function report_service.publish_lpj_event() owner to events_writer;
revoke all on function report_service.publish_lpj_event() from public;
grant execute on function report_service.publish_lpj_event() to service_role;
create trigger lpj_review_steps_publish after insert on report_service.lpj_review_steps
  for each row execute function report_service.publish_lpj_event();

-- A user's report is a draft; an approved LPJ is stored as disetujui, by the ketua or wakil ketua who approved it.
create or replace function report_service.reports_before_insert()
  returns trigger language plpgsql set search_path = '' as $$
begin
  if not coalesce(organization_service.period_in(new.organization_id, new.period_id), false) then
    raise exception 'period % is not one of organization %''s', new.period_id, new.organization_id
      using errcode = 'foreign_key_violation';
  end if;
  if new.program_id is not null and not exists (
       select 1 from program_service.program_facts(new.program_id) f
       where f.organization_id = new.organization_id and f.period_id = new.period_id) then
    raise exception 'program % is not a program of organization % in period %', new.program_id,
      new.organization_id, new.period_id using errcode = 'foreign_key_violation';
  end if;
  if new.created_by is not null then
    if new.kind = 'weekly' or not (new.status = 'draft' or (new.kind = 'lpj' and new.status = 'disetujui'
        and organization_service.member_role(new.organization_id, new.created_by, new.period_id)
            in ('ketua', 'wakil_ketua'))) then
      raise exception 'a user''s report is stored as a draft (an LPJ the board approved as disetujui), and weekly '
                      'reports are the job''s' using errcode = 'check_violation';
    end if;
    if not report_service.may_store(new.organization_id, new.period_id, new.program_id, new.created_by) then
      raise exception 'user % may not store this report', new.created_by using errcode = 'insufficient_privilege';
    end if;
  end if;
  return new;
end
$$;
