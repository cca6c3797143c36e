-- Reports are written only by the reports service's own path (found by review: RLS let a PJ insert a
-- report row with made-up content, e.g. an LPJ with a forged balance, and the ketua of another
-- organization store a report naming this organization's program).
--
-- A report's content, title and files are what the service computed from the other services'
-- contracts and rendered; no check on a row can tell a forged balance from a real one. So users do
-- not write reports at all: `authenticated` keeps reading them (RLS) and loses insert. The service
-- decides as the user (report_service.may_write, in the user's transaction, RLS and the contracts
-- applying), then stores the row as service_role, as the scheduled jobs do.
--
-- What the database still refuses, whoever inserts (service_role included):
-- - a period that is not the organization's, a program that is not the organization's program of that
--   period (the contracts' period_in and program_facts);
-- - a report naming as its author (created_by) someone who may not store it (may_store: may_write for
--   an explicit user, so the same rule as the service's); a user's report is a draft, never weekly.
--   A job's report has no author.

drop policy reports_create on report_service.reports;
revoke insert, update, delete on report_service.reports from authenticated;

-- May ``writer`` store a report of ``program`` (null: of the whole organization) of period ``period``?
-- Active members of that period: the board (ketua, wakil ketua) and sekretaris always; for a program
-- also the heads of its department and its PJ.
create function report_service.may_store(org uuid, period uuid, program uuid, writer uuid)
  returns boolean language sql stable set search_path = '' as $$
    select coalesce(organization_service.member_role(org, writer, period)
                      in ('ketua', 'wakil_ketua', 'sekretaris'), false)
        or (program is not null and exists (
              select 1 from program_service.program_facts(program) f
              where f.organization_id = org and f.period_id = period
                and organization_service.member_role(org, writer, period) is not null
                and (f.person_in_charge = writer
                     or f.department_id in (select organization_service.departments_headed_by(org, writer, period)))))
  $$;
revoke all on function report_service.may_store(uuid, uuid, uuid, uuid) from public;
grant execute on function report_service.may_store(uuid, uuid, uuid, uuid) to authenticated, service_role;

-- The caller's variant, which the service asks in the user's transaction.
create or replace function report_service.may_write(org uuid, period uuid, program uuid)
  returns boolean language sql stable set search_path = '' as $$
    select (select auth.uid()) is not null and report_service.may_store(org, period, program, (select auth.uid()))
  $$;

create function report_service.reports_before_insert()
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
    if new.kind = 'weekly' or new.status <> 'draft' then
      raise exception 'a user''s report is stored as a draft, and weekly reports are the job''s'
        using errcode = 'check_violation';
    end if;
    if not report_service.may_store(new.organization_id, new.period_id, new.program_id, new.created_by) then
      raise exception 'user % may not store this report', new.created_by using errcode = 'insufficient_privilege';
    end if;
  end if;
  return new;
end
$$;
revoke all on function report_service.reports_before_insert() from public;
grant execute on function report_service.reports_before_insert() to service_role;
create trigger reports_before_insert before insert on report_service.reports
  for each row execute function report_service.reports_before_insert();
