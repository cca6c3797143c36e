-- What hangs off a program besides its milestones (0003): its committee (panitia) and its budget
-- items; and the program service's own entries in the activity log (0003's record_activity), written
-- by triggers for programs, committee, milestones and budget items.
--
-- Who may do what follows DOMAIN.md's permission table, in the program's period:
-- - committee: members of the organization read; the program's editors (program_service.can_edit)
--   write while it is not final and its period is open (0003's may_edit_program);
-- - budget items ("budget items" row): ketua, wakil ketua, sekretaris, bendahara and pembina see them;
--   the heads (kepala / wakil kepala departemen) of the program's department and its PJ see and enter
--   them; the bendahara verifies them; anggota (and heads of other departments) do not see them.
-- A program in a final status, or of a finished period, takes no changes, with one exception for its
-- accountability report (LPJ): while a program is `selesai`, its budget items still take their actual
-- amount and receipt, and the bendahara still verifies them (nothing else: no new items, no planned
-- changes).

-- ---------------------------------------------------------------------------------------------
-- The committee (panitia): a member of the program's period with a committee role, once per program.
create table program_service.committee_members (
  program_id uuid not null,
  organization_id uuid not null,
  user_id uuid not null,
  committee_role text not null check (char_length(committee_role) between 1 and 100),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (program_id, user_id),
  foreign key (program_id, organization_id) references program_service.programs (id, organization_id)
    on delete cascade
);

-- A committee member is an active member of the program's organization in the program's period
-- (organization_service's contract); they stay on their program.
create function program_service.committee_before_write()
  returns trigger language plpgsql set search_path = '' as $$
declare
  period uuid;
begin
  if tg_op = 'UPDATE' then
    if new.program_id <> old.program_id or new.organization_id <> old.organization_id
       or new.user_id <> old.user_id then
      raise exception 'a committee member stays on their program' using errcode = 'check_violation';
    end if;
    new.created_at := old.created_at;
    new.updated_at := now();
  end if;
  select p.period_id into period from program_service.programs p where p.id = new.program_id;
  if period is null then
    raise exception 'no such program' using errcode = 'insufficient_privilege';
  end if;
  if organization_service.member_role(new.organization_id, new.user_id, period) is null then
    raise exception 'a committee member must be an active member of the program''s period'
      using errcode = 'check_violation';
  end if;
  return new;
end
$$;
create trigger committee_before_write before insert or update on program_service.committee_members
  for each row execute function program_service.committee_before_write();

alter table program_service.committee_members enable row level security;
alter table program_service.committee_members force row level security;
create policy committee_read on program_service.committee_members for select to authenticated
  using (organization_service.is_member(organization_id));
create policy committee_insert on program_service.committee_members for insert to authenticated
  with check (program_service.may_edit_program(program_id));
create policy committee_update on program_service.committee_members for update to authenticated
  using (program_service.may_edit_program(program_id)) with check (program_service.may_edit_program(program_id));
create policy committee_delete on program_service.committee_members for delete to authenticated
  using (program_service.may_edit_program(program_id));
grant select, insert, update, delete on program_service.committee_members to authenticated;
grant select on program_service.committee_members to service_role;

-- ---------------------------------------------------------------------------------------------
-- Budget items: income (pemasukan) by source and expenses (pengeluaran) by item, planned as
-- quantity x unit price (exact rupiah, computed by the database), realized as the actual amount.
create table program_service.budget_items (
  id uuid primary key default gen_random_uuid(),
  program_id uuid not null,
  organization_id uuid not null,
  kind text not null check (kind in ('pemasukan', 'pengeluaran')),
  category text not null check (char_length(category) between 1 and 200),
  description text check (char_length(description) <= 2000),
  quantity numeric(12, 2) not null default 1 check (quantity > 0),
  unit text check (char_length(unit) between 1 and 50),
  unit_price numeric(14, 2) not null check (unit_price >= 0),
  planned_amount numeric(14, 2) generated always as (round(quantity * unit_price, 2)) stored,
  actual_amount numeric(14, 2) check (actual_amount >= 0),
  receipt_url text check (char_length(receipt_url) <= 2000 and receipt_url ~ '^https?://[^[:space:]]+$'),
  verified_by uuid,
  verified_at timestamptz,
  version integer not null default 1,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint budget_items_verification check ((verified_by is null) = (verified_at is null)),
  foreign key (program_id, organization_id) references program_service.programs (id, organization_id)
    on delete cascade
);
create index budget_items_program on program_service.budget_items (program_id, kind, created_at, id);

-- DOMAIN.md's "budget items" row, for the caller, in the program's period.
-- Enter: a head of the program's department, or its PJ while an active member.
create function program_service.enters_budget(org uuid, period uuid, department uuid, pic uuid)
  returns boolean language sql stable set search_path = '' as $$
    select (department is not null
            and department in (select organization_service.departments_headed(org, null, period)))
        or (pic = (select auth.uid()) and organization_service.my_role(org, period) is not null)
  $$;

-- See: the board, sekretaris, bendahara and pembina, and those who enter it. Not anggota.
create function program_service.sees_budget(org uuid, period uuid, department uuid, pic uuid)
  returns boolean language sql stable set search_path = '' as $$
    select organization_service.has_role(org, array['ketua', 'wakil_ketua', 'sekretaris', 'bendahara', 'pembina'],
                                         period)
        or program_service.enters_budget(org, period, department, pic)
  $$;

create function program_service.may_see_budget(program uuid)
  returns boolean language sql stable set search_path = '' as $$
    select exists (select 1 from program_service.programs p
                   where p.id = program
                     and program_service.sees_budget(p.organization_id, p.period_id, p.department_id,
                                                     p.person_in_charge))
  $$;

-- Plan (add, change what is planned, remove): those who enter it, while the program is not final
-- and its period open.
create function program_service.may_plan_budget(program uuid)
  returns boolean language sql stable set search_path = '' as $$
    select exists (select 1 from program_service.programs p
                   where p.id = program and p.status not in ('selesai', 'dibatalkan', 'ditolak')
                     and organization_service.period_is_open(p.period_id)
                     and program_service.enters_budget(p.organization_id, p.period_id, p.department_id,
                                                       p.person_in_charge))
  $$;

-- Realize (the actual amount and the receipt): as planning, and also once the program is `selesai`.
create function program_service.may_realize_budget(program uuid)
  returns boolean language sql stable set search_path = '' as $$
    select exists (select 1 from program_service.programs p
                   where p.id = program and p.status not in ('dibatalkan', 'ditolak')
                     and organization_service.period_is_open(p.period_id)
                     and program_service.enters_budget(p.organization_id, p.period_id, p.department_id,
                                                       p.person_in_charge))
  $$;

-- Verify: the bendahara of the program's period, also once the program is `selesai`.
create function program_service.may_verify_budget(program uuid)
  returns boolean language sql stable set search_path = '' as $$
    select exists (select 1 from program_service.programs p
                   where p.id = program and p.status not in ('dibatalkan', 'ditolak')
                     and organization_service.period_is_open(p.period_id)
                     and organization_service.has_role(p.organization_id, array['bendahara'], p.period_id))
  $$;

-- What the policies cannot see (they do not know the old row): the owner columns never change; the
-- planned part changes only while the budget may be planned, the actual part only by those who enter
-- it; verification is the bendahara's, in their own name, stamped now; a change of any amount (kind,
-- quantity, unit price, actual amount, receipt) clears the verification; version and updated_at move.
create function program_service.budget_items_before_update()
  returns trigger language plpgsql set search_path = '' as $$
declare
  planned_changed boolean := (new.kind, new.category, new.description, new.quantity, new.unit, new.unit_price)
    is distinct from (old.kind, old.category, old.description, old.quantity, old.unit, old.unit_price);
  realized_changed boolean := (new.actual_amount, new.receipt_url) is distinct from (old.actual_amount, old.receipt_url);
  verification_changed boolean := (new.verified_by, new.verified_at) is distinct from (old.verified_by, old.verified_at);
  amounts_changed boolean := (new.kind, new.quantity, new.unit_price, new.actual_amount, new.receipt_url)
    is distinct from (old.kind, old.quantity, old.unit_price, old.actual_amount, old.receipt_url);
begin
  if new.id <> old.id or new.program_id <> old.program_id or new.organization_id <> old.organization_id
     or new.created_by <> old.created_by or new.created_at <> old.created_at then
    raise exception 'a budget item stays on its program, with its creator' using errcode = 'check_violation';
  end if;
  if (planned_changed or realized_changed) and not program_service.may_realize_budget(new.program_id) then
    raise exception 'only the heads of the program''s department and its PJ change its budget items'
      using errcode = 'insufficient_privilege';
  end if;
  if planned_changed and not program_service.may_plan_budget(new.program_id) then
    raise exception 'a finished program''s budget items take only actual amounts, receipts and verification'
      using errcode = 'object_not_in_prerequisite_state';
  end if;
  if verification_changed then
    if not program_service.may_verify_budget(new.program_id) then
      raise exception 'only the bendahara of the program''s period verifies its budget items'
        using errcode = 'insufficient_privilege';
    end if;
    if new.verified_by is distinct from (select auth.uid()) and new.verified_by is not null then
      raise exception 'a bendahara verifies in their own name' using errcode = 'insufficient_privilege';
    end if;
    new.verified_at := case when new.verified_by is not null then now() end;
  end if;
  if amounts_changed then
    new.verified_by := null;
    new.verified_at := null;
  end if;
  new.version := old.version + 1;
  new.updated_at := now();
  return new;
end
$$;
create trigger budget_items_before_update before update on program_service.budget_items
  for each row execute function program_service.budget_items_before_update();

alter table program_service.budget_items enable row level security;
alter table program_service.budget_items force row level security;
create policy budget_items_read on program_service.budget_items for select to authenticated
  using (program_service.may_see_budget(program_id));
create policy budget_items_insert on program_service.budget_items for insert to authenticated
  with check (version = 1 and verified_by is null and verified_at is null and created_by = (select auth.uid())
              and program_service.may_plan_budget(program_id));
create policy budget_items_update on program_service.budget_items for update to authenticated
  using (program_service.may_realize_budget(program_id) or program_service.may_verify_budget(program_id))
  with check (program_service.may_realize_budget(program_id) or program_service.may_verify_budget(program_id));
create policy budget_items_delete on program_service.budget_items for delete to authenticated
  using (program_service.may_plan_budget(program_id));
grant select, insert, update, delete on program_service.budget_items to authenticated;
grant select on program_service.budget_items to service_role;

-- A member who may not see a program's budget is told so (403) rather than that an item does not exist:
-- the item's program, for members of its organization only; nothing else of it.
create policy definer_finds_program on program_service.budget_items for select to program_service_definer
  using (true);
grant select (id, program_id, organization_id) on program_service.budget_items to program_service_definer;
create function program_service.budget_item_program(item uuid)
  returns uuid language sql stable security definer set search_path = '' as $$
    select b.program_id from program_service.budget_items b
    where b.id = item and organization_service.caller_may_ask(b.organization_id)
  $$;
alter function program_service.budget_item_program(uuid) owner to program_service_definer;

revoke all on function program_service.committee_before_write(), program_service.enters_budget(uuid, uuid, uuid, uuid),
  program_service.sees_budget(uuid, uuid, uuid, uuid), program_service.may_see_budget(uuid),
  program_service.may_plan_budget(uuid), program_service.may_realize_budget(uuid),
  program_service.may_verify_budget(uuid), program_service.budget_items_before_update(),
  program_service.budget_item_program(uuid) from public;
grant execute on function program_service.committee_before_write(),
  program_service.enters_budget(uuid, uuid, uuid, uuid), program_service.sees_budget(uuid, uuid, uuid, uuid),
  program_service.may_see_budget(uuid), program_service.may_plan_budget(uuid),
  program_service.may_realize_budget(uuid), program_service.may_verify_budget(uuid),
  program_service.budget_items_before_update(), program_service.budget_item_program(uuid)
  to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- The activity log: triggers owned by the writer report who did what (record_activity takes the
-- actor from the request's claims). Summaries are short and Indonesian; a budget item's summary
-- names only its kind, since members who may not see the budget read the log too.
create function program_service.program_activity()
  returns trigger language plpgsql security definer set search_path = '' as $$
declare
  changed text[];
begin
  if tg_op = 'INSERT' then
    perform program_service.record_activity(new.id, 'program.created', 'program', new.id,
                                            format('Membuat program "%s"', new.name));
  elsif new.status <> old.status then
    perform program_service.record_activity(new.id, 'program.status_changed', 'program', new.id,
                                            format('Mengubah status dari %s menjadi %s', old.status, new.status));
  else
    select array_agg(n.key order by n.key) into changed
    from jsonb_each(to_jsonb(new)) n
    where n.key not in ('version', 'updated_at') and n.value is distinct from to_jsonb(old) -> n.key;
    if changed is not null then
      perform program_service.record_activity(new.id, 'program.updated', 'program', new.id,
                                              'Mengubah program: ' || array_to_string(changed, ', '));
    end if;
  end if;
  return null;
end
$$;
create trigger programs_record_activity after insert or update on program_service.programs
  for each row execute function program_service.program_activity();

create function program_service.committee_activity()
  returns trigger language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    perform program_service.record_activity(new.program_id, 'committee.member_added', 'committee_member',
                                            new.user_id, format('Menambahkan anggota panitia sebagai "%s"',
                                                                new.committee_role));
  elsif tg_op = 'UPDATE' then
    if new.committee_role <> old.committee_role then
      perform program_service.record_activity(new.program_id, 'committee.role_changed', 'committee_member',
                                              new.user_id, format('Mengubah peran panitia dari "%s" menjadi "%s"',
                                                                  old.committee_role, new.committee_role));
    end if;
  else
    perform program_service.record_activity(old.program_id, 'committee.member_removed', 'committee_member',
                                            old.user_id, format('Mengeluarkan anggota panitia ("%s")',
                                                                old.committee_role));
  end if;
  return null;
end
$$;
create trigger committee_record_activity after insert or update or delete on program_service.committee_members
  for each row execute function program_service.committee_activity();

create function program_service.milestone_activity()
  returns trigger language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    perform program_service.record_activity(new.program_id, 'milestone.created', 'milestone', new.id,
                                            format('Membuat milestone "%s"', new.name));
  elsif tg_op = 'DELETE' then
    perform program_service.record_activity(old.program_id, 'milestone.deleted', 'milestone', old.id,
                                            format('Menghapus milestone "%s"', old.name));
  elsif old.done_at is null and new.done_at is not null then
    perform program_service.record_activity(new.program_id, 'milestone.done', 'milestone', new.id,
                                            format('Menandai milestone "%s" selesai', new.name));
  elsif old.done_at is not null and new.done_at is null then
    perform program_service.record_activity(new.program_id, 'milestone.reopened', 'milestone', new.id,
                                            format('Membuka kembali milestone "%s"', new.name));
  elsif (new.name, new.due_date, new.position) is distinct from (old.name, old.due_date, old.position) then
    perform program_service.record_activity(new.program_id, 'milestone.updated', 'milestone', new.id,
                                            format('Mengubah milestone "%s"', new.name));
  end if;
  return null;
end
$$;
create trigger milestones_record_activity after insert or update or delete on program_service.milestones
  for each row execute function program_service.milestone_activity();

create function program_service.budget_item_activity()
  returns trigger language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    perform program_service.record_activity(new.program_id, 'budget_item.created', 'budget_item', new.id,
                                            format('Menambahkan item anggaran (%s)', new.kind));
  elsif tg_op = 'DELETE' then
    perform program_service.record_activity(old.program_id, 'budget_item.deleted', 'budget_item', old.id,
                                            format('Menghapus item anggaran (%s)', old.kind));
  elsif old.verified_by is null and new.verified_by is not null then
    perform program_service.record_activity(new.program_id, 'budget_item.verified', 'budget_item', new.id,
                                            format('Memverifikasi item anggaran (%s)', new.kind));
  elsif (new.kind, new.category, new.description, new.quantity, new.unit, new.unit_price, new.actual_amount,
         new.receipt_url) is distinct from (old.kind, old.category, old.description, old.quantity, old.unit,
                                            old.unit_price, old.actual_amount, old.receipt_url) then
    perform program_service.record_activity(new.program_id, 'budget_item.updated', 'budget_item', new.id,
                                            format('Mengubah item anggaran (%s)%s', new.kind,
                                                   case when old.verified_by is not null and new.verified_by is null
                                                        then '; verifikasinya gugur' else '' end));
  elsif old.verified_by is not null and new.verified_by is null then
    perform program_service.record_activity(new.program_id, 'budget_item.unverified', 'budget_item', new.id,
                                            format('Mencabut verifikasi item anggaran (%s)', new.kind));
  end if;
  return null;
end
$$;
create trigger budget_items_record_activity after insert or update or delete on program_service.budget_items
  for each row execute function program_service.budget_item_activity();

alter function program_service.program_activity() owner to program_service_writer;
alter function program_service.committee_activity() owner to program_service_writer;
alter function program_service.milestone_activity() owner to program_service_writer;
alter function program_service.budget_item_activity() owner to program_service_writer;
revoke all on function program_service.program_activity(), program_service.committee_activity(),
  program_service.milestone_activity(), program_service.budget_item_activity() from public;
grant execute on function program_service.program_activity(), program_service.committee_activity(),
  program_service.milestone_activity(), program_service.budget_item_activity() to authenticated, service_role;
