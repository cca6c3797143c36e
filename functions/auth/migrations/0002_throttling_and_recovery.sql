-- Login throttling per (account, address) pair, e-mail verification and password recovery with
-- single-use tokens, and the accounts of an external identity provider (Supabase Auth) as this
-- service has seen them (docs/decisions/0012-login-throttling-and-account-recovery.md).

-- Failures are counted per (account, address) pair now, and per address across accounts only for a
-- generous cap against spraying. The address is the client's IPv4 address or its IPv6 /64.
create index login_failures_pair on auth_service.login_failures (email, ip_address, failed_at);
drop index auth_service.login_failures_email;  -- the pair index serves lookups by account too

-- Verified: the address was proved by following a link sent to it (never by saying so).
alter table auth_service.users add column email_verified_at timestamptz;
grant select (email_verified_at) on auth_service.users to authenticated;

-- Resetting a password through a mailed link ends every session of the account.
alter table auth_service.sessions drop constraint sessions_revoked_reason;
alter table auth_service.sessions add constraint sessions_revoked_reason check (
  revoked_reason in ('logout', 'revoked', 'password_changed', 'password_reset', 'refresh_token_reused'));

-- A request for an e-mail (a password reset link, an address verification link). Inserting one
-- writes an event (0003); the auth service's consumer mints the token and sends the e-mail, so the
-- raw token exists only in that e-mail. Rows also count the requests per account (a cap per hour).
create table auth_service.email_requests (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth_service.users (id) on delete cascade,
  purpose text not null check (purpose in ('password_reset', 'email_verification')),
  requested_at timestamptz not null default now()
);
create index email_requests_user on auth_service.email_requests (user_id, purpose, requested_at);

-- Single-use, time-limited tokens, stored as SHA-256 hashes of 256 random bits (a hash of so much
-- entropy cannot be reversed; a slow hash would add nothing). ``email``: the address it was sent to,
-- which using a verification token proves.
create table auth_service.one_time_tokens (
  token_hash bytea primary key,
  user_id uuid not null references auth_service.users (id) on delete cascade,
  purpose text not null check (purpose in ('password_reset', 'email_verification')),
  email text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  constraint one_time_tokens_lifetime check (expires_at > created_at)
);
create index one_time_tokens_user on auth_service.one_time_tokens (user_id, purpose, created_at);

-- Accounts of the external identity provider (Supabase Auth) this service has seen signed in: the id,
-- the address, and whether the provider says the address is confirmed (from its own answer to a
-- sign-in or a verification, never from the user's metadata, which the user may edit).
create table auth_service.external_accounts (
  id uuid primary key,
  provider text not null default 'supabase' check (provider = 'supabase'),
  email text not null check (email = lower(email)),
  name text not null default '' check (char_length(name) <= 200),
  email_confirmed_at timestamptz,
  first_seen_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

alter table auth_service.email_requests enable row level security;
alter table auth_service.email_requests force row level security;
alter table auth_service.one_time_tokens enable row level security;
alter table auth_service.one_time_tokens force row level security;
alter table auth_service.external_accounts enable row level security;
alter table auth_service.external_accounts force row level security;

-- Only the identity provider's role (requests) and the auth service's consumer (service_role, which
-- bypasses RLS) touch them; a user reads none of it.
create policy email_requests_provider on auth_service.email_requests for all to auth_service_admin
  using (true) with check (true);
create policy one_time_tokens_provider on auth_service.one_time_tokens for all to auth_service_admin
  using (true) with check (true);
create policy external_accounts_provider on auth_service.external_accounts for all to auth_service_admin
  using (true) with check (true);
grant select, insert, update, delete on auth_service.email_requests, auth_service.one_time_tokens,
  auth_service.external_accounts to auth_service_admin;

-- The consumer that sends the e-mails (functions/auth/consumers/send_emails.py): it reads the account
-- and its requests and stores the hash of the token it mails.
grant usage on schema auth_service to service_role;
grant select (id, email, name, email_verified_at) on auth_service.users to service_role;
grant select on auth_service.email_requests to service_role;
grant select, insert on auth_service.one_time_tokens to service_role;

-- Published contract: has the caller proved the address their access token names? For our own
-- accounts, by a verification link; for Supabase's, when Supabase confirmed it. Other services
-- (accepting an invitation sent to an address) ask this before trusting the ``email`` claim. It runs
-- as a role of its own that reads only what it needs (so it also answers inside another service's
-- security definer function).
select public.ensure_service_role('auth_service_definer');
grant usage, create on schema auth_service to auth_service_definer;  -- create: to own the function
grant select (id, email, email_verified_at) on auth_service.users to auth_service_definer;
grant select (id, email, email_confirmed_at) on auth_service.external_accounts to auth_service_definer;
create policy definer_reads_verification on auth_service.users for select to auth_service_definer using (true);
create policy definer_reads_verification on auth_service.external_accounts for select to auth_service_definer
  using (true);
create function auth_service.email_is_verified() returns boolean
  language sql stable security definer set search_path = '' as $$
    with caller as (
      select (claims ->> 'sub')::uuid as id, lower(claims ->> 'email') as email
      from (select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb as claims) c
    )
    select exists (select 1 from auth_service.users u, caller
                   where u.id = caller.id and u.email = caller.email and u.email_verified_at is not null)
        or exists (select 1 from auth_service.external_accounts a, caller
                   where a.id = caller.id and a.email = caller.email and a.email_confirmed_at is not null)
  $$;
alter function auth_service.email_is_verified() owner to auth_service_definer;
revoke all on function auth_service.email_is_verified() from public;
grant execute on function auth_service.email_is_verified() to authenticated, auth_service_admin;
