"""Wire models of an organization's members."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field

from functions.orgs.fields import PositionTitle
from shared.types import Model, Request
from shared.vocabulary import Role


class MemberUpdate(Request):
    role: Role | None = None
    department_id: UUID | None = None
    position_title: PositionTitle | None = None


class Member(Model):
    id: UUID = Field(description="The membership's id.")
    organization_id: UUID
    period_id: UUID
    user_id: UUID
    role: Role
    department_id: UUID | None
    position_title: str | None
    active: bool
    joined_at: datetime
    left_at: datetime | None
    display_name: str | None = Field(description="From the member's profile (the users service); null while "
                                                 "they have none.")
    email: str | None = Field(description="From the member's profile: shown to fellow members who share an "
                                          "active membership with them (as GET /users/{user_id}), else null.")


class MemberAfter(Model):
    """Keyset of the member list (its sort order)."""

    joined_at: datetime
    id: UUID
