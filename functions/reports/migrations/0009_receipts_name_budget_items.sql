-- A receipt names the budget item it is for (issue 12: "budget items link their receipts here instead of a bare
-- URL"). A `kuitansi` attachment may name one of its program's budget items (program_service.budget_items_of,
-- the programs contract); the LPJ lists the receipt with its item, and the budget item shows its receipts. The
-- reference points down (reports to programs); removing the item leaves the receipt, unlinked.

alter table report_service.lpj_attachments
  add column budget_item_id uuid,
  add constraint lpj_attachments_receipt check (budget_item_id is null or kind = 'kuitansi');
create index lpj_attachments_budget_item on report_service.lpj_attachments (budget_item_id)
  where budget_item_id is not null;
grant insert (budget_item_id) on report_service.lpj_attachments to authenticated;
grant update (budget_item_id) on report_service.lpj_attachments to authenticated;

-- The item is one of the attachment's program's (checked as the caller, who may ask about the program).
create function report_service.lpj_receipt_check()
  returns trigger language plpgsql set search_path = '' as $$
begin
  if new.budget_item_id is not null and (tg_op = 'INSERT' or new.budget_item_id is distinct from old.budget_item_id)
     and not exists (select 1 from program_service.budget_items_of(new.program_id) b
                     where b.id = new.budget_item_id) then
    raise exception 'budget item % is not an item of program %', new.budget_item_id, new.program_id
      using errcode = 'foreign_key_violation';
  end if;
  return new;
end
$$;
revoke all on function report_service.lpj_receipt_check() from public;
grant execute on function report_service.lpj_receipt_check() to authenticated, service_role;
create trigger lpj_receipt_check before insert or update of budget_item_id on report_service.lpj_attachments
  for each row execute function report_service.lpj_receipt_check();
