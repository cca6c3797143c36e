-- The current definitions of events's triggers: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a trigger here; a new numbered migration only for what cannot be replaced in place (a new signature or
-- return type: drop it there first; a table or column it needs).

create or replace trigger outbox_notify after insert on events.outbox
  for each statement execute function events.notify_outbox();
