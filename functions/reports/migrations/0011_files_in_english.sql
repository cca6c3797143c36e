-- A stored report's files in English (issue 12: "reports and their PDF in English when the reader's language is
-- English"). Every report is written in Indonesian (csv_key, pdf_key), the language a board hands it in, and in
-- English beside it (csv_key_en, pdf_key_en, under "<organization>/<report>/en/"); a reader gets the files in the
-- language of their settings. Reports stored before have none in English: their readers get the Indonesian.
-- The keys are held to the report's own place as the Indonesian ones are (0002).

alter table report_service.reports
  add column csv_key_en text check (char_length(csv_key_en) <= 500),
  add column pdf_key_en text check (char_length(pdf_key_en) <= 500),
  add constraint reports_english_file_keys check (
    (csv_key_en is null or starts_with(csv_key_en, organization_id::text || '/' || id::text || '/en/'))
    and (pdf_key_en is null or starts_with(pdf_key_en, organization_id::text || '/' || id::text || '/en/'))
    and (csv_key_en is null or csv_key_en !~ '(^|/)\.\.(/|$)')
    and (pdf_key_en is null or pdf_key_en !~ '(^|/)\.\.(/|$)'));
