-- The current definitions of user_service's functions: what runs now. The migration runner re-applies this file
-- whenever it changes (infra/migrate.py, after every numbered migration; docs/decisions/0026-sql-definitions.md).
-- Change a function here; a new numbered migration only for what cannot be replaced in place (a new signature or
-- return type: drop it there first; a table or column it needs).

create or replace function user_service.display_names(ids uuid[])
returns table(user_id uuid, display_name text)
language plpgsql stable security definer set search_path = '' as $function$
  begin
    return query
    with asker as materialized (
      select organization_service.caller() as id, organization_service.caller_is_service() as service
    ), mine as materialized (  -- the caller's organizations: where they hold an active membership
      select m.org from asker a cross join lateral organization_service.organizations_of(a.id) as m (org)
      where a.id is not null
    )
    select p.user_id, p.display_name from user_service.profiles p cross join asker a
    where p.user_id in (select unnest(ids))
      and (a.service or p.user_id = a.id
           or exists (select 1 from mine m where organization_service.was_member_of(m.org, p.user_id)));
  end
  $function$;
alter function user_service.display_names(ids uuid[]) owner to user_service_definer;
revoke all on function user_service.display_names(ids uuid[]) from public;
grant execute on function user_service.display_names(ids uuid[]) to authenticated, service_role;

create or replace function user_service.document_numbers(ids uuid[])
returns table(user_id uuid, student_number text)
language plpgsql stable security definer set search_path = '' as $function$
  begin
    return query
    select d.user_id, d.student_number
    from user_service.display_names(ids) n join user_service.private_details d on d.user_id = n.user_id
    where d.student_number_on_documents and d.student_number is not null;
  end
  $function$;
alter function user_service.document_numbers(ids uuid[]) owner to user_service_definer;
revoke all on function user_service.document_numbers(ids uuid[]) from public;
grant execute on function user_service.document_numbers(ids uuid[]) to authenticated, service_role;

create or replace function user_service.notification_defaults()
returns jsonb
language sql immutable set search_path = '' as $function$
    select '{
      "task_assigned":          {"in_app": true, "email": true,  "chat": false},
      "task_status_changed":    {"in_app": true, "email": false, "chat": false},
      "task_due":               {"in_app": true, "email": true,  "chat": false},
      "comment":                {"in_app": true, "email": false, "chat": false},
      "program_status_changed": {"in_app": true, "email": true,  "chat": false},
      "invitation":             {"in_app": true, "email": true,  "chat": false},
      "report":                 {"in_app": true, "email": true,  "chat": false}
    }'::jsonb
  $function$;
alter function user_service.notification_defaults() owner to user_service_definer;
revoke all on function user_service.notification_defaults() from public;
grant execute on function user_service.notification_defaults() to authenticated, service_role;

-- notification_recipients: executable by service_role only (0002); and it answers only a service, so
-- that widening the grant one day would not hand out addresses and preferences.
create or replace function user_service.notification_recipients(user_ids uuid[], emails text[] default '{}'::text[])
returns table(user_id uuid, email text, display_name text, language text, time_zone text, notifications jsonb)
language sql stable security definer set search_path = '' as $function$
    with wanted as (
      select p.user_id, p.email, p.display_name from user_service.profiles p
      where p.user_id = any (user_ids)
      union
      select p.user_id, p.email, p.display_name from user_service.profiles p
      where cardinality(emails) > 0 and p.email = any (emails)
    )
    select w.user_id, w.email, w.display_name, coalesce(s.language, 'id'), coalesce(s.time_zone, 'Asia/Jakarta'),
           (select jsonb_object_agg(d.key, d.value || coalesce(s.notifications -> d.key, '{}'))
            from jsonb_each(user_service.notification_defaults()) d)
    from wanted w left join user_service.settings s on s.user_id = w.user_id
    where organization_service.caller_is_service()
    order by w.user_id
  $function$;
alter function user_service.notification_recipients(user_ids uuid[], emails text[]) owner to user_service_definer;
revoke all on function user_service.notification_recipients(user_ids uuid[], emails text[]) from public;
grant execute on function user_service.notification_recipients(user_ids uuid[], emails text[]) to service_role;

-- ---------------------------------------------------------------------------------------------
-- The interfaces of services below, implemented here: functions of their schemas that read this service's
-- profiles and settings. Each is declared by the service that calls it (its definitions/functions.sql, "Implemented
-- above") and called as its own; this service writes the bodies, so no reference goes up from auth or orgs to
-- user_service (docs/decisions/0026-sql-definitions.md, "Interfaces implemented above").

-- The members' names (the organizations service's member lists), as display_names; the address only to a service, oneself, or someone sharing an active
-- membership with them.
create or replace function organization_service.people(ids uuid[])
returns table(user_id uuid, display_name text, email text)
language sql stable security definer set search_path = '' as $function$
    with asker as materialized (
      select organization_service.caller() as id, organization_service.caller_is_service() as service
    ), named as materialized (
      select n.user_id, n.display_name from user_service.display_names(ids) n
    )
    select n.user_id, n.display_name,
           case when a.service or n.user_id = a.id or organization_service.shares_organization(a.id, n.user_id)
                then p.email end
    from named n join user_service.profiles p on p.user_id = n.user_id cross join asker a
  $function$;
alter function organization_service.people(ids uuid[]) owner to user_service_definer;
revoke all on function organization_service.people(ids uuid[]) from public;
grant execute on function organization_service.people(ids uuid[]) to authenticated, service_role;

-- The language of a user's settings, for the account e-mails the auth service writes (Indonesian by default).
-- Services only.
create or replace function auth_service.language_of(account uuid)
returns text
language sql stable security definer set search_path = '' as $function$
    select coalesce((select s.language from user_service.settings s where s.user_id = account), 'id')
  $function$;
alter function auth_service.language_of(account uuid) owner to user_service_definer;
revoke all on function auth_service.language_of(account uuid) from public;
grant execute on function auth_service.language_of(account uuid) to service_role;
