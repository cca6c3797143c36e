"""Generated files (report CSVs and PDFs): stored once, handed out behind time-limited links.

On AWS the files live in a private S3 bucket (``REPORTS_BUCKET``): ``put_object``, and a link is a
presigned GET URL that expires. Without a bucket (``make dev``, tests) they live in a local folder
(``REPORT_FILES_DIR``, ``.data/reports``) that the local gateway serves at
``/_files/<key>?expires=<unix time>&signature=<HMAC-SHA256 of key and expiry>``, so a link works, and
stops working, as a presigned URL does. ``file_store()`` picks one from the settings.

    store = file_store()
    store.put("org/report/laporan.pdf", pdf_bytes, "application/pdf")
    link = store.link("org/report/laporan.pdf")        # Link(url=..., expires_at=...)

A presigned URL made with a Lambda role's temporary credentials stops working when they expire,
whatever its own expiry: links are minted when asked for, never stored.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import re
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from shared.config import get_settings

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)*$")
"""Keys are made by our code; segments never start with a dot (nothing hidden, no ``..``)."""
LOCAL_PREFIX = "/_files/"
CONTENT_TYPES = {".pdf": "application/pdf", ".csv": "text/csv; charset=utf-8", ".json": "application/json"}
SECRET_FILE = ".link-secret"  # noqa: S105 (a file name)


@dataclass(frozen=True)
class Link:
    url: str
    expires_at: datetime


class FileStore(Protocol):
    def check(self) -> None: ...
    def put(self, key: str, body: bytes, content_type: str, filename: str | None = None) -> None: ...
    def link(self, key: str, filename: str | None = None, seconds: int | None = None) -> Link: ...


class InvalidKey(ValueError):
    pass


def check_key(key: str) -> str:
    if len(key) > 500 or not KEY_PATTERN.fullmatch(key):
        raise InvalidKey(f"not a file key: {key!r}")
    return key


def content_type_of(key: str) -> str:
    return CONTENT_TYPES.get(Path(key).suffix.lower(), "application/octet-stream")


def _disposition(filename: str | None, key: str) -> str:
    name = filename or Path(key).name
    ascii_name = re.sub(r'[^A-Za-z0-9_.() -]', "_", name)
    inline = "inline" if name.lower().endswith(".pdf") else "attachment"
    return f"{inline}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def _expiry(seconds: int | None) -> int:
    return int(time.time()) + (seconds or get_settings().report_link_seconds)


class S3FileStore:
    """A private bucket; boto3 is imported and its client created on first use (cold start)."""

    def __init__(self, bucket: str, client: Any = None) -> None:
        self.bucket = bucket
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            import boto3
            from botocore.config import Config

            # Signature V4: the only one newer regions (ap-southeast-3, Jakarta) accept.
            self._client = boto3.client("s3", config=Config(signature_version="s3v4"))
        return self._client

    def check(self) -> None:
        """Raise unless the bucket answers (``HeadBucket``: the role needs ``s3:ListBucket`` on it)."""
        self.client.head_bucket(Bucket=self.bucket)

    def put(self, key: str, body: bytes, content_type: str, filename: str | None = None) -> None:
        self.client.put_object(Bucket=self.bucket, Key=check_key(key), Body=body, ContentType=content_type,
                               ContentDisposition=_disposition(filename, key))

    def link(self, key: str, filename: str | None = None, seconds: int | None = None) -> Link:
        expires = _expiry(seconds)
        url = self.client.generate_presigned_url(
            "get_object", ExpiresIn=expires - int(time.time()),
            Params={"Bucket": self.bucket, "Key": check_key(key),
                    "ResponseContentDisposition": _disposition(filename, key)})
        return Link(url=url, expires_at=datetime.fromtimestamp(expires, UTC))


class LocalFileStore:
    """A folder; links go through the local gateway (infra/local/gateway.py), signed with a secret."""

    def __init__(self, folder: Path, base_url: str, secret: bytes | None = None) -> None:
        self.folder = folder
        self.base_url = base_url.rstrip("/")
        self._secret = secret

    @property
    def secret(self) -> bytes:
        if self._secret is None:
            self._secret = _local_secret(self.folder)
        return self._secret

    def check(self) -> None:
        """Raise unless the folder exists (or can be made) and can be written to."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if not os.access(self.folder, os.W_OK | os.X_OK):
            raise PermissionError(f"{self.folder} cannot be written to")

    def path_of(self, key: str) -> Path:
        return self.folder / check_key(key)

    def put(self, key: str, body: bytes, content_type: str, filename: str | None = None) -> None:
        path = self.path_of(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(body)
        partial.replace(path)  # readers see the whole file or none

    def signature(self, key: str, expires: int) -> str:
        return hmac.new(self.secret, f"{key}\n{expires}".encode(), hashlib.sha256).hexdigest()

    def link(self, key: str, filename: str | None = None, seconds: int | None = None) -> Link:
        expires = _expiry(seconds)
        url = (f"{self.base_url}{LOCAL_PREFIX}{quote(check_key(key))}"
               f"?expires={expires}&signature={self.signature(key, expires)}")
        return Link(url=url, expires_at=datetime.fromtimestamp(expires, UTC))

    def verify(self, key: str, expires: str | None, signature: str | None, now: float | None = None) -> bool:
        """Is this a link we signed, for this key, not expired yet?"""
        if not expires or not signature or not expires.isdigit():
            return False
        try:
            check_key(key)
        except InvalidKey:
            return False
        if int(expires) < (time.time() if now is None else now):
            return False
        return hmac.compare_digest(self.signature(key, int(expires)), signature)


def _local_secret(folder: Path) -> bytes:
    configured = get_settings().report_files_secret
    if configured:
        return configured.encode()
    path = folder / SECRET_FILE
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        candidate = folder / f"{SECRET_FILE}.{secrets.token_hex(4)}"
        candidate.touch(mode=0o600)
        candidate.write_text(secrets.token_hex(32))
        try:
            os.link(candidate, path)  # atomic: the first process wins, the others read its secret
        except FileExistsError:
            pass
        finally:
            candidate.unlink()
    return path.read_text().strip().encode()


@functools.cache
def file_store() -> FileStore:
    """The store the settings name: the S3 bucket, else the local folder."""
    settings = get_settings()
    if settings.reports_bucket:
        return S3FileStore(settings.reports_bucket)
    return local_file_store()


def local_file_store() -> LocalFileStore:
    settings = get_settings()
    return LocalFileStore(settings.report_files_dir, settings.service_base_url)


def reset_file_store() -> None:
    """Forget the store (tests change the settings)."""
    file_store.cache_clear()
