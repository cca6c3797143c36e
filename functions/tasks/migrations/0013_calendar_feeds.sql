-- Personal calendar feeds (issue 12; docs/decisions/0017-calendar-feeds.md): a secret URL per user that
-- calendar apps poll for the user's open tasks with a due date, and the dates and milestones of the
-- programs they lead or serve on the committee of.
--
-- Only a hash of the URL's token is kept (sha256, 32 bytes): whoever reads this table learns no feed's
-- address. A user has at most one feed; making a new one replaces the hash, so the old address stops
-- working in the same statement.
--
-- Who does what:
-- - the user (authenticated) reads when their feed was made and last fetched, makes, replaces and
--   revokes it: their own row only, and never its hash (not granted);
-- - a calendar app (anon, no token of ours) may only ask calendar_feed_owner(hash): whose feed this is,
--   if any. The feed itself is then read in a read-only transaction as that user (functions/tasks/
--   calendar_repository.py), through the same policies and contracts as the user's own requests.

create table task_service.calendar_feeds (
  user_id uuid primary key,
  token_hash bytea not null unique check (octet_length(token_hash) = 32),
  created_at timestamptz not null default now(),
  last_fetched_at timestamptz
);

alter table task_service.calendar_feeds enable row level security;
alter table task_service.calendar_feeds force row level security;
create policy calendar_feeds_own on task_service.calendar_feeds for all to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
grant select (user_id, created_at, last_fetched_at), insert (user_id, token_hash),
  update (token_hash, created_at, last_fetched_at), delete on task_service.calendar_feeds to authenticated;

-- Whose feed has this hash (null: none, or revoked); notes when it was fetched. Owned by the tasks
-- service's definer, which may read the hash and the owner and set last_fetched_at, nothing else.
create policy definer_reads on task_service.calendar_feeds for select to task_service_definer using (true);
create policy definer_marks on task_service.calendar_feeds for update to task_service_definer
  using (true) with check (true);
grant select (user_id, token_hash), update (last_fetched_at) on task_service.calendar_feeds to task_service_definer;

create function task_service.calendar_feed_owner(feed_hash bytea)
  returns uuid language sql volatile security definer set search_path = '' as $$
    update task_service.calendar_feeds f set last_fetched_at = now()
    where f.token_hash = feed_hash
    returning f.user_id
  $$;
alter function task_service.calendar_feed_owner(bytea) owner to task_service_definer;
revoke all on function task_service.calendar_feed_owner(bytea) from public;
grant usage on schema task_service to anon;
grant execute on function task_service.calendar_feed_owner(bytea) to anon;
