-- The organization's logo on its documents' letterhead (issue 12: "the organization's logo (uploaded), name,
-- institution and address on the title page"). Uploaded as an LPJ attachment is (0007): the board records it
-- and gets a form for one key under logos/, the browser posts the picture straight to the file store, the API
-- checks what arrived and only then is it the logo; the one before it, and its file, go. A row here is one
-- upload; the organization's logo is its newest uploaded row.
--
-- Written as the user (RLS) by the organization's ketua and wakil ketua (who edit its letterhead), read by every
-- member; the stored reports (service_role) print it.

create table report_service.letterhead_logos (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null,
  content_type text not null check (content_type in ('image/jpeg', 'image/png')),
  size_bytes integer not null check (size_bytes between 1 and 1048576),
  file_key text not null unique check (file_key ~ '^logos/' and char_length(file_key) <= 500),
  created_by uuid not null default auth.uid(),
  created_at timestamptz not null default now(),
  uploaded_at timestamptz
);
create index letterhead_logos_organization on report_service.letterhead_logos (organization_id, uploaded_at desc);

alter table report_service.letterhead_logos enable row level security;
alter table report_service.letterhead_logos force row level security;
create policy letterhead_logos_read on report_service.letterhead_logos for select to authenticated
  using (organization_id = any (array(select organization_service.my_organizations())));
create policy letterhead_logos_insert on report_service.letterhead_logos for insert to authenticated
  with check (organization_service.has_role(organization_id, array['ketua', 'wakil_ketua'])
              and created_by = (select auth.uid()));
create policy letterhead_logos_update on report_service.letterhead_logos for update to authenticated
  using (organization_service.has_role(organization_id, array['ketua', 'wakil_ketua']));
create policy letterhead_logos_delete on report_service.letterhead_logos for delete to authenticated
  using (organization_service.has_role(organization_id, array['ketua', 'wakil_ketua']));
grant select, delete on report_service.letterhead_logos to authenticated;
grant insert (id, organization_id, content_type, size_bytes, file_key) on report_service.letterhead_logos
  to authenticated;
grant update (uploaded_at) on report_service.letterhead_logos to authenticated;
grant select on report_service.letterhead_logos to service_role;
