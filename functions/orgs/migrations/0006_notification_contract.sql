-- Published for the notifications service (and any service that tells people things):
-- - members_in_roles(org, roles, period, department): the active members of a period (null: the
--   active one) holding one of ``roles``, optionally only those of ``department``; e.g. the heads of
--   a program's department (an overdue task escalates to them) or the board (a report is ready).
--   Answered to members of the organization and to services (caller_may_ask).
-- - notification_channels(org): the organization's name, time zone and its Discord and Slack
--   webhook URLs. The URLs are the board's secrets: executable by service_role only.

grant select (id, organization_id, period_id, user_id, role, department_id, active)
  on organization_service.memberships to organization_service_definer;
grant select (id, name, short_name, time_zone, discord_webhook_url, slack_webhook_url)
  on organization_service.organizations to organization_service_definer;

create function organization_service.members_in_roles(org uuid, roles text[], period uuid default null,
                                                      department uuid default null)
  returns setof uuid language sql stable security definer set search_path = '' as $$
    select m.user_id from organization_service.memberships m
    join organization_service.periods p on p.id = m.period_id
    where m.organization_id = org and m.active and m.role = any (roles)
      and (p.id = period or (period is null and p.status = 'aktif'))
      and (department is null or m.department_id = department)
      and organization_service.caller_may_ask(org)
    order by m.user_id
  $$;
alter function organization_service.members_in_roles(uuid, text[], uuid, uuid) owner to organization_service_definer;
revoke all on function organization_service.members_in_roles(uuid, text[], uuid, uuid) from public;
grant execute on function organization_service.members_in_roles(uuid, text[], uuid, uuid)
  to authenticated, service_role;

create function organization_service.notification_channels(org uuid)
  returns table (name text, short_name text, time_zone text, discord_webhook_url text, slack_webhook_url text)
  language sql stable security definer set search_path = '' as $$
    select o.name, o.short_name, o.time_zone, o.discord_webhook_url, o.slack_webhook_url
    from organization_service.organizations o where o.id = org
  $$;
alter function organization_service.notification_channels(uuid) owner to organization_service_definer;
revoke all on function organization_service.notification_channels(uuid) from public;
grant execute on function organization_service.notification_channels(uuid) to service_role;
