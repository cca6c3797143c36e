"""Wire models of the organization's logo on its documents' letterhead: what an upload declares, the logo as
shown, and the new upload's form (the one an LPJ attachment's upload uses)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field

from functions.reports.attachment_models import AttachmentUpload
from shared.types import WHOLE_NUMBER, Model, Request

MAX_BYTES = 1024 * 1024
"""1 MiB: a logo is printed 22 mm high; the database refuses more as well."""


class LogoCreate(Request):
    """A logo about to be uploaded: its type and size as the browser knows them."""

    content_type: Literal["image/png", "image/jpeg"] = Field(description="A PNG (transparency printed on white) or "
                                                                        "a JPEG picture.")
    size_bytes: Annotated[int, Field(ge=1, le=MAX_BYTES), WHOLE_NUMBER] = Field(
        description="The file's size in bytes (at most 1 MiB); the upload must be exactly this size.")


class Logo(Model):
    id: UUID
    content_type: Literal["image/png", "image/jpeg"]
    size_bytes: int
    uploaded: bool = Field(description="Whether the picture has arrived (confirmed); only then is it the logo.")
    created_at: datetime
    url: str | None = Field(description="A time-limited link to the picture once uploaded.")
    url_expires_at: datetime | None


class LetterheadLogo(Model):
    """The logo printed on the organization's documents, beside its name."""

    logo: Logo | None = Field(description="Null when the organization has none.")
    may_edit: bool = Field(description="Whether the caller may change it: the ketua and wakil ketua.")


class NewLogo(Model):
    logo: Logo
    upload: AttachmentUpload
