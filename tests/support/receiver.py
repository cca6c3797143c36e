"""A local HTTP server standing in for Discord's and Slack's webhooks: it records every JSON body posted to
``/<platform>``, and answers each with the next status of ``statuses`` (then 204)."""

from __future__ import annotations

import json
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Receiver:
    def __init__(self, statuses: list[int] | None = None) -> None:
        self.posts: list[tuple[str, dict[str, Any]]] = []
        posts, answers = self.posts, deque(statuses or [])

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                posts.append((self.path.strip("/"), json.loads(body)))
                self.send_response(answers.popleft() if answers else 204)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def of(self, platform: str) -> list[dict[str, Any]]:
        return [body for kind, body in self.posts if kind == platform]

    def texts(self, platform: str) -> list[str]:
        """What a person reads of each post: the title and the text under it."""
        if platform == "discord":
            return [embed["title"] + "\n" + embed["description"] for body in self.of("discord")
                    for embed in body["embeds"]]
        return [body["text"] + "\n" + body["blocks"][1]["text"]["text"] for body in self.of("slack")]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
