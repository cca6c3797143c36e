"""Wire models of the files attached to a program's LPJ (photos, receipts, attendance lists, the proposal):
what a new one declares, what may change of one, the upload form the browser posts the file with, and an
attachment as listed. A module of its own: the attachments' functions build these models only (issue 14)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, StringConstraints

from functions.reports.parts import AttachmentKind, Person
from shared.types import NON_BLANK, NOT_NULL, WHOLE_NUMBER, Model, Request

AttachmentType = Literal["image/jpeg", "image/png", "application/pdf"]
MAX_BYTES = 10 * 1024 * 1024
"""10 MiB a file: a phone's photo or a scanned receipt; the database refuses more as well."""
MAX_PER_PROGRAM = 100
"""Attachments a program's LPJ may hold (documentation photos, receipts, attendance lists, proposal)."""

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), NON_BLANK]


class AttachmentCreate(Request):
    """A file about to be uploaded: what it is, and its name, type and size as the browser knows them."""

    kind: AttachmentKind = Field(description="`dokumentasi` (a photo of the activity, printed in the LPJ), "
                                             "`kuitansi` (a receipt), `daftar_hadir` (an attendance list), "
                                             "`proposal`, or `lainnya`.")
    title: Title = Field(description="What the file shows, e.g. \"Pembukaan oleh ketua\".")
    filename: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
                        NON_BLANK] = Field(description="The file's name on the uploader's device.")
    content_type: AttachmentType = Field(description="JPEG or PNG pictures, or PDF documents.")
    size_bytes: Annotated[int, Field(ge=1, le=MAX_BYTES), WHOLE_NUMBER] = Field(
        description="The file's size in bytes (at most 10 MiB); the upload must be exactly this size.")
    budget_item_id: UUID | None = Field(None, description="For a `kuitansi` only: the program's budget item it is the "
                                                          "receipt for (`GET /programs/{id}/budget-items`).")


class AttachmentUpdate(Request):
    """Only the fields sent change: a new title, or the budget item a receipt is for (null: none). What the file
    is (its kind, type and size) stays: remove it and upload another for that."""

    title: Annotated[Title | None, NOT_NULL] = Field(None, description="What the file shows.")
    budget_item_id: UUID | None = Field(None, description="For a `kuitansi` only: the program's budget item it is the "
                                                          "receipt for; null names none.")


class LpjAttachment(Model):
    id: UUID
    program_id: UUID
    kind: AttachmentKind
    title: str
    filename: str
    content_type: AttachmentType
    size_bytes: int
    budget_item_id: UUID | None = Field(description="The budget item a receipt is for, if it names one.")
    uploaded: bool = Field(description="Whether the file has arrived (confirmed); only those are in the LPJ.")
    created_by: Person | None
    created_at: datetime
    url: str | None = Field(description="A time-limited link to the file once uploaded; ask again after "
                                        "`url_expires_at`.")
    url_expires_at: datetime | None


class AttachmentUpload(Model):
    """The form to post the file with (multipart/form-data): every field of ``fields``, then the file as
    ``file``, to ``url``; before ``expires_at``. The store refuses another type or size."""

    url: str
    fields: dict[str, str]
    expires_at: datetime


class NewAttachment(Model):
    attachment: LpjAttachment
    upload: AttachmentUpload


class LpjAttachments(Model):
    """A program's LPJ attachments, oldest first, uploaded or still on their way."""

    items: list[LpjAttachment]
    may_edit: bool = Field(description="Whether the caller may add and remove attachments now: who may write the "
                                       "LPJ, while it is `draft` or `revisi`.")
