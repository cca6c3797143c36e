"""Use cases of the files attached to a program's LPJ (issue 12): photos of the activity, receipts, attendance
lists, the proposal.

The file never passes through a function. Adding one is three steps: the API records it and hands the browser an
upload form for one key (``FileStore.upload``: an S3 presigned POST limited to the declared type and size), the
browser posts the file straight to the store, then tells the API it has (``confirm``): the API looks at what
arrived (its size, and its first bytes for the declared type) and only then lists it in the LPJ. Who may write
the LPJ adds and removes attachments while it is ``draft`` or ``revisi``; every member reads them, each with a
time-limited link. The approved LPJ's PDF prints the documentation photos."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from pathlib import PurePath
from uuid import UUID

from functions.reports.attachment_models import (
    MAX_PER_PROGRAM,
    AttachmentCreate,
    AttachmentUpdate,
    AttachmentUpload,
    LpjAttachment,
    LpjAttachments,
    NewAttachment,
)
from functions.reports.errors import (
    AttachmentNotFound,
    LpjFrozen,
    NotAllowed,
    NotAReceipt,
    ProgramNotFound,
    TooManyAttachments,
    UploadMissing,
)
from functions.reports.parts import Names
from functions.reports.repository import ReportStore
from shared.files import FileStore
from shared.store import Row

UPLOAD_SECONDS = 15 * 60
"""How long an upload form stays valid: long enough for a slow phone connection, short for a leaked form."""
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}
SIGNATURES = {"image/jpeg": (b"\xff\xd8\xff",), "image/png": (b"\x89PNG\r\n\x1a\n",), "application/pdf": (b"%PDF-",)}
"""The first bytes of a file of each type we accept (what a browser's declared type does not prove)."""
EDITABLE = ("draft", "revisi")


def _state(store: ReportStore, program_id: UUID) -> Row:
    row = store.lpj_attachments(program_id)
    if row is None:
        raise ProgramNotFound()
    return row


def _editable(store: ReportStore, program_id: UUID, action: str) -> Row:
    row = _state(store, program_id)
    if not row["may_write"]:
        raise NotAllowed(f"{action} (its PJ, the heads of its department, the sekretaris and the board do)")
    if row["status"] not in EDITABLE:
        raise LpjFrozen(row["status"])
    return row


def file_key(org_id: UUID, program_id: UUID, attachment_id: UUID, filename: str, content_type: str) -> str:
    """``attachments/<org>/<program>/<id>/<name>.<ext>``: the name kept readable (letters, digits, ``._-``), the
    extension the declared type's."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", PurePath(filename).stem).strip(".-_")[:80] or "lampiran"
    return f"attachments/{org_id}/{program_id}/{attachment_id}/{stem}{EXTENSIONS[content_type]}"


def _attachment(row: Row, names: Names, files: FileStore) -> LpjAttachment:
    uploaded = row["uploaded_at"] is not None
    link = files.link(row["file_key"], row["filename"]) if uploaded else None
    return LpjAttachment.model_validate({
        **row, "uploaded": uploaded, "created_by": names.person(row["created_by"]),
        "url": link.url if link else None, "url_expires_at": link.expires_at if link else None})


def _listed(store: ReportStore, files: FileStore, rows: Sequence[Row]) -> list[LpjAttachment]:
    names = Names(store.names([row["created_by"] for row in rows]))
    return [_attachment(row, names, files) for row in rows]


def list_attachments(store: ReportStore, files: FileStore, program_id: UUID) -> LpjAttachments:
    row = _state(store, program_id)
    return LpjAttachments(items=_listed(store, files, row["items"]),
                          may_edit=bool(row["may_write"]) and row["status"] in EDITABLE)


def add_attachment(store: ReportStore, files: FileStore, program_id: UUID, request: AttachmentCreate) -> NewAttachment:
    """Record a file about to be uploaded and hand out its upload form."""
    row = _editable(store, program_id, "add attachments to this program's LPJ")
    if request.budget_item_id is not None and request.kind != "kuitansi":
        raise NotAReceipt()
    if len(row["items"]) >= MAX_PER_PROGRAM:
        raise TooManyAttachments(MAX_PER_PROGRAM)
    attachment_id = uuid.uuid4()
    key = file_key(row["organization_id"], program_id, attachment_id, request.filename, request.content_type)
    created = store.insert_attachment({
        "id": attachment_id, "program_id": program_id, "organization_id": row["organization_id"],
        "period_id": row["period_id"], "kind": request.kind, "title": request.title, "filename": request.filename,
        "content_type": request.content_type, "size_bytes": request.size_bytes, "file_key": key,
        "budget_item_id": request.budget_item_id})
    upload = files.upload(key, request.content_type, request.size_bytes, UPLOAD_SECONDS)
    store.commit()
    return NewAttachment(attachment=_listed(store, files, [created])[0],
                         upload=AttachmentUpload(url=upload.url, fields=upload.fields, expires_at=upload.expires_at))


def _found(row: Row, attachment_id: UUID) -> Row:
    found = next((item for item in row["items"] if str(item["id"]) == str(attachment_id)), None)
    if found is None:
        raise AttachmentNotFound()
    return found


def confirm_upload(store: ReportStore, files: FileStore, program_id: UUID, attachment_id: UUID) -> LpjAttachment:
    """The browser says the file is up: check what arrived (the declared size, the declared type's first bytes)
    and list it. A file that is not what was declared is removed from the store; the record stays, to be uploaded
    again or removed. Confirming twice answers the same."""
    row = _editable(store, program_id, "add attachments to this program's LPJ")
    item = _found(row, attachment_id)
    if item["uploaded_at"] is None:
        key = item["file_key"]
        size = files.size(key)
        if size is None:
            raise UploadMissing("has not arrived")
        if size != item["size_bytes"] or not files.read(key, 16).startswith(SIGNATURES[item["content_type"]]):
            files.delete(key)
            why = (f"that arrived is {size} bytes, not the {item['size_bytes']} declared" if size != item["size_bytes"]
                   else f"that arrived is not a {EXTENSIONS[item['content_type']][1:].upper()} file")
            raise UploadMissing(why)
        item = store.mark_uploaded(attachment_id) or item
        store.commit()
    return _listed(store, files, [item])[0]


def change_attachment(store: ReportStore, files: FileStore, program_id: UUID, attachment_id: UUID,
                      request: AttachmentUpdate) -> LpjAttachment:
    """Retitle an attachment, or name (or stop naming) the budget item a receipt is for: a receipt uploaded before
    its item was entered need not go up again. While the LPJ may be edited, by who may write it."""
    row = _editable(store, program_id, "change this program's LPJ attachments")
    item = _found(row, attachment_id)
    changes = {name: value for name, value in request.model_dump(include=request.model_fields_set).items()
               if str(value) != str(item[name])}  # the listed row's ids are text
    if changes.get("budget_item_id") is not None and item["kind"] != "kuitansi":
        raise NotAReceipt()
    if changes:
        item = store.update_attachment(attachment_id, changes) or item
        store.commit()
    return _listed(store, files, [item])[0]


def remove_attachment(store: ReportStore, files: FileStore, program_id: UUID, attachment_id: UUID) -> None:
    """Remove the record, then the file (a file left behind by a failure is never listed or linked again)."""
    row = _editable(store, program_id, "remove attachments from this program's LPJ")
    item = _found(row, attachment_id)
    if not store.delete_attachment(attachment_id):
        raise AttachmentNotFound()
    store.commit()
    files.delete(item["file_key"])
