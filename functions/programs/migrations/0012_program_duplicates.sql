-- Duplicates (POST /programs/{id}/duplicate, docs/decisions/0019-program-duplicates.md): a new draft
-- program made from another one of the same organization, in its period or a later one.
--
-- 1. programs.source_program_id: where a duplicate came from ("based on <program> (<period>)"); null for
--    a program made from scratch, and again once its source is deleted (only drafts are deleted).
-- 2. copy_budget_plan(target): the source's budget plan (kind, category, description, quantity, unit,
--    unit price; never actual amounts, receipts or verification) copied into a new duplicate. Entering
--    budget items is the heads' and the PJ's (DOMAIN.md), so the board could not insert them as itself;
--    this definer does it, only
--    - into a duplicate that is brand new: a draft at version 1 without budget items, made by the caller;
--    - from its own source, of the same organization;
--    - when the caller may see the source's budget (program_service.my_budget_programs, the read rule of
--      budget items): a copy reveals nothing RLS hides. Otherwise nothing is copied (0 items).
--    Milestones are copied by the service as the caller (its creator may edit the draft: milestones_insert).

alter table program_service.programs
  add column source_program_id uuid references program_service.programs (id) on delete set null;
create index programs_source on program_service.programs (source_program_id) where source_program_id is not null;

select public.ensure_service_role('program_service_copier');
grant usage, create on schema program_service to program_service_copier;  -- create: to own copy_budget_plan
grant usage on schema organization_service, auth to program_service_copier;
grant execute on function organization_service.my_memberships(), organization_service.memberships_of(uuid)
  to program_service_copier;
grant execute on function program_service.my_budget_programs() to program_service_copier;
create policy copier_reads on program_service.programs for select to program_service_copier using (true);
grant select (id, organization_id, period_id, department_id, person_in_charge, status, version, created_by,
              source_program_id) on program_service.programs to program_service_copier;
create policy copier_reads on program_service.budget_items for select to program_service_copier using (true);
grant select (id, program_id, organization_id, kind, category, description, quantity, unit, unit_price, created_at)
  on program_service.budget_items to program_service_copier;
create policy copier_inserts on program_service.budget_items for insert to program_service_copier
  with check (version = 1 and verified_by is null and verified_at is null and actual_amount is null
              and receipt_url is null);
grant insert (program_id, organization_id, kind, category, description, quantity, unit, unit_price, created_by,
              created_at) on program_service.budget_items to program_service_copier;

create function program_service.copy_budget_plan(target uuid)
  returns integer language plpgsql volatile security definer set search_path = '' as $$
declare
  me uuid := auth.uid();
  t record;
  copied integer;
begin
  select p.id, p.organization_id, p.source_program_id, p.status, p.version, p.created_by into t
  from program_service.programs p where p.id = target;
  if t.id is null or me is null or t.created_by is distinct from me or t.status <> 'draft' or t.version <> 1
     or t.source_program_id is null
     or exists (select 1 from program_service.budget_items b where b.program_id = target) then
    raise exception 'only a new duplicate takes its source''s budget plan, from the member who made it'
      using errcode = 'insufficient_privilege';
  end if;
  if t.source_program_id not in (select program_service.my_budget_programs()) then
    return 0;
  end if;
  insert into program_service.budget_items (program_id, organization_id, kind, category, description, quantity,
                                            unit, unit_price, created_by, created_at)
  select target, t.organization_id, b.kind, b.category, b.description, b.quantity, b.unit, b.unit_price, me,
         now() + (row_number() over (order by b.kind, b.created_at, b.id)) * interval '1 microsecond'
  from program_service.budget_items b
  where b.program_id = t.source_program_id and b.organization_id = t.organization_id;
  get diagnostics copied = row_count;
  return copied;
end
$$;
alter function program_service.copy_budget_plan(uuid) owner to program_service_copier;
revoke all on function program_service.copy_budget_plan(uuid) from public;
grant execute on function program_service.copy_budget_plan(uuid) to authenticated;
