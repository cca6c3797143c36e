-- Uploads declared and never finished (an attachment or a logo whose file never arrived or was never
-- confirmed) are forgotten by a daily job (functions/reports/jobs/forgotten_uploads.py), running as
-- service_role: their records go, then any file that arrived. An attachment of an LPJ under review or
-- approved is frozen with it (lpj_attachments_check) and stays.

grant delete on report_service.lpj_attachments, report_service.letterhead_logos to service_role;
