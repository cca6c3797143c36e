-- The notifications service: the in-app inbox, and the organizations' signed webhooks with their
-- delivery log. Rows are written only by the notifications consumer (as service_role, which
-- bypasses RLS); users read and mark their own notifications, the board (ketua, wakil ketua of the
-- active period) manages its organization's webhooks. Who is who comes from organization_service's
-- SQL contract (has_role), never from its tables.

create schema if not exists notification_service;
grant usage on schema notification_service to authenticated, service_role;

-- One row per recipient, event and type: a redelivered event never makes a second notification
-- (the consumer inserts with "on conflict do nothing").
create table notification_service.notifications (
  id uuid primary key default gen_random_uuid(),
  recipient uuid not null,
  organization_id uuid,
  type text not null check (type ~ '^[a-z_]+\.[a-z_]+$'),
  title text not null check (char_length(title) between 1 and 300),
  body text not null check (char_length(body) <= 2000),
  link text check (char_length(link) <= 2000),
  event_id uuid not null,
  created_at timestamptz not null default clock_timestamp(),
  read_at timestamptz,
  constraint notifications_once unique (recipient, event_id, type)
);
-- the inbox, newest first, and its unread part (the list with ?unread=true, the count)
create index notifications_inbox on notification_service.notifications (recipient, created_at desc, id desc);
create index notifications_unread on notification_service.notifications (recipient, created_at desc, id desc)
  where read_at is null;

-- A generic webhook of an organization: every event of the listed types is POSTed to ``url``, signed
-- with ``secret`` (HMAC-SHA256 of the raw body). The secret is shown once, when the webhook is
-- created: no user may select it (column grants below), only the consumer reads it.
create table notification_service.webhooks (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null,
  url text not null check (url ~ '^https?://' and char_length(url) <= 2000),
  secret text not null check (char_length(secret) >= 32),
  event_types text[] not null check (cardinality(event_types) between 1 and 20),
  description text check (char_length(description) <= 200),
  active boolean not null default true,
  created_by uuid not null,
  created_at timestamptz not null default clock_timestamp()
);
create index webhooks_organization on notification_service.webhooks (organization_id, created_at, id);

-- Every delivery attempt: its HTTP status (null when none came back) or the error.
create table notification_service.webhook_deliveries (
  id bigint generated always as identity primary key,
  webhook_id uuid not null references notification_service.webhooks (id) on delete cascade,
  organization_id uuid not null,
  event_id uuid not null,
  event_type text not null,
  attempt integer not null check (attempt between 1 and 10),
  status_code integer check (status_code between 100 and 599),
  error text check (char_length(error) <= 500),
  duration_ms integer check (duration_ms >= 0),
  at timestamptz not null default clock_timestamp()
);
create index webhook_deliveries_webhook on notification_service.webhook_deliveries (webhook_id, id desc);

-- ---------------------------------------------------------------------------------------------
-- Row level security
alter table notification_service.notifications enable row level security;
alter table notification_service.notifications force row level security;
alter table notification_service.webhooks enable row level security;
alter table notification_service.webhooks force row level security;
alter table notification_service.webhook_deliveries enable row level security;
alter table notification_service.webhook_deliveries force row level security;

-- a user reads and marks (read_at, nothing else) their own notifications, nobody else's
create policy notifications_own on notification_service.notifications for select to authenticated
  using (recipient = (select auth.uid()));
create policy notifications_own_mark on notification_service.notifications for update to authenticated
  using (recipient = (select auth.uid())) with check (recipient = (select auth.uid()));
grant select on notification_service.notifications to authenticated;
grant update (read_at) on notification_service.notifications to authenticated;

-- the board of the active period manages its organization's webhooks and reads their deliveries
create policy webhooks_board_read on notification_service.webhooks for select to authenticated
  using (organization_service.has_role(organization_id, array['ketua', 'wakil_ketua']));
create policy webhooks_board_create on notification_service.webhooks for insert to authenticated
  with check (created_by = (select auth.uid())
              and organization_service.has_role(organization_id, array['ketua', 'wakil_ketua']));
create policy webhooks_board_delete on notification_service.webhooks for delete to authenticated
  using (organization_service.has_role(organization_id, array['ketua', 'wakil_ketua']));
grant select (id, organization_id, url, event_types, description, active, created_by, created_at)
  on notification_service.webhooks to authenticated;
grant insert (organization_id, url, secret, event_types, description, created_by)
  on notification_service.webhooks to authenticated;
grant delete on notification_service.webhooks to authenticated;

create policy deliveries_board_read on notification_service.webhook_deliveries for select to authenticated
  using (organization_service.has_role(organization_id, array['ketua', 'wakil_ketua']));
grant select on notification_service.webhook_deliveries to authenticated;

-- the consumer (service_role bypasses RLS): writes notifications and deliveries, reads webhooks
grant select, insert on notification_service.notifications, notification_service.webhook_deliveries
  to service_role;
grant select on notification_service.webhooks to service_role;

-- ---------------------------------------------------------------------------------------------
-- On Supabase, the inbox is published to Realtime, so a frontend subscribed to its changes sees a
-- new notification at once (Realtime applies the select policy above: each user hears only their
-- own). A plain PostgreSQL has no such publication, and nothing is done; nor for a publication of
-- all tables, which has it already.
do $$
begin
  if exists (select from pg_publication where pubname = 'supabase_realtime' and not puballtables) then
    alter publication supabase_realtime add table notification_service.notifications;
  end if;
end
$$;
