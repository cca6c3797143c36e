"""Wire models of the handover between periods (serah terima): carrying departments and members into the next
period, and the departments' handover notes (docs/decisions/0020-handover.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import Field, StringConstraints

from functions.orgs.models import Department
from shared.types import Model, Request
from shared.vocabulary import Role

NoteText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]


class CarriedDepartment(Request):
    department_id: UUID = Field(description="A department of the active period.")
    head_user_id: UUID | None = Field(
        None, description="Its head in the new period: someone who is a member of it after this handover.")


class CarriedMember(Request):
    user_id: UUID = Field(description="An active member of the active period.")
    role: Role = Field("anggota", description="Their role in the new period.")
    department_id: UUID | None = Field(
        None, description="Their department: one of the active period's, carried over (in this handover or "
                          "before). When omitted, the department they are in now, if it is carried over.")


class HandoverRequest(Request):
    """What the new period takes from the active one. Running it again adds only what is not there yet."""

    departments: list[CarriedDepartment] = Field(default_factory=list, max_length=50)
    members: list[CarriedMember] = Field(
        default_factory=list, max_length=300,
        description="At most 300 a request (the body's 64 KiB): a larger organization hands over in several.")


class Handover(Model):
    period_id: UUID = Field(description="The new period.")
    from_period_id: UUID = Field(description="The period handed over from (the active one).")
    departments_added: int
    members_added: int
    already_there: int = Field(description="Departments (by code) and members the new period had already: "
                                           "left as they were.")
    departments: list[Department] = Field(description="The new period's departments after the handover.")


class HandoverNoteUpdate(Request):
    """The whole note; an empty text clears its part."""

    worked: NoteText = ""
    did_not_work: NoteText = ""
    contacts: NoteText = ""
    whereabouts: NoteText = ""


class HandoverNote(Model):
    """A department's note to the next board. Until someone writes it, its texts are empty and ``version`` 0."""

    department_id: UUID
    period_id: UUID
    worked: str = Field(description="What worked.")
    did_not_work: str = Field(description="What did not work.")
    contacts: str = Field(description="Contacts: partners, sponsors, the campus offices.")
    whereabouts: str = Field(description="Where things are: files, accounts, inventory.")
    version: int = Field(description="The ETag's number; 0 before the first save.")
    updated_at: datetime | None
    updated_by: UUID | None
    may_edit: bool = Field(description="Whether the caller may write it now: the department's heads, the sekretaris "
                                       "and the board, while its period is open.")
