-- An organization's public program schedule (issue 12, docs/decisions/0022-public-schedule.md): when the
-- board switches it on, anyone may subscribe to the active period's approved programs' dates as a
-- calendar feed, at the address GET /orgs/{id} names.
--
-- public_schedule(org): the organization's name and active period, only while the switch is on and the
-- organization is not archived; else no row. A definer, so it answers whoever asks (the feed's reader is
-- anon, through program_service.public_schedule, which the programs migration grants it to); it tells
-- nothing the feed would not (whether a schedule is public, the organization's and the period's names).

alter table organization_service.organizations add column public_schedule boolean not null default false;
grant update (public_schedule) on organization_service.organizations to authenticated;  -- the board: its policy

grant select (id, name, short_name, archived_at, public_schedule) on organization_service.organizations
  to organization_service_definer;

create function organization_service.public_schedule(org uuid)
  returns table (name text, short_name text, period_id uuid, period_name text)
  language sql stable security definer set search_path = '' as $$
    select o.name, o.short_name, p.id, p.name
    from organization_service.organizations o
    join organization_service.periods p on p.organization_id = o.id and p.status = 'aktif'
    where o.id = org and o.public_schedule and o.archived_at is null
  $$;
alter function organization_service.public_schedule(uuid) owner to organization_service_definer;
revoke all on function organization_service.public_schedule(uuid) from public;
grant execute on function organization_service.public_schedule(uuid) to service_role;
