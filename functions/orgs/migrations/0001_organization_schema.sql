-- The organization service: organizations, periods of office, departments, memberships (the only
-- place a role lives) and invitations. Other services use only the SQL contract at the end.

create schema if not exists organization_service;
grant usage on schema organization_service to authenticated, service_role;

-- Owner of the contract functions: they read memberships whatever the caller may see (policies on
-- these very tables call them), so they run as this role, which RLS lets read and nothing else.
select public.ensure_service_role('organization_service_definer');
-- create: owning the contract functions needs it where the migration user is no superuser (Supabase)
grant usage, create on schema organization_service to organization_service_definer;

create table organization_service.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 200),
  short_name text check (char_length(short_name) between 1 and 40),
  type text not null check (type in ('bem', 'dpm', 'hima', 'ukm', 'osis', 'other')),
  institution text check (char_length(institution) <= 200),
  faculty text check (char_length(faculty) <= 200),
  study_program text check (char_length(study_program) <= 200),
  logo_url text check (char_length(logo_url) <= 2000),
  description text check (char_length(description) <= 5000),
  time_zone text not null default 'Asia/Jakarta',
  discord_webhook_url text check (char_length(discord_webhook_url) <= 2000),
  slack_webhook_url text check (char_length(slack_webhook_url) <= 2000),
  archived_at timestamptz,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1
);

create table organization_service.periods (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organization_service.organizations (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 200),
  starts_on date not null,
  ends_on date not null,
  status text not null default 'draft' check (status in ('draft', 'aktif', 'selesai')),
  created_at timestamptz not null default now(),
  constraint periods_dates check (ends_on > starts_on)
);
-- one active period per organization; deferred, so that activating the next period and finishing
-- the current one happen in one statement
alter table organization_service.periods add constraint periods_one_active
  exclude using btree (organization_id with =) where (status = 'aktif') deferrable initially deferred;
create index periods_organization on organization_service.periods (organization_id);

create table organization_service.departments (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organization_service.organizations (id) on delete cascade,
  period_id uuid not null references organization_service.periods (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 200),
  code text not null check (code ~ '^[A-Za-z0-9_-]{1,20}$'),
  description text check (char_length(description) <= 5000),
  is_core boolean not null default false,
  head_user_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint departments_code_unique unique (period_id, code)
);
create index departments_period on organization_service.departments (period_id);

create table organization_service.memberships (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organization_service.organizations (id) on delete cascade,
  period_id uuid not null references organization_service.periods (id) on delete cascade,
  user_id uuid not null,
  department_id uuid references organization_service.departments (id) on delete restrict,
  role text not null check (role in ('ketua', 'wakil_ketua', 'sekretaris', 'bendahara', 'kepala_departemen',
                                     'wakil_kepala_departemen', 'anggota', 'pembina')),
  position_title text check (char_length(position_title) <= 200),
  active boolean not null default true,
  joined_at timestamptz not null default now(),
  left_at timestamptz,
  constraint memberships_one_per_period unique (period_id, user_id)
);
create index memberships_user on organization_service.memberships (user_id) where active;
create index memberships_org_period on organization_service.memberships (organization_id, period_id);

create table organization_service.invitations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organization_service.organizations (id) on delete cascade,
  period_id uuid not null references organization_service.periods (id) on delete cascade,
  email text check (email = lower(email)),
  code text unique,
  role text not null check (role in ('ketua', 'wakil_ketua', 'sekretaris', 'bendahara', 'kepala_departemen',
                                     'wakil_kepala_departemen', 'anggota', 'pembina')),
  department_id uuid references organization_service.departments (id) on delete cascade,
  position_title text check (char_length(position_title) <= 200),
  expires_at timestamptz not null,
  max_uses integer not null default 1 check (max_uses between 1 and 1000),
  uses integer not null default 0,
  revoked_at timestamptz,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  constraint invitations_email_or_code check ((email is null) <> (code is null)),
  constraint invitations_uses check (uses <= max_uses)
);
create index invitations_email on organization_service.invitations (email) where revoked_at is null;

create table organization_service.invitation_responses (
  invitation_id uuid not null references organization_service.invitations (id) on delete cascade,
  user_id uuid not null,
  response text not null check (response in ('accepted', 'declined')),
  responded_at timestamptz not null default now(),
  primary key (invitation_id, user_id)
);

-- ---------------------------------------------------------------------------------------------
-- The contract: what other services (and this service's own policies) may call.
-- A role is held in a period; ``period`` null means the organization's active period.
--
-- Functions that must read memberships whatever the caller may see are SECURITY DEFINER, owned by
-- organization_service_definer, and take the user explicitly. The caller's own variants
-- (my_role, has_role, ...) run as the caller and pass auth.uid() along.

create function organization_service.member_role(org uuid, member uuid, period uuid default null)
  returns text language sql stable security definer set search_path = '' as $$
    select m.role from organization_service.memberships m
    join organization_service.periods p on p.id = m.period_id
    where m.organization_id = org and m.user_id = member and m.active
      and (p.id = period or (period is null and p.status = 'aktif'))
  $$;

-- a member of any period of the organization, active or past (the next board reads history)
create function organization_service.is_member_of(org uuid, member uuid)
  returns boolean language sql stable security definer set search_path = '' as $$
    select exists (select 1 from organization_service.memberships m
                   where m.organization_id = org and m.user_id = member)
  $$;

create function organization_service.departments_headed_by(org uuid, member uuid, period uuid default null)
  returns setof uuid language sql stable security definer set search_path = '' as $$
    select m.department_id from organization_service.memberships m
    join organization_service.periods p on p.id = m.period_id
    where m.organization_id = org and m.user_id = member and m.active
      and m.role in ('kepala_departemen', 'wakil_kepala_departemen') and m.department_id is not null
      and (p.id = period or (period is null and p.status = 'aktif'))
  $$;

create function organization_service.organizations_of(member uuid)
  returns setof uuid language sql stable security definer set search_path = '' as $$
    select distinct m.organization_id from organization_service.memberships m where m.user_id = member
  $$;

create function organization_service.shares_organization(a uuid, b uuid)
  returns boolean language sql stable security definer set search_path = '' as $$
    select exists (select 1 from organization_service.memberships x
                   join organization_service.memberships y on y.organization_id = x.organization_id
                   where x.user_id = a and y.user_id = b and x.active and y.active)
  $$;

create function organization_service.period_is_open(period uuid)
  returns boolean language sql stable security definer set search_path = '' as $$
    select exists (select 1 from organization_service.periods p where p.id = period and p.status <> 'selesai')
  $$;

-- (used by this service's own policies, where the caller cannot see the rows yet)
create function organization_service.has_any_member(org uuid)
  returns boolean language sql stable security definer set search_path = '' as $$
    select exists (select 1 from organization_service.memberships m where m.organization_id = org)
  $$;

-- The caller's own variants.
create function organization_service.my_role(org uuid, period uuid default null)
  returns text language sql stable set search_path = '' as $$
    select organization_service.member_role(org, (select auth.uid()), period)
  $$;

create function organization_service.is_member(org uuid, member uuid default null)
  returns boolean language sql stable set search_path = '' as $$
    select organization_service.is_member_of(org, coalesce(member, (select auth.uid())))
  $$;

create function organization_service.has_role(org uuid, roles text[], period uuid default null)
  returns boolean language sql stable set search_path = '' as $$
    select coalesce(organization_service.member_role(org, (select auth.uid()), period) = any (roles), false)
  $$;

create function organization_service.departments_headed(org uuid, member uuid default null,
                                                        period uuid default null)
  returns setof uuid language sql stable set search_path = '' as $$
    select organization_service.departments_headed_by(org, coalesce(member, (select auth.uid())), period)
  $$;

create function organization_service.my_organizations()
  returns setof uuid language sql stable set search_path = '' as $$
    select organization_service.organizations_of((select auth.uid()))
  $$;

-- May the caller manage period ``period``'s data? It must not be finished, and the caller must hold
-- one of ``roles`` in it or in the active period (the sitting board prepares the next period).
create function organization_service.can_manage(org uuid, period uuid, roles text[])
  returns boolean language sql stable set search_path = '' as $$
    select organization_service.period_is_open(period)
       and (organization_service.has_role(org, roles, period) or organization_service.has_role(org, roles))
  $$;

do $$
declare fn text;
begin
  foreach fn in array array[
    'member_role(uuid, uuid, uuid)', 'is_member_of(uuid, uuid)', 'departments_headed_by(uuid, uuid, uuid)',
    'organizations_of(uuid)', 'shares_organization(uuid, uuid)', 'period_is_open(uuid)',
    'has_any_member(uuid)']
  loop
    execute format('alter function organization_service.%s owner to organization_service_definer', fn);
  end loop;
  foreach fn in array array[
    'member_role(uuid, uuid, uuid)', 'is_member_of(uuid, uuid)', 'departments_headed_by(uuid, uuid, uuid)',
    'organizations_of(uuid)', 'shares_organization(uuid, uuid)', 'period_is_open(uuid)',
    'has_any_member(uuid)', 'my_role(uuid, uuid)', 'is_member(uuid, uuid)', 'has_role(uuid, text[], uuid)',
    'departments_headed(uuid, uuid, uuid)', 'my_organizations()', 'can_manage(uuid, uuid, text[])']
  loop
    execute format('revoke all on function organization_service.%s from public', fn);
    execute format('grant execute on function organization_service.%s to authenticated, service_role', fn);
  end loop;
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Row level security: the permission table of DOMAIN.md, the second wall behind the service.
alter table organization_service.organizations enable row level security;
alter table organization_service.organizations force row level security;
alter table organization_service.periods enable row level security;
alter table organization_service.periods force row level security;
alter table organization_service.departments enable row level security;
alter table organization_service.departments force row level security;
alter table organization_service.memberships enable row level security;
alter table organization_service.memberships force row level security;
alter table organization_service.invitations enable row level security;
alter table organization_service.invitations force row level security;
alter table organization_service.invitation_responses enable row level security;
alter table organization_service.invitation_responses force row level security;

-- the contract functions' owner reads what they need
create policy definer_reads on organization_service.memberships for select to organization_service_definer
  using (true);
create policy definer_reads on organization_service.periods for select to organization_service_definer
  using (true);
grant select on organization_service.memberships, organization_service.periods to organization_service_definer;

-- organizations: members read; anyone signed in creates (as its creator); ketua/wakil edit
create policy organizations_read on organization_service.organizations for select to authenticated
  using (organization_service.is_member(id) or created_by = (select auth.uid()));
create policy organizations_create on organization_service.organizations for insert to authenticated
  with check (created_by = (select auth.uid()));
create policy organizations_update on organization_service.organizations for update to authenticated
  using (organization_service.has_role(id, array['ketua', 'wakil_ketua']))
  with check (organization_service.has_role(id, array['ketua', 'wakil_ketua']));

-- periods and departments: members read; ketua/wakil manage (the creator bootstraps the first period)
create policy periods_read on organization_service.periods for select to authenticated
  using (organization_service.is_member(organization_id));
create policy periods_manage on organization_service.periods for all to authenticated
  using (organization_service.has_role(organization_id, array['ketua', 'wakil_ketua'])
         or organization_service.has_role(organization_id, array['ketua', 'wakil_ketua'], id))
  with check (organization_service.has_role(organization_id, array['ketua', 'wakil_ketua'])
              or organization_service.has_role(organization_id, array['ketua', 'wakil_ketua'], id)
              or exists (select 1 from organization_service.organizations o
                         where o.id = periods.organization_id and o.created_by = (select auth.uid())
                           and not organization_service.has_any_member(o.id)));
create policy departments_read on organization_service.departments for select to authenticated
  using (organization_service.is_member(organization_id));
create policy departments_manage on organization_service.departments for all to authenticated
  using (organization_service.can_manage(organization_id, period_id, array['ketua', 'wakil_ketua']))
  with check (organization_service.can_manage(organization_id, period_id, array['ketua', 'wakil_ketua']));

-- memberships: members read; ketua/wakil/sekretaris manage; a member may leave (update own row);
-- the creator's first ketua membership; an invitee's own membership when accepting (checked by the
-- service against the invitation, and here against a live invitation for that role)
create policy memberships_read on organization_service.memberships for select to authenticated
  using (organization_service.is_member(organization_id));
create policy memberships_manage on organization_service.memberships for update to authenticated
  using (organization_service.can_manage(organization_id, period_id, array['ketua', 'wakil_ketua', 'sekretaris'])
         or user_id = (select auth.uid()))
  with check (organization_service.can_manage(organization_id, period_id, array['ketua', 'wakil_ketua', 'sekretaris'])
              or (user_id = (select auth.uid()) and not active));
create policy memberships_first_ketua on organization_service.memberships for insert to authenticated
  with check (user_id = (select auth.uid()) and role = 'ketua'
              and exists (select 1 from organization_service.organizations o
                          where o.id = memberships.organization_id and o.created_by = (select auth.uid()))
              and not organization_service.has_any_member(organization_id));
create policy memberships_by_invitation on organization_service.memberships for insert to authenticated
  with check (user_id = (select auth.uid()) and exists (
    select 1 from organization_service.invitations i
    where i.organization_id = memberships.organization_id and i.period_id = memberships.period_id
      and i.role = memberships.role and i.revoked_at is null and i.expires_at > now() and i.uses < i.max_uses
      and (i.email is null or i.email = lower((select auth.jwt()) ->> 'email'))));
create policy memberships_by_board on organization_service.memberships for insert to authenticated
  with check (organization_service.can_manage(organization_id, period_id, array['ketua', 'wakil_ketua']));

-- invitations: the board (ketua, wakil, sekretaris) manages; an invitee reads those addressed to them
create policy invitations_board on organization_service.invitations for all to authenticated
  using (organization_service.has_role(organization_id, array['ketua', 'wakil_ketua', 'sekretaris']))
  with check (organization_service.has_role(organization_id, array['ketua', 'wakil_ketua', 'sekretaris']));
create policy invitations_invitee on organization_service.invitations for select to authenticated
  using (email = lower((select auth.jwt()) ->> 'email'));
create policy responses_own on organization_service.invitation_responses for all to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));

grant select, insert, update on organization_service.organizations to authenticated;
grant select, insert, update, delete on organization_service.periods, organization_service.departments
  to authenticated;
grant select, insert, update on organization_service.memberships to authenticated;
grant select, insert, update, delete on organization_service.invitations to authenticated;
grant select, insert on organization_service.invitation_responses to authenticated;
grant select on all tables in schema organization_service to service_role;
