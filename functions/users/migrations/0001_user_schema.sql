-- The users service: profiles and settings. Only the users service's functions touch these tables.
-- Who shares an organization with whom comes from organization_service's published SQL contract
-- (infra/migrate.py applies orgs before users, so those functions exist when these policies are made).

create schema if not exists user_service;
grant usage on schema user_service to authenticated, service_role;

-- What a fellow member of one of my organizations may read about me (GET /users/{id}, member search).
create table user_service.profiles (
  user_id uuid primary key,  -- the account's id (auth_service.users.id or Supabase's), not a foreign key
  email text check (email = lower(email) and char_length(email) between 3 and 320),
  display_name text not null check (char_length(display_name) between 1 and 200),
  avatar_url text check (avatar_url ~ '^https?://' and char_length(avatar_url) <= 2000),
  faculty text check (char_length(faculty) between 1 and 200),
  study_program text check (char_length(study_program) between 1 and 200),
  bio text check (char_length(bio) <= 1000),
  version integer not null default 1,  -- the ETag: every change adds one
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- What only I may read: in a table of its own, so RLS (not only the service) keeps it from my
-- fellow members, who may read my row of profiles.
create table user_service.private_details (
  user_id uuid primary key references user_service.profiles (user_id) on delete cascade,
  phone text check (phone ~ '^\+?[0-9]{8,15}$'),
  student_number text check (student_number ~ '^[A-Za-z0-9./-]{3,30}$')
);

create table user_service.settings (
  user_id uuid primary key,
  language text not null default 'id' check (language in ('id', 'en')),
  time_zone text not null default 'Asia/Jakarta' check (char_length(time_zone) between 1 and 64),
  -- {"<kind>": {"in_app": bool, "email": bool, "chat": bool}, ...}; the service fills in defaults
  notifications jsonb not null default '{}' check (jsonb_typeof(notifications) = 'object'),
  daily_digest boolean not null default false,
  version integer not null default 1,
  updated_at timestamptz not null default now()
);

alter table user_service.profiles enable row level security;
alter table user_service.profiles force row level security;
alter table user_service.private_details enable row level security;
alter table user_service.private_details force row level security;
alter table user_service.settings enable row level security;
alter table user_service.settings force row level security;

-- profiles: I read mine and those of people who share an active membership of an organization with
-- me; I create mine (with the e-mail address of my token) and edit mine.
create policy profiles_read on user_service.profiles for select to authenticated
  using (user_id = (select auth.uid())
         or organization_service.shares_organization((select auth.uid()), user_id));
create policy profiles_create_own on user_service.profiles for insert to authenticated
  with check (user_id = (select auth.uid())
              and email is not distinct from nullif(lower((select auth.jwt()) ->> 'email'), ''));
create policy profiles_update_own on user_service.profiles for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));

-- private details and settings: mine only
create policy private_details_own on user_service.private_details for all to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy settings_own on user_service.settings for all to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));

grant select, insert on user_service.profiles to authenticated;
grant update (display_name, avatar_url, faculty, study_program, bio, version, updated_at)
  on user_service.profiles to authenticated;
grant select, insert, update on user_service.private_details, user_service.settings to authenticated;
-- service-only routes (PUT /users/internal/profiles/{id}, called by the auth service) run as service_role
grant select, insert, update on user_service.profiles to service_role;
