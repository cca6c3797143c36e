"""The local stand-in for S3's presigned links: ``GET /_files/<key>?expires=&signature=`` on the local
gateway serves a file of the local report folder (``shared.files.LocalFileStore``) while its link is
valid. Expired or tampered links are 403, as S3 answers them; a valid link to a missing file is 404.
``POST /_files/`` takes a file posted with a form ``LocalFileStore.upload`` signed (multipart, the file last),
as S3 takes a presigned POST: 204 when stored, 403 for a form not signed or expired, 400 for a file that
breaks the form's conditions (type, size). Not an API route (template.yaml has none of it): on AWS the links
and forms point at S3 itself."""

from __future__ import annotations

import email.policy
import json
from email.parser import BytesParser
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs, unquote

from shared.files import INLINE, LOCAL_PREFIX, InvalidKey, LocalFileStore, check_key, content_type_of, local_file_store

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

    def answer(self, method: str, path: str, query: str, headers: dict[str, str] | None = None,
               body: bytes = b"") -> Answer | None:
        if method == "POST" and path == LOCAL_PREFIX:
            return self.accept(headers or {}, body)
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
        inline = "inline" if key.lower().endswith(INLINE) else "attachment"
        return 200, {"Content-Type": content_type_of(key), "Cache-Control": "private, no-store",
                     "Content-Disposition": f'{inline}; filename="{Path(key).name}"',
                     "X-Content-Type-Options": "nosniff"}, path_on_disk.read_bytes()

    def accept(self, headers: dict[str, str], body: bytes) -> Answer:
        form = _form(headers.get("content-type", ""), body)
        if form is None:
            return _problem(400, "Post the upload form as multipart/form-data, its fields first and the file last "
                                 "(as 'file').")
        fields, file = form
        try:
            refused = self.store.accept(fields, file)
        except (ValueError, KeyError, TypeError, InvalidKey):  # a policy that decodes to something else
            refused = 403, "The upload form is not one this server signed."
        if refused is not None:
            return _problem(*refused)
        return 204, {"Cache-Control": "no-store"}, b""


def _form(content_type: str, body: bytes) -> tuple[dict[str, str], bytes] | None:
    """The text fields and the file (the part named ``file``) of a multipart/form-data body."""
    if not content_type.lower().startswith("multipart/form-data"):
        return None
    message = BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body)
    if not message.is_multipart():
        return None
    fields: dict[str, str] = {}
    file = None
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(payload, bytes):
            continue
        if name == "file":
            file = payload
        else:
            fields[name] = payload.decode("utf-8", "replace")
    return (fields, file) if file is not None else None
