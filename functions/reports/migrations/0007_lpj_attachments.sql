-- Files attached to a program's LPJ (issue 12): photos of the activity (dokumentasi), receipts (kuitansi),
-- attendance lists (daftar hadir), the proposal, and others. The browser uploads the file itself straight to
-- the file store (an S3 presigned POST; locally the gateway's signed upload, infra/local/files.py) under a key
-- the API chose; a row here is its record. ``uploaded_at`` is null until the API has seen the file arrive
-- with the declared size and a content of the declared type; only uploaded files are listed in the LPJ.
--
-- Written as the user (RLS) by those who may write the LPJ (report_service.may_write: its PJ, the heads of its
-- department, the sekretaris and the board, active in its period), read by every member of the organization,
-- as the LPJ's sections are. Once the LPJ is submitted (diajukan, diperiksa) or approved (disetujui), its
-- attachments are frozen with it: no file added, confirmed or removed, whoever writes.

create table report_service.lpj_attachments (
  id uuid primary key default gen_random_uuid(),
  program_id uuid not null,
  organization_id uuid not null,
  period_id uuid not null,
  kind text not null check (kind in ('dokumentasi', 'kuitansi', 'daftar_hadir', 'proposal', 'lainnya')),
  title text not null check (char_length(title) between 1 and 200),
  filename text not null check (char_length(filename) between 1 and 200),
  content_type text not null check (content_type in ('image/jpeg', 'image/png', 'application/pdf')),
  size_bytes integer not null check (size_bytes between 1 and 10485760),
  file_key text not null unique check (char_length(file_key) <= 500),
  created_by uuid not null,
  created_at timestamptz not null default now(),
  uploaded_at timestamptz
);
create index lpj_attachments_program on report_service.lpj_attachments (program_id, created_at, id);

-- The program is the organization's of that period, the row names its writer (the caller), an attachment
-- stays with its program and its file, and nothing changes while the LPJ is under review or approved.
create function report_service.lpj_attachments_check()
  returns trigger language plpgsql set search_path = '' as $$
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
  if not exists (select 1 from program_service.program_facts(new.program_id) f
                 where f.organization_id = new.organization_id and f.period_id = new.period_id) then
    raise exception 'program % is not a program of organization % in period %', new.program_id,
      new.organization_id, new.period_id using errcode = 'foreign_key_violation';
  end if;
  return new;
end
$$;
revoke all on function report_service.lpj_attachments_check() from public;
grant execute on function report_service.lpj_attachments_check() to authenticated, service_role;
create trigger lpj_attachments_check before insert or update or delete on report_service.lpj_attachments
  for each row execute function report_service.lpj_attachments_check();

alter table report_service.lpj_attachments enable row level security;
alter table report_service.lpj_attachments force row level security;
create policy lpj_attachments_read on report_service.lpj_attachments for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));
create policy lpj_attachments_insert on report_service.lpj_attachments for insert to authenticated
  with check (report_service.may_write(organization_id, period_id, program_id));
create policy lpj_attachments_update on report_service.lpj_attachments for update to authenticated
  using (report_service.may_write(organization_id, period_id, program_id))
  with check (report_service.may_write(organization_id, period_id, program_id));
create policy lpj_attachments_delete on report_service.lpj_attachments for delete to authenticated
  using (report_service.may_write(organization_id, period_id, program_id));
grant select, delete on report_service.lpj_attachments to authenticated;
grant insert (id, program_id, organization_id, period_id, kind, title, filename, content_type, size_bytes, file_key,
              created_by)
  on report_service.lpj_attachments to authenticated;  -- created_by: the trigger stamps the caller
grant update (title, kind, uploaded_at) on report_service.lpj_attachments to authenticated;
-- The stored LPJ (approval, service_role's transaction) lists and embeds them.
grant select on report_service.lpj_attachments to service_role;
