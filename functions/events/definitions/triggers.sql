-- The current definitions of events's triggers: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a trigger here; a new numbered migration only for what cannot be replaced in place (a new signature or
-- return type: drop it there first; a table or column it needs).

CREATE OR REPLACE TRIGGER outbox_notify AFTER INSERT ON events.outbox FOR EACH STATEMENT EXECUTE FUNCTION events.notify_outbox();
