-- Published for the notifications service: what it needs to tell a user something, in their
-- language, on the channels they chose. Executable by service_role only: a user's address and
-- preferences are not for fellow members (the users API shows each user their own).
--
-- notification_defaults(): the channels of each kind of notification for a user who never changed
-- them; the same table as DEFAULT_NOTIFICATIONS in functions/users/models.py (a test checks that
-- both agree). notification_recipients(user_ids, emails): one row per user among ``user_ids`` or
-- whose address is among ``emails`` (an invitee), with their e-mail address, name, language, time
-- zone and their preferences merged over the defaults (a kind added later starts at its default).
-- A user without a profile has no row.

select public.ensure_service_role('user_service_definer');
grant usage, create on schema user_service to user_service_definer;  -- create: to own the functions
grant select (user_id, email, display_name) on user_service.profiles to user_service_definer;
grant select (user_id, language, time_zone, notifications) on user_service.settings to user_service_definer;
create policy definer_reads_for_notifications on user_service.profiles for select to user_service_definer
  using (true);
create policy definer_reads_for_notifications on user_service.settings for select to user_service_definer
  using (true);

-- an invitee is found by address
create index profiles_email on user_service.profiles (email);

create function user_service.notification_defaults()
  returns jsonb language sql immutable set search_path = '' as $$
    select '{
      "task_assigned":          {"in_app": true, "email": true,  "chat": false},
      "task_status_changed":    {"in_app": true, "email": false, "chat": false},
      "task_due":               {"in_app": true, "email": true,  "chat": false},
      "comment":                {"in_app": true, "email": false, "chat": false},
      "program_status_changed": {"in_app": true, "email": true,  "chat": false},
      "invitation":             {"in_app": true, "email": true,  "chat": false},
      "report":                 {"in_app": true, "email": true,  "chat": false}
    }'::jsonb
  $$;

create function user_service.notification_recipients(user_ids uuid[], emails text[] default '{}')
  returns table (user_id uuid, email text, display_name text, language text, time_zone text,
                 notifications jsonb)
  language sql stable security definer set search_path = '' as $$
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
    order by w.user_id
  $$;

alter function user_service.notification_defaults() owner to user_service_definer;
alter function user_service.notification_recipients(uuid[], text[]) owner to user_service_definer;
revoke all on function user_service.notification_defaults(), user_service.notification_recipients(uuid[], text[])
  from public;
grant execute on function user_service.notification_defaults() to authenticated, service_role;
grant execute on function user_service.notification_recipients(uuid[], text[]) to service_role;
