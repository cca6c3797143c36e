-- Each event keeps the correlation id of the request, or of the event, that wrote it (issue 11;
-- shared/correlation.py). shared.db sets proker.correlation_id, local to every transaction it begins, so
-- whatever inserts into the outbox needs no change: the column's default reads it. NULL when the writer
-- set none (a migration, psql).
alter table events.outbox add column correlation_id text
  default nullif(current_setting('proker.correlation_id', true), '');
