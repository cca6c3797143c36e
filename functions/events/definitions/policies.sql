-- The current definitions of events's policies: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a policy here; a new numbered migration only for what cannot be replaced in place (a policy no longer wanted:
-- drop it there; a table or column it needs).

drop policy if exists writer_inserts on events.outbox;
create policy writer_inserts on events.outbox for insert to events_writer
  with check (state = 'pending');
