-- The organization's Discord and Slack webhook URLs are the board's secrets: whoever holds one posts in
-- the organization's channel under its name. They lived in organizations, which every member reads
-- (and a former member did too): the API hid them, the table did not (issue 10). They move into a
-- table of their own that only the board (ketua, wakil ketua of the active period, who set them
-- through PATCH /orgs/{id}) reads and writes under RLS, as user_service.private_details keeps a
-- user's phone from their fellow members. The notifications service reads them through
-- notification_channels(org), as before.

create table organization_service.chat_channels (
  organization_id uuid primary key references organization_service.organizations (id) on delete cascade,
  discord_webhook_url text check (char_length(discord_webhook_url) <= 2000),
  slack_webhook_url text check (char_length(slack_webhook_url) <= 2000),
  updated_at timestamptz not null default now()
);

insert into organization_service.chat_channels (organization_id, discord_webhook_url, slack_webhook_url)
  select o.id, o.discord_webhook_url, o.slack_webhook_url from organization_service.organizations o
  where o.discord_webhook_url is not null or o.slack_webhook_url is not null;

alter table organization_service.organizations drop column discord_webhook_url, drop column slack_webhook_url;

alter table organization_service.chat_channels enable row level security;
alter table organization_service.chat_channels force row level security;

create policy chat_channels_board on organization_service.chat_channels for all to authenticated
  using (organization_service.has_role(organization_id, array['ketua', 'wakil_ketua']))
  with check (organization_service.has_role(organization_id, array['ketua', 'wakil_ketua']));
create policy definer_reads on organization_service.chat_channels for select to organization_service_definer
  using (true);

grant select, insert on organization_service.chat_channels to authenticated;
grant update (discord_webhook_url, slack_webhook_url, updated_at) on organization_service.chat_channels
  to authenticated;
grant select on organization_service.chat_channels to organization_service_definer, service_role;

-- For the notifications service (service_role only, as before): the organization's name, time zone and
-- chat webhook URLs (null where none is set). It answers only a service.
create or replace function organization_service.notification_channels(org uuid)
  returns table (name text, short_name text, time_zone text, discord_webhook_url text, slack_webhook_url text)
  language sql stable security definer set search_path = '' as $$
    select o.name, o.short_name, o.time_zone, c.discord_webhook_url, c.slack_webhook_url
    from organization_service.organizations o
    left join organization_service.chat_channels c on c.organization_id = o.id
    where o.id = org and organization_service.caller_is_service()
  $$;
