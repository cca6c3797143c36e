"""Use cases of the organization's logo on its documents' letterhead (issue 12). Uploaded as an LPJ attachment is
(``attachments``): the board records it and gets a form for one key, the browser posts the picture straight to the
file store, the API checks what arrived and only then is it the logo; the logo before it and its file go. Every
member sees it; the PDFs print it beside the organization's name."""

from __future__ import annotations

import io
import uuid
from uuid import UUID

from functions.reports.attachment_models import AttachmentUpload
from functions.reports.attachments import EXTENSIONS, SIGNATURES, UPLOAD_SECONDS
from functions.reports.errors import LogoNotFound, NotAllowed, OrganizationArchived, OrganizationNotFound, UploadMissing
from functions.reports.logo_models import LetterheadLogo, Logo, LogoCreate, NewLogo
from functions.reports.repository import ReportStore
from shared.files import FileStore
from shared.store import Row

RETRY = "upload the logo again"
LOGO_SIDE = 4000
"""A logo's most pixels on a side: a PNG is decoded whole to print it, and 4000x4000 is 64 MB in memory (a logo
prints at about 260 pixels, ``render_pdf.LOGO_PIXELS``). A larger one is refused when it arrives."""


def _logo(row: Row, files: FileStore) -> Logo:
    uploaded = row["uploaded_at"] is not None
    link = files.link(row["file_key"], f"logo{EXTENSIONS[row['content_type']]}") if uploaded else None
    return Logo.model_validate({**row, "uploaded": uploaded, "url": link.url if link else None,
                                "url_expires_at": link.expires_at if link else None})


def _board(store: ReportStore, org_id: UUID) -> Row:
    row = store.letterhead_logo(org_id)
    if not row["member"]:
        raise OrganizationNotFound()
    if not row["may_edit"]:
        raise NotAllowed("change the organization's logo (its ketua and wakil ketua do)")
    if row["archived"]:
        raise OrganizationArchived()
    return row


def _unprintable(data: bytes) -> str | None:
    """Why the picture that arrived cannot be a logo (too many pixels, or not a picture to the end); None when it
    can. Decoded whole, once, here, so that no PDF meets a picture it cannot print."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if max(image.size) > LOGO_SIDE:
                return f"that arrived is {image.width}x{image.height} pixels, more than {LOGO_SIDE} on a side"
            image.load()
    except (OSError, ValueError, Image.DecompressionBombError):
        return "that arrived cannot be read as a picture"
    return None


def letterhead_logo(store: ReportStore, files: FileStore, org_id: UUID) -> LetterheadLogo:
    row = store.letterhead_logo(org_id)
    if not row["member"]:
        raise OrganizationNotFound()
    return LetterheadLogo(logo=_logo(row["logo"], files) if row["logo"] else None, may_edit=bool(row["may_edit"]))


def add_logo(store: ReportStore, files: FileStore, org_id: UUID, request: LogoCreate) -> NewLogo:
    """Record a logo about to be uploaded and hand out its upload form."""
    _board(store, org_id)
    logo_id = uuid.uuid4()
    key = f"logos/{org_id}/{logo_id}{EXTENSIONS[request.content_type]}"
    created = store.insert_logo({"id": logo_id, "organization_id": org_id, "content_type": request.content_type,
                                 "size_bytes": request.size_bytes, "file_key": key})
    upload = files.upload(key, request.content_type, request.size_bytes, UPLOAD_SECONDS)
    store.commit()
    return NewLogo(logo=_logo(created, files),
                   upload=AttachmentUpload(url=upload.url, fields=upload.fields, expires_at=upload.expires_at))


def confirm_logo(store: ReportStore, files: FileStore, org_id: UUID, logo_id: UUID) -> LetterheadLogo:
    """The picture is up: check what arrived (the declared size, the declared type's first bytes), make it the logo
    and delete the one before. A picture that is not what was declared is deleted; nothing changes."""
    _board(store, org_id)
    item = store.logo_upload(org_id, logo_id)
    if item is None:
        raise LogoNotFound()
    if item["uploaded_at"] is None:
        size = files.size(item["file_key"])
        if size is None:
            raise UploadMissing("has not arrived", RETRY)
        if size != item["size_bytes"] or not files.read(item["file_key"], 16).startswith(
                SIGNATURES[item["content_type"]]):
            files.delete(item["file_key"])
            why = (f"that arrived is {size} bytes, not the {item['size_bytes']} declared" if size != item["size_bytes"]
                   else f"that arrived is not a {EXTENSIONS[item['content_type']][1:].upper()} file")
            raise UploadMissing(why, RETRY)
        why_not = _unprintable(files.read(item["file_key"]))
        if why_not:
            files.delete(item["file_key"])
            raise UploadMissing(why_not, RETRY)
    logo, gone = store.replace_logo(org_id, logo_id)
    store.commit()
    if logo is None:  # removed meanwhile (the logo taken off, or the upload forgotten): its file goes too
        files.delete(item["file_key"])
        raise LogoNotFound()
    for key in gone:
        files.delete(key)
    return letterhead_logo(store, files, org_id)


def remove_logo(store: ReportStore, files: FileStore, org_id: UUID) -> None:
    """The organization's documents go without a logo: its records go, then their files."""
    _board(store, org_id)
    gone = store.delete_logos(org_id)
    store.commit()
    for key in gone:
        files.delete(key)

