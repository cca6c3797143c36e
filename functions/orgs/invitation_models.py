"""Wire models of invitations into an organization."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, StringConstraints

from functions.orgs.fields import InvitationStatus, OrganizationType, PositionTitle
from shared.email_address import Email
from shared.types import WHOLE_NUMBER, Model, Request
from shared.vocabulary import Role

MAX_INVITATION_DAYS = 30


class InvitationCreate(Request):
    email: Email | None = Field(
        None, description="Invite this address (once it is registered, its owner sees and answers the invitation); "
                          "omit for a code invitation, which anyone signed in who has the code may accept.")
    role: Role
    department_id: UUID | None = Field(None, description="A department of the invitation's period.")
    position_title: PositionTitle | None = None
    period_id: UUID | None = Field(None, description="An open period; the active one when omitted.")
    expires_in_days: Annotated[int, Field(ge=1, le=MAX_INVITATION_DAYS), WHOLE_NUMBER] = 7
    max_uses: Annotated[int, Field(ge=1, le=1000), WHOLE_NUMBER] | None = Field(
        None, description="How many people may accept a code invitation (1 when omitted).")


class Invitation(Model):
    """An invitation as the board sees it."""

    id: UUID
    organization_id: UUID
    period_id: UUID
    kind: Literal["email", "code"]
    email: str | None
    code: str | None = Field(description="The secret of a code invitation, to share (e.g. as a link); "
                                         "null for an e-mail invitation.")
    role: Role
    department_id: UUID | None
    position_title: str | None
    expires_at: datetime
    max_uses: int
    uses: int
    status: InvitationStatus
    revoked_at: datetime | None
    created_by: UUID
    created_at: datetime


class InvitationAfter(Model):
    """Keyset of the invitation list (newest first)."""

    created_at: datetime
    id: UUID


class MyInvitation(Model):
    """A pending e-mail invitation, as its addressee sees it."""

    id: UUID
    organization_id: UUID
    organization_name: str
    organization_short_name: str | None
    organization_type: OrganizationType
    period_id: UUID
    period_name: str
    role: Role
    department_id: UUID | None
    department_name: str | None
    position_title: str | None
    expires_at: datetime
    created_at: datetime


class MyInvitationList(Model):
    items: list[MyInvitation]


class InvitationCodeAccept(Request):
    code: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9_-]{8,100}$")]
