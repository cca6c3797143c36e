-- Idempotency keys of the requests that create something (shared/idempotency.py,
-- docs/decisions/0011-idempotency-keys.md): a schema of its own, since every service's creating routes
-- keep their records here through the one factory (shared/api.py), and none owns them. A record is its
-- caller's alone: RLS lets a user read and change only their own; service_role (the events sweep)
-- removes the expired ones.

create schema if not exists idempotency;
grant usage on schema idempotency to authenticated, service_role;

-- One key of one user for one operation (method and route, e.g. `POST /programs/{program_id}/tasks`).
-- running: an attempt holds it until locked_until (the function's time left); after that, the same
-- request may take it over (the attempt died). done: its answer (the function's whole response:
-- status, headers, body), replayed until expires_at. The key and the request are kept as SHA-256 hashes.
create table idempotency.requests (
  user_id uuid not null,
  operation text not null check (operation ~ '^[A-Z]+ /' and char_length(operation) <= 300),
  key_hash text not null check (key_hash ~ '^[0-9a-f]{64}$'),
  fingerprint text not null check (fingerprint ~ '^[0-9a-f]{64}$'),
  attempt uuid not null,
  status text not null check (status in ('running', 'done')),
  locked_until timestamptz,
  response jsonb check (jsonb_typeof(response) = 'object'),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (user_id, operation, key_hash),
  constraint requests_running check ((status = 'running') = (locked_until is not null)),
  constraint requests_done check ((status = 'done') = (response is not null))
);
create index requests_expiry on idempotency.requests (expires_at);

alter table idempotency.requests enable row level security;
alter table idempotency.requests force row level security;
revoke all on idempotency.requests from public, anon, authenticated;

create policy requests_own on idempotency.requests for all to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
grant select, insert, update, delete on idempotency.requests to authenticated;
grant select, delete on idempotency.requests to service_role;

-- Forget the expired records (the events sweep, every minute): how many went.
create function idempotency.prune()
  returns bigint language sql volatile set search_path = '' as $$
    with gone as (delete from idempotency.requests r where r.expires_at <= now() returning 1)
    select count(*) from gone
  $$;
revoke all on function idempotency.prune() from public;
grant execute on function idempotency.prune() to service_role;
