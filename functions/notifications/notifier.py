"""Who hears of what, and how: the notifications consumer's use case (``consumers/notify.py`` runs it for
every event its queue delivers, in a ``service_role`` transaction that also records the receipt).

Who is told:
- ``task.assigned``: the assignee (not when they assigned themselves).
- ``task.status_changed``: the program's PJ, unless the PJ made the change. A change nobody made (the
  tasks consumer following the program: cancelled, on hold, resumed) goes to the task's assignees.
- ``task.due_soon`` / ``task.overdue`` (the reminder job): the assignees; with ``escalate``, also the
  heads of the program's department (the job names them, ``department_heads``; else the kepala / wakil
  kepala of the department in the program's period).
- ``comment.created``: the task's assignees, except the author.
- ``program.status_changed``: the program's committee and PJ, except whoever changed it.
- ``invitation.created``: the invitee, by e-mail address (an account with that address also gets it in
  the app and per its preferences; an address without one gets the e-mail, in Indonesian).
- ``report.generated``: the board (ketua, wakil ketua, sekretaris, bendahara) of the active period,
  except whoever wrote the report (a scheduled one has no author).
- The LPJ's review (docs/decisions/0018-lpj-review.md), each step telling the next person, never whoever took
  it: ``lpj.submitted`` the sekretaris of the program's period; ``lpj.checked`` its ketua and wakil ketua;
  ``lpj.returned`` the program's PJ; ``lpj.approved`` the PJ and the pembina.

How, per recipient, from their preferences for the kind of notification (users service): ``in_app``
an inbox row, ``email`` an e-mail in their language, ``chat`` a post in the organization's Discord
and Slack channels (once per event, however many recipients asked for it). Every event of a type an
organization's webhook subscribes to is POSTed to it, signed, whoever is told.

A recipient named by user id who has no profile yet cannot be told (no address, language or
preferences): everyone else is told, and the outcome's ``waiting`` names them; the consumer then
raises ``RetryLater``, so the event comes again (and is dead-lettered if the profile never appears)
instead of being acknowledged with someone left out.

Idempotent, per recipient: an inbox row is unique per recipient, event and type, and a recipient
whose row was already there is skipped on every channel (the consumer's receipt makes a redelivery a
no-op anyway; this holds even without it). While an event is owed to someone, whom it told (and
whether it posted to the chat, which webhooks it called) is kept in ``notification_service.told``,
and a later try skips them on every channel, whatever their preferences. External sends are best
effort: a failure is logged (webhooks: in their delivery log), never retried by failing the event,
which would repeat every send that succeeded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from aws_lambda_powertools import Logger

from functions.notifications import messages
from functions.notifications.channels import Attempt, Budget, Outside, json_body, post_with_retries, signed_headers
from functions.notifications.event_types import WEBHOOK_EVENT_TYPES
from functions.notifications.messages import Facts, Language
from functions.notifications.repository import NotifierStore, Row
from functions.notifications.targets import UnsafeTarget, check_chat_url
from shared.config import get_settings
from shared.vocabulary import BOARD, CORE_OFFICERS, DEPARTMENT_HEADS, Role

logger = Logger(child=True)

KIND_OF: dict[str, str] = {
    "task.assigned": "task_assigned",
    "task.status_changed": "task_status_changed",
    "task.due_soon": "task_due",
    "task.overdue": "task_due",
    "comment.created": "comment",
    "program.status_changed": "program_status_changed",
    "invitation.created": "invitation",
    "report.generated": "report",
    "lpj.submitted": "report",
    "lpj.checked": "report",
    "lpj.approved": "report",
    "lpj.returned": "report",
}
"""Event types that notify people, and the kind of notification (users' preferences) each is."""
HANDLED_TYPES: tuple[str, ...] = tuple(sorted(set(KIND_OF) | set(WEBHOOK_EVENT_TYPES)))
"""Every type the consumer's queue receives (template.yaml's rule lists exactly these)."""
NO_CHANNELS = {"in_app": False, "email": False, "chat": False}


class Event(Protocol):
    """What the notifier reads of a domain event (``shared.consumer.DomainEvent`` is one)."""

    @property
    def id(self) -> UUID: ...
    @property
    def type(self) -> str: ...
    @property
    def organization_id(self) -> UUID | None: ...
    @property
    def occurred_at(self) -> datetime: ...
    @property
    def payload(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Planned:
    """Someone to tell: a user, or (an invitee without account) an address; with which text."""

    template: str
    user_id: UUID | None = None
    email: str | None = None


@dataclass
class Outcome:
    """What handling one event did (logged; the tests read it)."""

    notified: list[UUID] = field(default_factory=list)
    emailed: list[str] = field(default_factory=list)
    chats: list[str] = field(default_factory=list)
    webhooks: dict[UUID, bool] = field(default_factory=dict)
    skipped: list[UUID] = field(default_factory=list)
    """Told by an earlier try of the event (or delivery): not again."""
    waiting: list[UUID] = field(default_factory=list)
    """Recipients without a profile yet: not told, the event must come again for them."""


# ---- payload helpers ----

def _uuid(value: Any) -> UUID | None:
    try:
        return UUID(str(value)) if value else None
    except ValueError:
        return None


def _uuids(values: Any) -> list[UUID]:
    return [u for u in (_uuid(v) for v in (values or [])) if u is not None]


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _moment(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _each_once(planned: Iterable[Planned]) -> list[Planned]:
    seen: set[object] = set()
    result = []
    for item in planned:
        key = item.user_id or item.email
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result


# ---- who is told ----

def _program(store: NotifierStore, payload: dict[str, Any], cache: dict[str, Row | None]) -> Row | None:
    if "program" not in cache:
        program_id = _uuid(payload.get("program_id"))
        cache["program"] = store.program(program_id) if program_id else None
    return cache["program"]


def _plan(store: NotifierStore, event: Event, cache: dict[str, Row | None]) -> list[Planned]:
    p, kind = event.payload, event.type
    if kind == "task.assigned":
        user = _uuid(p.get("user_id"))
        return [Planned("task.assigned", user)] if user and user != _uuid(p.get("actor")) else []
    if kind == "task.status_changed":
        changed_by = _uuid(p.get("changed_by"))
        if changed_by is None:  # the system (the program's status moved it): its assignees are told
            return [Planned("task.status_changed.system", user) for user in _uuids(p.get("assignees"))]
        pic = _uuid(p.get("person_in_charge"))
        return [Planned("task.status_changed", pic)] if pic and pic != changed_by else []
    if kind in ("task.due_soon", "task.overdue"):
        assignees = _uuids(p.get("assignees"))
        planned = [Planned(kind, user) for user in assignees]
        if p.get("escalate"):
            heads = _uuids(p["department_heads"]) if isinstance(p.get("department_heads"), list) else \
                _heads(store, event, cache)
            planned += [Planned("task.due.escalated", head) for head in heads if head not in assignees]
        return planned
    if kind == "comment.created":
        author = _uuid(p.get("author_id"))
        return [Planned("comment.created", user) for user in _uuids(p.get("assignees")) if user != author]
    if kind == "program.status_changed":
        program_id, changed_by = _uuid(p.get("program_id")), _uuid(p.get("changed_by"))
        people = (store.committee(program_id) if program_id else []) + _uuids([p.get("person_in_charge")])
        return [Planned("program.status_changed", user) for user in people if user != changed_by]
    if kind == "invitation.created":
        address = str(p.get("email") or "").strip().lower()
        return [Planned("invitation.created", email=address)] if address else []
    if kind.startswith("lpj.") and event.organization_id:
        return [Planned(kind, user) for user in _lpj_next(store, event, cache) if user != _uuid(p.get("changed_by"))]
    if kind == "report.generated" and event.organization_id:
        author = _uuid(p.get("created_by"))  # a report someone wrote: the others hear of it
        officers = store.members_in_roles(event.organization_id, CORE_OFFICERS, None, None)
        return [Planned("report.generated", user) for user in officers if user != author]
    return []


LPJ_NEXT: dict[str, tuple[Role, ...]] = {"lpj.submitted": ("sekretaris",), "lpj.checked": BOARD,
                                         "lpj.approved": ("pembina",)}
"""Who takes the LPJ's next step (or, once approved, sees it), by role in the program's period."""


def _lpj_next(store: NotifierStore, event: Event, cache: dict[str, Row | None]) -> list[UUID]:
    program = _program(store, event.payload, cache)
    period = _uuid(event.payload.get("period_id")) or (program["period_id"] if program else None)
    assert event.organization_id is not None
    people = store.members_in_roles(event.organization_id, LPJ_NEXT[event.type], period, None) \
        if event.type in LPJ_NEXT else []
    if event.type in ("lpj.approved", "lpj.returned") and program and program["person_in_charge"]:
        people = [program["person_in_charge"], *people]
    return people


def _heads(store: NotifierStore, event: Event, cache: dict[str, Row | None]) -> list[UUID]:
    """The heads (kepala / wakil kepala) of the program's department in the program's period, when the
    reminder job did not name them (its payload's ``department_heads``)."""
    program = _program(store, event.payload, cache)
    department = _uuid(event.payload.get("department_id")) or (program["department_id"] if program else None)
    if not department or not event.organization_id:
        return []
    return store.members_in_roles(event.organization_id, DEPARTMENT_HEADS, program["period_id"] if program else None,
                                  department)


def _actor(event: Event) -> UUID | None:
    p = event.payload
    for key in ("actor", "changed_by", "author_id", "invited_by"):
        if p.get(key):
            return _uuid(p[key])
    return None


def _facts(event: Event, organization: Row | None, program: Row | None, names: dict[UUID, str]) -> Facts:
    p = event.payload
    actor, subject = _actor(event), _uuid(p.get("user_id"))
    status_change = event.type.endswith(".status_changed")
    return Facts(
        organization=(organization or {}).get("short_name") or (organization or {}).get("name") or "",
        program=(program or {}).get("name") or str(p.get("name") or ""),
        task=str(p.get("title") or "") if event.type != "report.generated" else "",
        actor=names.get(actor) if actor else None,
        subject=names.get(subject) if subject else None,
        from_status=str(p.get("from") or "") if status_change else None,
        to_status=str(p.get("to") or "") if status_change else None,
        note=p.get("note") or None,
        due_date=_day(p.get("due_date")) if event.type != "task.due_date_changed" else None,
        days=p.get("days") if isinstance(p.get("days"), int) else None,
        comment=p.get("body") or None,
        role=p.get("role") or None,
        position_title=p.get("position_title") or None,
        expires_at=_moment(p.get("expires_at")),
        report=str(p.get("title") or "") if event.type == "report.generated" else "",
        report_kind=p.get("kind") or None,
    )


def _link(event: Event) -> str | None:
    p = event.payload
    if event.type == "report.generated":
        return str(p["link"]) if p.get("link") else (f"/programs/{p['program_id']}" if p.get("program_id") else None)
    if event.type == "invitation.created":
        return "/invitations"
    if p.get("task_id"):
        return f"/tasks/{p['task_id']}"
    if p.get("program_id"):
        return f"/programs/{p['program_id']}"
    return None


def absolute(link: str | None) -> str | None:
    """A link of the app as the outside world needs it (e-mails, chat)."""
    if not link or link.startswith(("https://", "http://")):
        return link
    return get_settings().app_base_url + link


# ---- the use case ----

def notify(store: NotifierStore, outside: Outside, event: Event, *,
           sleep: Callable[[float], None] | None = None) -> Outcome:
    """Tell everyone this event concerns on their channels, and the organization's webhooks."""
    outcome = Outcome()
    cache: dict[str, Row | None] = {}
    planned = _each_once(_plan(store, event, cache))
    subscribed = (store.webhooks_for(event.organization_id, event.type)
                  if event.organization_id and event.type in WEBHOOK_EVENT_TYPES else [])
    if not planned and not subscribed:
        return outcome
    organization = store.organization(event.organization_id) if event.organization_id else None
    program = _program(store, event.payload, cache) if planned else None

    actor = _actor(event)
    user_ids = [item.user_id for item in planned if item.user_id]
    extra = [u for u in (actor, _uuid(event.payload.get("user_id"))) if u]
    emails = [item.email for item in planned if item.email]
    people = store.recipients(list(dict.fromkeys(user_ids + extra)), emails) if planned else []
    by_id = {row["user_id"]: row for row in people}
    by_email = {row["email"]: row for row in people if row.get("email")}
    facts = _facts(event, organization, program, {row["user_id"]: row["display_name"] for row in people})
    link = _link(event)
    budget = Budget(get_settings().notify_send_budget)
    kind = KIND_OF.get(event.type)

    already = store.told(event.id)
    told: list[str] = []
    wants_chat = False
    for item in planned:
        person = by_id.get(item.user_id) if item.user_id else by_email.get(item.email or "")
        if person is None and item.email:
            person = _unregistered(item.email)
        if person is None:
            if item.user_id is not None:  # a user without a profile yet
                outcome.waiting.append(item.user_id)
            continue
        user, target = person["user_id"], _target(person)
        if target in already:  # told by an earlier try of this event
            if user is not None:
                outcome.skipped.append(user)
            continue
        told.append(target)
        channels = _channels_of(person, kind)
        language: Language = messages.language_of(person["language"])
        message = messages.render(item.template, language, facts, person["time_zone"] or messages.DEFAULT_TIME_ZONE)
        if channels["in_app"] and user is not None:
            added = store.add_notification({
                "recipient": user, "organization_id": event.organization_id, "type": event.type,
                "title": message.title[:300], "body": message.body[:2000], "link": link, "event_id": event.id})
            if not added:  # told already (a redelivery): not again, on any channel
                outcome.skipped.append(user)
                continue
            outcome.notified.append(user)
        if channels["email"] and person["email"] and _send_email(outside, budget, event, person, message,
                                                                 language, facts, link):
            outcome.emailed.append(person["email"])
        wants_chat = wants_chat or (bool(channels["chat"]) and user is not None)

    if wants_chat and organization and event.type in messages.CHAT_EVENT_TYPES and "chat" not in already:
        told.append("chat")
        outcome.chats = _post_chat(outside, budget, event, organization, facts, link, sleep)
    for webhook in subscribed:
        if f"webhook:{webhook['id']}" not in already:
            told.append(f"webhook:{webhook['id']}")
            outcome.webhooks[webhook["id"]] = _deliver(store, outside, budget, event, webhook, sleep)
    if outcome.waiting:  # the event comes again: remember whom this try told
        store.record_told(event.id, told)
    elif already:  # the last of them told: the event will not come again
        store.forget_told(event.id)
    logger.info("event notified", extra={"event_id": str(event.id), "event_type": event.type,
                                         "notified": len(outcome.notified), "emailed": len(outcome.emailed),
                                         "chats": outcome.chats, "webhooks": len(outcome.webhooks),
                                         "skipped": len(outcome.skipped), "waiting": len(outcome.waiting)})
    return outcome


def _target(person: Row) -> str:
    """How ``notification_service.told`` names a recipient: a user by id, an invitee without an account
    by a hash of their address (the table need not hold addresses)."""
    if person["user_id"] is not None:
        return f"user:{person['user_id']}"
    return "address:" + hashlib.sha256(str(person["email"]).encode()).hexdigest()


def _unregistered(address: str) -> Row:
    """An invitee without an account: told by e-mail only, in Indonesian."""
    return {"user_id": None, "email": address, "display_name": None, "language": "id",
            "time_zone": messages.DEFAULT_TIME_ZONE, "notifications": {}}


def _channels_of(person: Row, kind: str | None) -> dict[str, bool]:
    """The recipient's channels for this kind of notification (users' preferences, defaults merged in)."""
    if person["user_id"] is None:
        return {"in_app": False, "email": True, "chat": False}
    return {**NO_CHANNELS, **(person["notifications"] or {}).get(kind or "", {})}


def _send_email(outside: Outside, budget: Budget, event: Event, person: Row, message: messages.Message,
                language: Language, facts: Facts, link: str | None) -> bool:
    if budget.spent:
        logger.warning("e-mail not sent: the event's send budget is spent", extra={"event_id": str(event.id)})
        return False
    mail = messages.email(message, language, name=person["display_name"], organization=facts.organization,
                          url=absolute(link), registered=person["user_id"] is not None)
    try:
        return outside.send_email(person["email"], mail.subject, mail.text, mail.html)
    except Exception:  # best effort: logged, the inbox still has it
        logger.exception("e-mail not sent", extra={"event_id": str(event.id), "event_type": event.type})
        return False


def _post_chat(outside: Outside, budget: Budget, event: Event, organization: Row, facts: Facts,
               link: str | None, sleep: Callable[[float], None] | None) -> list[str]:
    message = messages.render_chat(event.type, facts)
    url = absolute(link)
    posts = []
    if organization.get("discord_webhook_url"):
        posts.append(("discord", organization["discord_webhook_url"],
                      messages.discord_payload(message, organization=facts.organization, url=url,
                                               occurred_at=event.occurred_at)))
    if organization.get("slack_webhook_url"):
        posts.append(("slack", organization["slack_webhook_url"],
                      messages.slack_payload(message, organization=facts.organization, url=url)))
    delivered = []
    for name, target, payload in posts:
        try:  # only the service's own hosts, whatever was stored (targets.check_chat_url)
            check_chat_url(name, target, allow_private=get_settings().notify_allow_private_targets)
        except UnsafeTarget as error:
            logger.warning("chat message not sent: refused", extra={"event_id": str(event.id), "channel": name,
                                                                    "reason": str(error)})
            continue
        attempts: list[Attempt] = []
        if post_with_retries(outside, target, json_body(payload), {"Content-Type": "application/json"},
                             budget=budget, on_attempt=attempts.append, sleep=sleep):
            delivered.append(name)
        else:
            logger.warning("chat message not delivered", extra={
                "event_id": str(event.id), "channel": name,
                "attempts": [(a.status_code, a.error) for a in attempts]})
    return delivered


def webhook_body(event: Event) -> bytes:
    """What a webhook receives: the event as the outbox holds it."""
    return json_body({"id": str(event.id), "type": event.type, "occurred_at": event.occurred_at.isoformat(),
                      "organization_id": str(event.organization_id) if event.organization_id else None,
                      "data": event.payload})


def _deliver(store: NotifierStore, outside: Outside, budget: Budget, event: Event, webhook: Row,
             sleep: Callable[[float], None] | None) -> bool:
    body = webhook_body(event)
    headers = signed_headers(webhook["secret"], body, event_type=event.type, event_id=str(event.id))

    def record(attempt: Attempt) -> None:
        store.record_delivery({"webhook_id": webhook["id"], "organization_id": event.organization_id,
                               "event_id": event.id, "event_type": event.type, "attempt": attempt.number,
                               "status_code": attempt.status_code, "error": attempt.error,
                               "duration_ms": attempt.duration_ms})

    return post_with_retries(outside, webhook["url"], body, headers, budget=budget, on_attempt=record, sleep=sleep)
