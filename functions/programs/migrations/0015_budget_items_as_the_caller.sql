-- A review found program_service.budget_items_of (0014) telling every member of the organization each budget item's
-- kind, category and description, while the budget's own policy (budget_items_read, may_see_budget) shows them only
-- to the board, sekretaris, bendahara, pembina and those who enter the budget: not to anggota. It now reads as the
-- caller, under that policy: a receipt's budget item is named to whoever may see the budget (and to services, which
-- store an approved LPJ), and an anggota reading an LPJ draft sees its receipts without their items, as they see no
-- budget items anywhere else.

create or replace function program_service.budget_items_of(program uuid)
  returns table (id uuid, kind text, category text, description text)
  language sql stable security invoker set search_path = '' as $$
    select b.id, b.kind, b.category, b.description
    from program_service.budget_items b
    where b.program_id = program
  $$;
