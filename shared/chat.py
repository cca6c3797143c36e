"""A message for a chat webhook in the platform's own format: a Discord embed, Slack blocks.

Both the organization's chat notifications (functions/notifications/messages.py) and the operators'
alerts (functions/notifications/alerts.py) post through these, cut to each platform's limits and
escaped as each requires. Discord: https://discord.com/developers/docs/resources/webhook#execute-webhook;
Slack: https://api.slack.com/messaging/webhooks.
"""

from __future__ import annotations

from datetime import datetime

BLUE = 0x2563EB
RED = 0xDC2626
GREEN = 0x16A34A
USERNAME = "Proker Tracker"
_DISCORD_TITLE, _DISCORD_DESCRIPTION, _DISCORD_FOOTER = 256, 4096, 2048
_SLACK_HEADER, _SLACK_SECTION = 150, 3000


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def discord_payload(title: str, body: str, *, footer: str, occurred_at: datetime, url: str | None = None,
                    color: int = BLUE) -> dict[str, object]:
    """A Discord webhook message with one embed; it mentions no one, whatever the text says."""
    embed: dict[str, object] = {
        "title": cut(title, _DISCORD_TITLE),
        "description": cut(body, _DISCORD_DESCRIPTION),
        "color": color,
        "footer": {"text": cut(footer, _DISCORD_FOOTER)},
        "timestamp": occurred_at.isoformat(),
    }
    if url:
        embed["url"] = url
    return {"username": USERNAME, "allowed_mentions": {"parse": []}, "embeds": [embed]}


def slack_payload(title: str, body: str, *, context: str, url: str | None = None,
                  link_text: str = "Buka di Proker Tracker") -> dict[str, object]:
    """A Slack incoming-webhook message in blocks (``text`` is the notification's fallback)."""
    context = slack_escape(context)
    if url:
        context += f" · <{url}|{slack_escape(link_text)}>"
    return {
        "text": cut(title, _SLACK_SECTION),
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": cut(title, _SLACK_HEADER)}},
            {"type": "section", "text": {"type": "mrkdwn", "text": cut(slack_escape(body), _SLACK_SECTION)}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": context}]},
        ],
    }
