"""The local stand-in for S3's presigned links: ``GET /_files/<key>?expires=&signature=`` on the local
gateway serves a file of the local report folder (``shared.files.LocalFileStore``) while its link is
valid. Expired or tampered links are 403, as S3 answers them; a valid link to a missing file is 404.
Not an API route (template.yaml has none of it): on AWS the links point at S3 itself."""

from __future__ import annotations

import json
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs, unquote

from shared.files import LOCAL_PREFIX, InvalidKey, LocalFileStore, check_key, content_type_of, local_file_store

Answer = tuple[int, dict[str, str], bytes]


def _problem(status: int, detail: str) -> Answer:
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail}
    return status, {"Content-Type": "application/problem+json"}, json.dumps(body).encode()


class LocalFiles:
    def __init__(self, store: LocalFileStore | None = None) -> None:
        self._store = store

    @property
    def store(self) -> LocalFileStore:
        return self._store or local_file_store()  # the settings of the moment (tests change them)

    def answer(self, method: str, path: str, query: str) -> Answer | None:
        if method not in ("GET", "HEAD") or not path.startswith(LOCAL_PREFIX):
            return None
        key = unquote(path[len(LOCAL_PREFIX):])
        params = parse_qs(query)
        expires = params.get("expires", [""])[0] or None
        signature = params.get("signature", [""])[0] or None
        store = self.store
        if not store.verify(key, expires, signature):
            return _problem(403, "This link is not valid or has expired; ask the API for a new one.")
        try:
            path_on_disk: Path = store.path_of(check_key(key))
        except InvalidKey:
            return _problem(403, "This link is not valid or has expired; ask the API for a new one.")
        if not path_on_disk.is_file():
            return _problem(404, "The file of this link no longer exists.")
        inline = "inline" if key.endswith(".pdf") else "attachment"
        return 200, {"Content-Type": content_type_of(key), "Cache-Control": "private, no-store",
                     "Content-Disposition": f'{inline}; filename="{Path(key).name}"',
                     "X-Content-Type-Options": "nosniff"}, path_on_disk.read_bytes()
