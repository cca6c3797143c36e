-- Published for the reports service (issue 12): a program's budget items as their receipts name them. An LPJ's
-- receipt (a `kuitansi` attachment, report_service.lpj_attachments.budget_item_id) names the budget item it is
-- the receipt for, instead of the item holding a bare URL; the LPJ lists each receipt with its item. To whoever
-- may ask about the program's organization (a member, a service).

grant select (id, description) on program_service.budget_items to program_service_definer;

create function program_service.budget_items_of(program uuid)
  returns table (id uuid, kind text, category text, description text)
  language sql stable security definer set search_path = '' as $$
    select b.id, b.kind, b.category, b.description
    from program_service.budget_items b join program_service.programs p on p.id = b.program_id
    where b.program_id = program and organization_service.caller_may_ask(p.organization_id)
  $$;
alter function program_service.budget_items_of(uuid) owner to program_service_definer;
revoke all on function program_service.budget_items_of(uuid) from public;
grant execute on function program_service.budget_items_of(uuid) to authenticated, service_role;
