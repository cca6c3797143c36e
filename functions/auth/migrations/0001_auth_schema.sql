-- The auth service's schema: users and credentials, sessions, rotating refresh tokens,
-- failed logins (for throttling). Only the auth service's functions touch these tables.

create schema if not exists auth_service;

-- The identity provider's own role, like Supabase's supabase_auth_admin: it runs register,
-- login and refresh (requests that carry no access token yet) and nothing else.
select public.ensure_service_role('auth_service_admin');

grant usage on schema auth_service to authenticated, auth_service_admin;

create table auth_service.users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  name text not null,
  password_hash text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint users_email_lower check (email = lower(email)),
  constraint users_name_length check (char_length(name) between 1 and 200)
);
create unique index users_email_key on auth_service.users (email);

create table auth_service.sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth_service.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  refreshed_at timestamptz,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_reason text,
  user_agent text,
  ip_address inet,
  constraint sessions_revoked_reason check (
    revoked_reason in ('logout', 'revoked', 'password_changed', 'refresh_token_reused')),
  constraint sessions_revoked_together check ((revoked_at is null) = (revoked_reason is null))
);
create index sessions_user_active on auth_service.sessions (user_id) where revoked_at is null;

-- Refresh tokens are stored as SHA-256 hashes; each is used once (rotated_at set on use).
create table auth_service.refresh_tokens (
  token_hash bytea primary key,
  session_id uuid not null references auth_service.sessions (id) on delete cascade,
  issued_at timestamptz not null default now(),
  rotated_at timestamptz
);
create index refresh_tokens_session on auth_service.refresh_tokens (session_id);

create table auth_service.login_failures (
  id bigint generated always as identity primary key,
  email text not null,
  ip_address inet,
  failed_at timestamptz not null default now()
);
create index login_failures_email on auth_service.login_failures (email, failed_at);
create index login_failures_address on auth_service.login_failures (ip_address, failed_at);

-- Row level security, forced even for the tables' owner.
alter table auth_service.users enable row level security;
alter table auth_service.users force row level security;
alter table auth_service.sessions enable row level security;
alter table auth_service.sessions force row level security;
alter table auth_service.refresh_tokens enable row level security;
alter table auth_service.refresh_tokens force row level security;
alter table auth_service.login_failures enable row level security;
alter table auth_service.login_failures force row level security;

-- A signed-in user sees and edits only their own account and sessions.
create policy users_self_read on auth_service.users for select to authenticated
  using (id = (select auth.uid()));
create policy users_self_update on auth_service.users for update to authenticated
  using (id = (select auth.uid())) with check (id = (select auth.uid()));
create policy sessions_self_read on auth_service.sessions for select to authenticated
  using (user_id = (select auth.uid()));
-- revoke only: a revoked session (e.g. for a replayed refresh token) is never revived
create policy sessions_self_revoke on auth_service.sessions for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()) and revoked_at is not null);

-- The identity provider's role works on every row of its own tables.
create policy users_provider on auth_service.users for all to auth_service_admin using (true) with check (true);
create policy sessions_provider on auth_service.sessions for all to auth_service_admin
  using (true) with check (true);
create policy refresh_tokens_provider on auth_service.refresh_tokens for all to auth_service_admin
  using (true) with check (true);
create policy login_failures_provider on auth_service.login_failures for all to auth_service_admin
  using (true) with check (true);

-- never the password hash: changing a password runs as the provider, after checking the old one
grant select (id, email, name, created_at, updated_at) on auth_service.users to authenticated;
grant update (name, updated_at) on auth_service.users to authenticated;
grant select on auth_service.sessions to authenticated;
grant update (revoked_at, revoked_reason) on auth_service.sessions to authenticated;
grant select, insert, update, delete on all tables in schema auth_service to auth_service_admin;

-- Published contract: is this session still active? Runs as the caller, so it answers only
-- for the caller's own sessions (RLS); other services' functions call it on every request.
create function auth_service.session_is_active(session_id uuid) returns boolean
  language sql stable security invoker set search_path = '' as $$
    select exists (
      select 1 from auth_service.sessions s
      where s.id = session_id and s.revoked_at is null and s.expires_at > now())
  $$;
revoke all on function auth_service.session_is_active(uuid) from public;
grant execute on function auth_service.session_is_active(uuid) to authenticated, auth_service_admin;
