-- The current definitions of auth_service's policies: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a policy here; a new numbered migration only for what cannot be replaced in place (a policy no longer wanted:
-- drop it there; a table or column it needs).

-- Only the identity provider's role (requests) and the auth service's consumer (service_role, which
-- bypasses RLS) touch them; a user reads none of it.
drop policy if exists email_requests_provider on auth_service.email_requests;
create policy email_requests_provider on auth_service.email_requests for all to auth_service_admin
  using (true)
  with check (true);

drop policy if exists definer_reads_verification on auth_service.external_accounts;
create policy definer_reads_verification on auth_service.external_accounts for select to auth_service_definer
  using (true);

drop policy if exists external_accounts_provider on auth_service.external_accounts;
create policy external_accounts_provider on auth_service.external_accounts for all to auth_service_admin
  using (true)
  with check (true);

drop policy if exists login_failures_provider on auth_service.login_failures;
create policy login_failures_provider on auth_service.login_failures for all to auth_service_admin
  using (true)
  with check (true);

drop policy if exists one_time_tokens_provider on auth_service.one_time_tokens;
create policy one_time_tokens_provider on auth_service.one_time_tokens for all to auth_service_admin
  using (true)
  with check (true);

drop policy if exists refresh_tokens_provider on auth_service.refresh_tokens;
create policy refresh_tokens_provider on auth_service.refresh_tokens for all to auth_service_admin
  using (true)
  with check (true);

drop policy if exists sessions_provider on auth_service.sessions;
create policy sessions_provider on auth_service.sessions for all to auth_service_admin
  using (true)
  with check (true);

drop policy if exists sessions_self_read on auth_service.sessions;
create policy sessions_self_read on auth_service.sessions for select to authenticated
  using (user_id = (select auth.uid()));

-- revoke only: a revoked session (e.g. for a replayed refresh token) is never revived
drop policy if exists sessions_self_revoke on auth_service.sessions;
create policy sessions_self_revoke on auth_service.sessions for update to authenticated
  using (user_id = (select auth.uid()))
  with check ((user_id = (select auth.uid())) and (revoked_at is not null));

drop policy if exists definer_reads_verification on auth_service.users;
create policy definer_reads_verification on auth_service.users for select to auth_service_definer
  using (true);

-- The identity provider's role works on every row of its own tables.
drop policy if exists users_provider on auth_service.users;
create policy users_provider on auth_service.users for all to auth_service_admin
  using (true)
  with check (true);

-- A signed-in user sees and edits only their own account and sessions.
drop policy if exists users_self_read on auth_service.users;
create policy users_self_read on auth_service.users for select to authenticated
  using (id = (select auth.uid()));

drop policy if exists users_self_update on auth_service.users;
create policy users_self_update on auth_service.users for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));
