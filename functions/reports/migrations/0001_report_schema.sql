-- The reports service: stored reports (a snapshot of a progress report, an LPJ draft or an
-- organization's weekly summary, with its CSV and PDF files in S3 or, locally, a folder). What it
-- knows about organizations, programs, tasks and people comes from the other services' SQL
-- contracts (organization_service.report_identity, program_service.report_facts / report_programs /
-- metrics, task_service.status_counts / overdue_tasks / program_assignees, user_service.display_names),
-- never from their tables.
--
-- Who may do what (DOMAIN.md, "reports" row): every member of the organization (of any period,
-- pembina included) reads its reports; a program's report is written (stored) by its PJ, the heads
-- of its department, the sekretaris (compiles) and the board; an organization's report by the
-- sekretaris and the board. Scheduled jobs store reports as service_role (created_by null).

create schema if not exists report_service;
grant usage on schema report_service to authenticated, service_role;

create table report_service.reports (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null,
  period_id uuid not null,
  program_id uuid,  -- null: a report of the whole organization
  kind text not null check (kind in ('progress', 'lpj', 'weekly')),
  title text not null check (char_length(title) between 1 and 300),
  covers_from date not null,
  covers_to date not null,
  content jsonb not null check (jsonb_typeof(content) = 'object'),
  status text not null default 'draft' check (status in ('draft', 'diajukan', 'disetujui', 'revisi')),
  reviewer_notes text check (char_length(reviewer_notes) <= 5000),
  csv_key text check (char_length(csv_key) <= 500),
  pdf_key text check (char_length(pdf_key) <= 500),
  created_at timestamptz not null default now(),
  created_by uuid,  -- null: a scheduled job
  constraint reports_covers check (covers_to >= covers_from),
  constraint reports_lpj_of_a_program check (kind <> 'lpj' or program_id is not null),
  constraint reports_weekly_of_the_organization check (kind <> 'weekly' or program_id is null)
);
create index reports_list on report_service.reports (organization_id, created_at desc, id desc);
create index reports_program on report_service.reports (program_id, created_at desc) where program_id is not null;
-- A job's report of a week exists once, however often the job runs.
create unique index reports_one_per_job_run on report_service.reports
  (organization_id, coalesce(program_id, organization_id), kind, covers_from, covers_to) where created_by is null;

-- May the caller store a report of ``program`` (null: of the whole organization) of period ``period``?
-- Active members of that period: the board (ketua, wakil ketua) and sekretaris always; for a program
-- also the heads of its department and its PJ.
create function report_service.may_write(org uuid, period uuid, program uuid)
  returns boolean language sql stable set search_path = '' as $$
    select organization_service.has_role(org, array['ketua', 'wakil_ketua', 'sekretaris'], period)
        or (program is not null and exists (
              select 1 from program_service.program_facts(program) f
              where f.organization_id = org and f.period_id = period
                and organization_service.my_role(org, period) is not null
                and (f.person_in_charge = (select auth.uid())
                     or f.department_id in (select organization_service.departments_headed(org, null, period)))))
  $$;
revoke all on function report_service.may_write(uuid, uuid, uuid) from public;
grant execute on function report_service.may_write(uuid, uuid, uuid) to authenticated, service_role;

alter table report_service.reports enable row level security;
alter table report_service.reports force row level security;
create policy reports_read on report_service.reports for select to authenticated
  using (organization_id in (select organization_service.my_organizations()));
create policy reports_create on report_service.reports for insert to authenticated
  with check (created_by = (select auth.uid()) and status = 'draft' and kind <> 'weekly'
              and report_service.may_write(organization_id, period_id, program_id));
grant select, insert on report_service.reports to authenticated;
grant select, insert on report_service.reports to service_role;

-- report.generated, written by trigger into the outbox in the storing transaction (DESIGN.md §4): the
-- notifications service announces it to the board. ``link`` is the report's API path (it lasts); the
-- time-limited file links the service put in the transaction setting report_service.files come along.
grant usage, create on schema report_service to events_writer;
create function report_service.publish_report_event()
  returns trigger language plpgsql security definer set search_path = '' as $$
begin
  insert into events.outbox (type, aggregate, aggregate_id, organization_id, payload)
  values ('report.generated', 'report', new.id, new.organization_id, jsonb_build_object(
    'report_id', new.id, 'organization_id', new.organization_id, 'period_id', new.period_id,
    'program_id', new.program_id, 'kind', new.kind, 'title', new.title, 'link', '/reports/' || new.id,
    'covers_from', new.covers_from, 'covers_to', new.covers_to, 'created_by', new.created_by,
    'files', coalesce(nullif(current_setting('report_service.files', true), '')::jsonb, '{}')));
  return null;
end
$$;
alter function report_service.publish_report_event() owner to events_writer;
revoke all on function report_service.publish_report_event() from public;
grant execute on function report_service.publish_report_event() to authenticated, service_role;
create trigger reports_publish_events after insert on report_service.reports
  for each row execute function report_service.publish_report_event();
