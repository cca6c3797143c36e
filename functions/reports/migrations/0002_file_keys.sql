-- A report's files live under its own organization and id ("<organization>/<report>/<name>"): a row
-- whose keys point anywhere else is refused whoever inserts it, so a report's link can never be
-- made to sign another report's (or organization's) file. RLS lets a PJ insert a report row
-- directly; this keeps that row from naming files it did not store.
alter table report_service.reports add constraint reports_file_keys check (
  (csv_key is null or starts_with(csv_key, organization_id::text || '/' || id::text || '/'))
  and (pdf_key is null or starts_with(pdf_key, organization_id::text || '/' || id::text || '/'))
  and (csv_key is null or csv_key !~ '(^|/)\.\.(/|$)')
  and (pdf_key is null or pdf_key !~ '(^|/)\.\.(/|$)'));
