"""Swagger UI's files for the docs page (``/docs``), served by the local gateway under ``/docs/assets/``, so
the page works without internet (it loaded them from a CDN before).

They come from the PyPI package ``swagger-ui-py`` (a dev dependency, pinned in pyproject.toml), which ships
Swagger UI 5's ``dist`` files. Swagger UI 5 is needed: our document is OpenAPI 3.1, which Swagger UI 4
(the one in ``swagger-ui-bundle``) cannot render. The package is not imported (its module needs
jinja2); only its folder is read. Only the files the page uses are served, by name.

``answer(method, path)`` is the gateway's hook: ``(status, headers, body)`` for a path under
``/docs/assets/``, else None (not ours).
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path

PREFIX = "/docs/assets/"
PACKAGE = "swagger_ui"  # the import name of the PyPI package swagger-ui-py
ASSETS = {
    "swagger-ui.css": "text/css; charset=utf-8",
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "favicon-32x32.png": "image/png",
    "favicon-16x16.png": "image/png",
}
"""The files the page may ask for, with their content types."""

Answer = tuple[int, dict[str, str], bytes]


def static_folder() -> Path | None:
    """The package's folder of Swagger UI files, or None when it is not installed."""
    spec = importlib.util.find_spec(PACKAGE)  # finds it without running the package's __init__
    locations = spec.submodule_search_locations if spec else None
    if not locations:
        return None
    folder = Path(next(iter(locations))) / "static"
    return folder if folder.is_dir() else None


@functools.cache
def _read(name: str) -> bytes | None:
    folder = static_folder()
    path = folder / name if folder else None
    return path.read_bytes() if path and path.is_file() else None


def _problem(status: int, detail: str) -> Answer:
    body = {"type": "about:blank", "title": "Not Found" if status == 404 else "Service Unavailable",
            "status": status, "detail": detail}
    return status, {"Content-Type": "application/problem+json"}, json.dumps(body).encode()


def answer(method: str, path: str) -> Answer | None:
    """``GET``/``HEAD /docs/assets/<file>``: the file; an unknown file 404; another method or path None."""
    if method not in ("GET", "HEAD") or not path.startswith(PREFIX):
        return None
    name = path[len(PREFIX):]
    if name not in ASSETS:
        return _problem(404, "No such file among the docs page's assets.")
    content = _read(name)
    if content is None:
        return _problem(503, "Swagger UI's files are not installed: run `make dev` (it installs the dev "
                             "dependencies, swagger-ui-py among them).")
    return 200, {"Content-Type": ASSETS[name], "Cache-Control": "public, max-age=86400"}, content
