"""The events an organization's webhook may subscribe to: a module of their own, so that the notifications
consumer (``notifier``), which needs the list, does not import the API's wire models (``models``) at its start."""

from __future__ import annotations

from typing import Literal, get_args

WebhookEventType = Literal[
    "program.created", "program.status_changed",
    "task.created", "task.assigned", "task.unassigned", "task.status_changed", "task.due_date_changed",
    "task.due_soon", "task.overdue",
    "comment.created",
    "report.generated",
]
"""What an organization's webhook may subscribe to: the events of its programs, tasks and reports. Not
``invitation.created``, which carries an invitee's e-mail address."""
WEBHOOK_EVENT_TYPES: tuple[str, ...] = get_args(WebhookEventType)
