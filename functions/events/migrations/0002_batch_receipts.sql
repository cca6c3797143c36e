-- A consumer records the receipts of a whole SQS batch in one statement (issue 14: one transaction a
-- batch instead of one an event): the ids of ``events`` that ``consumer`` had not received yet, each
-- once, recorded now.
create function events.record_receipts(consumer text, events uuid[])
  returns setof uuid language sql volatile set search_path = '' as $$
    insert into events.receipts (consumer, event_id)
    select consumer, e.id from (select distinct unnest(events) as id) e
    on conflict do nothing returning event_id
  $$;
revoke all on function events.record_receipts(text, uuid[]) from public;
grant execute on function events.record_receipts(text, uuid[]) to service_role;
