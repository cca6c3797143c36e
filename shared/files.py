"""Generated files (report CSVs and PDFs): stored once, handed out behind time-limited links.

On AWS the files live in a private S3 bucket (``REPORTS_BUCKET``): ``put_object``, and a link is a
presigned GET URL that expires. Without a bucket (``make dev``, tests) they live in a local folder
(``REPORT_FILES_DIR``, ``.data/reports``) that the local gateway serves at
``/_files/<key>?expires=<unix time>&signature=<HMAC-SHA256 of key and expiry>``, so a link works, and
stops working, as a presigned URL does. ``file_store()`` picks one from the settings.

    store = file_store()
    store.put("org/report/laporan.pdf", pdf_bytes, "application/pdf")
    link = store.link("org/report/laporan.pdf")        # Link(url=..., expires_at=...)

Files people attach (an LPJ's photos and receipts) go the other way: the API hands the browser an upload form
for one key (``upload``: an S3 presigned POST, with the content type and a size limit as its conditions;
locally a form the gateway accepts at ``/_files/`` under the same conditions, signed with the same secret),
the browser posts the file straight to the store, and the API then looks at what arrived (``size``, ``read``).

A presigned URL made with a Lambda role's temporary credentials stops working when they expire,
whatever its own expiry: links are minted when asked for, never stored.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
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
CONTENT_TYPES = {".pdf": "application/pdf", ".csv": "text/csv; charset=utf-8", ".json": "application/json",
                 ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
INLINE = (".pdf", ".jpg", ".jpeg", ".png")
"""Opened in the browser's tab (documents and photos); anything else is downloaded."""
SECRET_FILE = ".link-secret"  # noqa: S105 (a file name)


@dataclass(frozen=True)
class Link:
    url: str
    expires_at: datetime


@dataclass(frozen=True)
class Upload:
    """A form the browser posts one file with: ``fields`` first, then the file as ``file`` (multipart)."""
    url: str
    fields: dict[str, str]
    expires_at: datetime


class FileStore(Protocol):
    def check(self) -> None: ...
    def put(self, key: str, body: bytes, content_type: str, filename: str | None = None) -> None: ...
    def link(self, key: str, filename: str | None = None, seconds: int | None = None) -> Link: ...
    def upload(self, key: str, content_type: str, max_bytes: int, seconds: int | None = None) -> Upload: ...
    def size(self, key: str) -> int | None: ...
    def read(self, key: str, length: int | None = None) -> bytes: ...
    def delete(self, key: str) -> None: ...


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
    inline = "inline" if name.lower().endswith(INLINE) else "attachment"
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

    def upload(self, key: str, content_type: str, max_bytes: int, seconds: int | None = None) -> Upload:
        expires = _expiry(seconds)
        post = self.client.generate_presigned_post(
            Bucket=self.bucket, Key=check_key(key), Fields={"Content-Type": content_type},
            Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
            ExpiresIn=expires - int(time.time()))
        return Upload(url=post["url"], fields=dict(post["fields"]), expires_at=datetime.fromtimestamp(expires, UTC))

    def size(self, key: str) -> int | None:
        from botocore.exceptions import ClientError

        try:
            head = self.client.head_object(Bucket=self.bucket, Key=check_key(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return int(head["ContentLength"])

    def read(self, key: str, length: int | None = None) -> bytes:
        """The file, or its first ``length`` bytes."""
        ranged = {"Range": f"bytes=0-{length - 1}"} if length else {}
        body: bytes = self.client.get_object(Bucket=self.bucket, Key=check_key(key), **ranged)["Body"].read()
        return body

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=check_key(key))


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

    def size(self, key: str) -> int | None:
        path = self.path_of(key)
        return path.stat().st_size if path.is_file() else None

    def read(self, key: str, length: int | None = None) -> bytes:
        with self.path_of(key).open("rb") as file:
            return file.read(length if length else -1)

    def delete(self, key: str) -> None:
        self.path_of(key).unlink(missing_ok=True)

    def signature(self, key: str, expires: int) -> str:
        return hmac.new(self.secret, f"{key}\n{expires}".encode(), hashlib.sha256).hexdigest()

    def upload(self, key: str, content_type: str, max_bytes: int, seconds: int | None = None) -> Upload:
        """A form for the gateway's ``POST /_files/``: the policy (key, type, size limit, expiry) and its HMAC."""
        expires = _expiry(seconds)
        policy = base64.urlsafe_b64encode(json.dumps({"key": check_key(key), "content_type": content_type,
                                                      "max_bytes": max_bytes, "expires": expires}).encode())
        signature = hmac.new(self.secret, b"upload\n" + policy, hashlib.sha256).hexdigest()
        return Upload(url=f"{self.base_url}{LOCAL_PREFIX}",
                      fields={"key": key, "Content-Type": content_type, "policy": policy.decode(),
                              "signature": signature},
                      expires_at=datetime.fromtimestamp(expires, UTC))

    def accept(self, fields: dict[str, str], body: bytes, now: float | None = None) -> tuple[int, str] | None:
        """Store a posted file if its form is one ``upload`` signed and it meets the form's conditions, as S3
        checks a presigned POST; else the status and reason S3 would answer (nothing stored)."""
        policy, signature = fields.get("policy", ""), fields.get("signature", "")
        expected = hmac.new(self.secret, b"upload\n" + policy.encode(), hashlib.sha256).hexdigest()
        if not policy or not hmac.compare_digest(expected, signature):
            return 403, "The upload form is not one this server signed."
        conditions = json.loads(base64.urlsafe_b64decode(policy))
        if conditions["expires"] < (time.time() if now is None else now):
            return 403, "The upload form has expired; ask the API for a new one."
        if fields.get("key") != conditions["key"] or fields.get("Content-Type") != conditions["content_type"]:
            return 403, "The form's key or Content-Type is not the one it was signed for."
        if not 1 <= len(body) <= conditions["max_bytes"]:
            return 400, f"The file must be between 1 and {conditions['max_bytes']} bytes."
        self.put(conditions["key"], body, conditions["content_type"])
        return None

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
