-- The current definitions of user_service's policies: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a policy here; a new numbered migration only for what cannot be replaced in place (a policy no longer wanted:
-- drop it there; a table or column it needs).

-- The definer reads a number only where its owner chose to have it printed: RLS, not only the function.
drop policy if exists definer_reads_printed_numbers on user_service.private_details;
create policy definer_reads_printed_numbers on user_service.private_details for select to user_service_definer
  using (student_number_on_documents);

-- private details and settings: mine only
drop policy if exists private_details_own on user_service.private_details;
create policy private_details_own on user_service.private_details for all to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

drop policy if exists definer_reads_for_notifications on user_service.profiles;
create policy definer_reads_for_notifications on user_service.profiles for select to user_service_definer
  using (true);

drop policy if exists definer_reads_names on user_service.profiles;
create policy definer_reads_names on user_service.profiles for select to user_service_definer
  using (true);

drop policy if exists profiles_create_own on user_service.profiles;
create policy profiles_create_own on user_service.profiles for insert to authenticated
  with check ((user_id = (select auth.uid()))
              and (not (email is distinct from NULLIF(lower(((select auth.jwt()) ->> 'email')), ''::text))));

-- profiles: I read mine and those of people who share an active membership of an organization with
-- me; I create mine (with the e-mail address of my token) and edit mine.
drop policy if exists profiles_read on user_service.profiles;
create policy profiles_read on user_service.profiles for select to authenticated
  using ((user_id = (select auth.uid())) or organization_service.shares_organization((select auth.uid()), user_id));

drop policy if exists profiles_update_own on user_service.profiles;
create policy profiles_update_own on user_service.profiles for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

drop policy if exists definer_reads_for_notifications on user_service.settings;
create policy definer_reads_for_notifications on user_service.settings for select to user_service_definer
  using (true);

drop policy if exists settings_own on user_service.settings;
create policy settings_own on user_service.settings for all to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));
