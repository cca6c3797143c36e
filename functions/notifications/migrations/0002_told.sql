-- Who has been told of an event that is still owed to someone. When a recipient cannot be told yet
-- (no profile), the consumer commits what it did and the event comes again (shared.consumer.RetryLater);
-- these rows say whom, and through which chat and webhooks, it already told, so nobody hears of the
-- event twice, on any channel, however often it comes back. They are written only while the event
-- is owed to someone and removed when the last recipient is told; a dead event keeps them, so a
-- requeued one still skips who was told.
--
-- target: 'user:<id>' (a user, every channel of theirs), 'address:<sha256 of the address>' (an invitee
-- without an account, told by e-mail), 'chat' (the organization's Discord and Slack), 'webhook:<id>'.
create table notification_service.told (
  event_id uuid not null,
  target text not null check (target ~ '^(user:[0-9a-f-]{36}|address:[0-9a-f]{64}|chat|webhook:[0-9a-f-]{36})$'),
  told_at timestamptz not null default clock_timestamp(),
  primary key (event_id, target)
);

-- Only the consumer (service_role, which bypasses RLS) reads and writes it; no user sees it.
alter table notification_service.told enable row level security;
alter table notification_service.told force row level security;
revoke all on notification_service.told from public, anon, authenticated;
grant select, insert, delete on notification_service.told to service_role;
