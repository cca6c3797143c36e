"""SQL of the notification service. Two stores:

- ``PostgresNotificationStore``: the caller's own transaction (as ``authenticated``; RLS lets a user
  see only their notifications, the board only its organization's webhooks). What it asks about
  organizations goes through organization_service's SQL contract.
- ``PostgresNotifierStore``: the consumer's transaction (as ``service_role``). Who is to be told, in
  which language and on which channels comes only from the other services' SQL contracts:
  organization_service (members_in_roles, notification_channels), program_service (program_facts,
  committee_of) and user_service (notification_recipients); never from their tables.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol
from uuid import UUID

from psycopg import sql

from shared.db import Transaction
from shared.identity import Actor, user_transaction
from shared.store import Row, SqlStore

_NOTIFICATION = "id, type, title, body, link, organization_id, created_at, read_at"
_WEBHOOK = "id, organization_id, url, event_types, description, active, created_by, created_at"


class NotificationStore(Protocol):
    def commit(self) -> None: ...
    def notifications(self, unread: bool | None, after: Row | None, limit: int) -> list[Row]: ...
    def mark_read(self, notification_id: UUID) -> Row | None: ...
    def mark_all_read(self) -> int: ...
    def unread_count(self) -> int: ...
    def standing(self, org_id: UUID) -> Row: ...
    def count_webhooks(self, org_id: UUID) -> int: ...
    def create_webhook(self, fields: Row) -> Row: ...
    def webhooks(self, org_id: UUID, after: Row | None, limit: int) -> list[Row]: ...
    def webhook(self, webhook_id: UUID) -> Row | None: ...
    def delete_webhook(self, webhook_id: UUID) -> bool: ...
    def deliveries(self, webhook_id: UUID, after: int | None, limit: int) -> list[Row]: ...


class PostgresNotificationStore(SqlStore):
    # ---- the inbox: one statement each (RLS: recipient = auth.uid()) ----

    def notifications(self, unread: bool | None, after: Row | None, limit: int) -> list[Row]:
        """Newest first. ``unread``: True only unread, False only read, None both."""
        conditions = [sql.SQL("recipient = (select auth.uid())")]
        params: Row = {"limit": limit}
        if unread is not None:
            conditions.append(sql.SQL("read_at is null") if unread else sql.SQL("read_at is not null"))
        if after is not None:
            conditions.append(sql.SQL("(created_at, id) < (%(after_created)s, %(after_id)s)"))
            params |= {"after_created": after["created_at"], "after_id": after["id"]}
        query = sql.SQL("select {} from notification_service.notifications where {}"
                        " order by created_at desc, id desc limit %(limit)s").format(
            sql.SQL(_NOTIFICATION), sql.SQL(" and ").join(conditions))
        return self._all(query, params)

    def mark_read(self, notification_id: UUID) -> Row | None:
        """Mark it read (it keeps the first time it was read); None when it is not the caller's."""
        return self._one(f"update notification_service.notifications set read_at = coalesce(read_at, now())"
                         f" where id = %s returning {_NOTIFICATION}", (notification_id,))

    def mark_all_read(self) -> int:
        cursor = self._tx.execute("update notification_service.notifications set read_at = now()"
                                  " where recipient = (select auth.uid()) and read_at is null")
        return cursor.rowcount

    def unread_count(self) -> int:
        row = self._one("select count(*) as unread from notification_service.notifications"
                        " where recipient = (select auth.uid()) and read_at is null")
        return int(row["unread"]) if row else 0

    # ---- webhooks (RLS: the board of the organization's active period) ----

    def standing(self, org_id: UUID) -> Row:
        """Is the caller a member of the organization, and their role in its active period."""
        row = self._one("select organization_service.is_member(%(org)s) as member,"
                        " organization_service.my_role(%(org)s) as role", {"org": org_id})
        assert row is not None
        return row

    def count_webhooks(self, org_id: UUID) -> int:
        row = self._one("select count(*) as n from notification_service.webhooks where organization_id = %s",
                        (org_id,))
        return int(row["n"]) if row else 0

    def create_webhook(self, fields: Row) -> Row:
        columns = list(fields)
        query = sql.SQL("insert into notification_service.webhooks ({}) values ({}) returning {}").format(
            sql.SQL(", ").join(map(sql.Identifier, columns)), sql.SQL(", ").join(map(sql.Placeholder, columns)),
            sql.SQL(_WEBHOOK))
        row = self._one(query, fields)
        assert row is not None
        return row

    def webhooks(self, org_id: UUID, after: Row | None, limit: int) -> list[Row]:
        if after is None:
            return self._all(f"select {_WEBHOOK} from notification_service.webhooks where organization_id = %s"
                             " order by created_at, id limit %s", (org_id, limit))
        return self._all(f"select {_WEBHOOK} from notification_service.webhooks where organization_id = %s"
                         " and (created_at, id) > (%s, %s) order by created_at, id limit %s",
                         (org_id, after["created_at"], after["id"], limit))

    def webhook(self, webhook_id: UUID) -> Row | None:
        return self._one(f"select {_WEBHOOK} from notification_service.webhooks where id = %s", (webhook_id,))

    def delete_webhook(self, webhook_id: UUID) -> bool:
        return self._tx.execute("delete from notification_service.webhooks where id = %s",
                                (webhook_id,)).rowcount == 1

    def deliveries(self, webhook_id: UUID, after: int | None, limit: int) -> list[Row]:
        """Newest first, one statement a page."""
        columns = "id, webhook_id, event_id, event_type, attempt, status_code, error, duration_ms, at"
        if after is None:
            return self._all(f"select {columns} from notification_service.webhook_deliveries where webhook_id = %s"
                             " order by id desc limit %s", (webhook_id, limit))
        return self._all(f"select {columns} from notification_service.webhook_deliveries where webhook_id = %s"
                         " and id < %s order by id desc limit %s", (webhook_id, after, limit))


@contextmanager
def notification_store(actor: Actor) -> Iterator[PostgresNotificationStore]:
    """The caller's transaction (as ``authenticated``, RLS applies) with this service's store."""
    with user_transaction(actor) as tx:
        yield PostgresNotificationStore(tx)


# ---- the consumer's side ----

class NotifierStore(Protocol):
    def organization(self, org_id: UUID) -> Row | None: ...
    def program(self, program_id: UUID) -> Row | None: ...
    def committee(self, program_id: UUID) -> list[UUID]: ...
    def members_in_roles(self, org_id: UUID, roles: Sequence[str], period_id: UUID | None,
                         department_id: UUID | None) -> list[UUID]: ...
    def recipients(self, user_ids: list[UUID], emails: list[str]) -> list[Row]: ...
    def add_notification(self, fields: Row) -> bool: ...
    def webhooks_for(self, org_id: UUID, event_type: str) -> list[Row]: ...
    def record_delivery(self, fields: Row) -> None: ...
    def told(self, event_id: UUID) -> set[str]: ...
    def record_told(self, event_id: UUID, targets: list[str]) -> None: ...
    def forget_told(self, event_id: UUID) -> None: ...


class PostgresNotifierStore(SqlStore):
    def organization(self, org_id: UUID) -> Row | None:
        """Name, short name, time zone and chat webhook URLs (organization_service's contract)."""
        return self._one("select * from organization_service.notification_channels(%s)", (org_id,))

    def program(self, program_id: UUID) -> Row | None:
        """Name, period, department and PJ (program_service's contract)."""
        return self._one("select * from program_service.program_facts(%s)", (program_id,))

    def committee(self, program_id: UUID) -> list[UUID]:
        return [row["id"] for row in self._all("select id from program_service.committee_of(%s) as c(id)",
                                               (program_id,))]

    def members_in_roles(self, org_id: UUID, roles: Sequence[str], period_id: UUID | None,
                         department_id: UUID | None) -> list[UUID]:
        rows = self._all("select id from organization_service.members_in_roles(%s, %s, %s, %s) as m(id)",
                         (org_id, list(roles), period_id, department_id))
        return [row["id"] for row in rows]

    def recipients(self, user_ids: list[UUID], emails: list[str]) -> list[Row]:
        """Address, name, language, time zone and channel preferences (user_service's contract)."""
        return self._all("select * from user_service.notification_recipients(%s::uuid[], %s::text[])",
                         (user_ids, emails))

    def add_notification(self, fields: Row) -> bool:
        """Insert an inbox row; False when this recipient already has this event's notification of this type."""
        row = self._one(
            "insert into notification_service.notifications (recipient, organization_id, type, title, body, link,"
            " event_id) values (%(recipient)s, %(organization_id)s, %(type)s, %(title)s, %(body)s, %(link)s,"
            " %(event_id)s) on conflict (recipient, event_id, type) do nothing returning id", fields)
        return row is not None

    def webhooks_for(self, org_id: UUID, event_type: str) -> list[Row]:
        return self._all("select id, url, secret from notification_service.webhooks"
                         " where organization_id = %s and active and %s = any (event_types)"
                         " order by created_at, id", (org_id, event_type))

    def record_delivery(self, fields: Row) -> None:
        self._tx.execute(
            "insert into notification_service.webhook_deliveries (webhook_id, organization_id, event_id, event_type,"
            " attempt, status_code, error, duration_ms) values (%(webhook_id)s, %(organization_id)s, %(event_id)s,"
            " %(event_type)s, %(attempt)s, %(status_code)s, %(error)s, %(duration_ms)s)", fields)

    def told(self, event_id: UUID) -> set[str]:
        """Whom (and which chat and webhooks) an earlier try of this event told (notifier.notify)."""
        return {row["target"] for row in self._all("select target from notification_service.told where event_id = %s",
                                                   (event_id,))}

    def record_told(self, event_id: UUID, targets: list[str]) -> None:
        """Remember whom this try told: the event comes again for someone who could not be told yet."""
        if targets:
            self._tx.execute("insert into notification_service.told (event_id, target) select %s, unnest(%s::text[])"
                             " on conflict do nothing", (event_id, targets))

    def forget_told(self, event_id: UUID) -> None:
        """Everyone is told: the event will not come again."""
        self._tx.execute("delete from notification_service.told where event_id = %s", (event_id,))


def notifier_store(tx: Transaction) -> PostgresNotifierStore:
    return PostgresNotifierStore(tx)


__all__ = ["NotificationStore", "NotifierStore", "PostgresNotificationStore", "PostgresNotifierStore", "Row",
           "notification_store", "notifier_store"]
