"""The web app's static files on their own origin (``WEB_PORT``, 3001), beside the API (``PORT``, 3000).

``make dev`` serves ``web/out`` (the static export ``next build`` writes) here, as S3 + CloudFront
serve it on AWS: files only, ``index.html`` for a folder, ``404.html`` for anything else, immutable
caching for the content-hashed ``/_next/static/`` assets. ``/config.json`` tells the app where the API
is: one build serves every stage, and the browser reaches the API across origins, through the
gateway's CORS, exactly as in production.

    python -m infra.local.web --port 3001 --api http://127.0.0.1:3000
"""

from __future__ import annotations

import argparse
import json
import logging
import mimetypes
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from waitress.server import create_server

log = logging.getLogger("web")
WEB_ROOT = Path(__file__).resolve().parents[2] / "web" / "out"
StartResponse = Callable[..., Any]


class StaticSite:
    """A WSGI application answering GET/HEAD from one folder, never outside it."""

    def __init__(self, root: Path, api_base_url: str) -> None:
        self.root = root.resolve()
        self.config = json.dumps({"apiBaseUrl": api_base_url}).encode()

    def resolve(self, path: str) -> Path | None:
        candidate = (self.root / path.lstrip("/")).resolve()
        if not candidate.is_relative_to(self.root):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO") or "/"
        if method not in ("GET", "HEAD"):
            start_response("405 Method Not Allowed", [("Allow", "GET, HEAD"), ("Content-Length", "0")])
            return [b""]
        if path == "/config.json":
            return self._send(start_response, "200 OK", self.config, "application/json", "no-cache", method)
        found = self.resolve(path)
        status = "200 OK"
        if found is None:
            found, status = self.resolve("/404.html"), "404 Not Found"
            if found is None:
                return self._send(start_response, status, b"Not found", "text/plain", "no-cache", method)
        content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type in ("application/javascript", "application/json"):
            content_type += "; charset=utf-8"
        cache = "public, max-age=31536000, immutable" if path.startswith("/_next/static/") else "no-cache"
        return self._send(start_response, status, found.read_bytes(), content_type, cache, method)

    @staticmethod
    def _send(start_response: StartResponse, status: str, body: bytes, content_type: str, cache: str,
              method: str) -> Iterable[bytes]:
        start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body))),
                                ("Cache-Control", cache), ("X-Content-Type-Options", "nosniff")])
        return [b"" if method == "HEAD" else body]


class WebServer:
    """waitress in a thread of its own; ``stop()`` closes it."""

    def __init__(self, host: str, port: int, api_base_url: str, root: Path = WEB_ROOT) -> None:
        if not (root / "index.html").is_file():
            raise FileNotFoundError(f"{root} holds no built web app: run `make web` (cd web && npm run build)")
        self.site = StaticSite(root, api_base_url)
        self._server = create_server(self.site, host=host, port=port, threads=4, ident="proker-web")
        self.port = int(self._server.effective_port)
        self._thread = threading.Thread(target=self._server.run, name="web", daemon=True)

    def start(self) -> WebServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "3001")))
    parser.add_argument("--api", default=f"http://127.0.0.1:{os.environ.get('PORT', '3000')}")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    server = WebServer(args.host, args.port, args.api)
    print(f"web app on http://{args.host}:{server.port} (API {args.api})", flush=True)
    server._server.run()


if __name__ == "__main__":
    main()
