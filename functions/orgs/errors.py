"""The organization service's errors; their base classes decide the HTTP status (shared.api)."""

# Raised by several services, so declared once in shared.errors and re-exported here (F401): NotAllowed,
# OrganizationArchived, OrganizationNotFound, PeriodFinished, PeriodNotFound.
from shared.errors import (  # noqa: F401
    Conflict,
    FieldError,
    Forbidden,
    Gone,
    InvalidInput,
    NotAllowed,
    NotFound,
    OrganizationArchived,
    OrganizationNotFound,
    PeriodFinished,
    PeriodNotFound,
    PreconditionFailed,
)


class DepartmentNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No department with this id in this organization.")


class PeriodNotDraft(Conflict):
    def __init__(self, status: str, action: str = "activated") -> None:
        super().__init__(f"Only a draft period can be {action}; this one is '{status}'.")


class PeriodHasNoKetua(Conflict):
    def __init__(self) -> None:
        super().__init__("A period needs an active ketua before it can be activated.")


class DepartmentCodeTaken(Conflict):
    def __init__(self) -> None:
        super().__init__("Another department of this period already has this code.",
                         errors=[FieldError("body.code", "is already used in this period", "taken")])


class DepartmentNotEmpty(Conflict):
    def __init__(self) -> None:
        super().__init__("The department still has members (or former members of this period); "
                         "move them before deleting it.")


class HeadNotAMember(InvalidInput):
    def __init__(self, field: str = "body.head_user_id") -> None:
        super().__init__("That user must be an active member of the organization.",
                         errors=[FieldError(field, "is not an active member", "not_a_member")])


class InvalidPeriodDates(InvalidInput):
    def __init__(self, field: str = "body.ends_on") -> None:
        super().__init__("A period must end after it starts.",
                         errors=[FieldError(field, "must be after starts_on", "invalid_range")])


class MemberNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No membership with this id in this organization.")


class OwnMembership(Forbidden):
    def __init__(self) -> None:
        super().__init__("Nobody changes their own role; another member of the board must do it. (You may "
                         "leave the organization.)")


class NotAMember(NotFound):
    def __init__(self) -> None:
        super().__init__("You are not an active member of this organization's active period.")


class LastKetua(Conflict):
    def __init__(self) -> None:
        super().__init__("The organization would be left without a ketua; appoint another ketua first.")


class DepartmentOfAnotherPeriod(InvalidInput):
    def __init__(self) -> None:
        super().__init__("The department must be one of that period's departments.",
                         errors=[FieldError("body.department_id", "is not a department of this period",
                                            "wrong_period")])


class NotInActivePeriod(InvalidInput):
    """A handover names departments or members that are not the active period's."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("A handover carries departments and members of the active period only.", errors=errors)


class HandoverNoteChanged(PreconditionFailed):
    def __init__(self) -> None:
        super().__init__("The handover note changed since you read it; nothing was saved. Read it again and retry.")


class InvalidRangeDates(InvalidInput):
    def __init__(self, field: str = "body.ends_on") -> None:
        super().__init__("A range ends on or after the day it starts.",
                         errors=[FieldError(field, "is before the start", "invalid_range")])


class CalendarSpanTooLong(InvalidInput):
    def __init__(self) -> None:
        super().__init__("Ask for at most 800 days of the calendar at a time.",
                         errors=[FieldError("query.ends_on", "is more than 800 days after starts_on", "too_long")])


class CalendarRangeNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No range with this id in this organization's calendar.")


# ---- invitations ----

class InvitationNotFound(NotFound):
    """Also what anyone but its addressee sees of an e-mail invitation, and what an unknown code gets."""

    def __init__(self, detail: str = "No invitation with this id in this organization.") -> None:
        super().__init__(detail)


class EmailNotVerified(Forbidden):
    """An e-mail invitation is answered only by an account that proved the address (auth_service's contract
    ``email_is_verified``); said before looking at the invitation, so it tells nothing about one."""

    def __init__(self) -> None:
        super().__init__("Verify your e-mail address first (follow the link sent to it), then answer the invitation.")


class InvitationEnded(Gone):
    """An invitation nobody can accept any more."""


class InvitationExpired(InvitationEnded):
    def __init__(self) -> None:
        super().__init__("This invitation has expired; ask for a new one.")


class InvitationRevoked(InvitationEnded):
    def __init__(self) -> None:
        super().__init__("This invitation has been revoked.")


class InvitationUsedUp(InvitationEnded):
    def __init__(self) -> None:
        super().__init__("This invitation has been used as many times as it allows.")


class InvitationPeriodFinished(InvitationEnded):
    def __init__(self) -> None:
        super().__init__("The period this invitation is for has ended.")


class InvitationOrganizationArchived(InvitationEnded):
    def __init__(self) -> None:
        super().__init__("The organization of this invitation is archived.")


class InvitationAnswered(Conflict):
    def __init__(self) -> None:
        super().__init__("This invitation has already been answered.")


class AlreadyAMember(Conflict):
    def __init__(self) -> None:
        super().__init__("You are already a member of this organization in the invitation's period.")


class InvitationPending(Conflict):
    def __init__(self) -> None:
        super().__init__("This address already has a pending invitation into this period; revoke it to invite again.",
                         errors=[FieldError("body.email", "has a pending invitation into this period", "pending")])


class InvitationNotPending(Conflict):
    def __init__(self, status: str) -> None:
        super().__init__(f"Only a pending invitation can be revoked; this one is '{status}'.")


class MaxUsesOfEmailInvitation(InvalidInput):
    def __init__(self) -> None:
        super().__init__("An e-mail invitation is for one person; max_uses is for code invitations.",
                         errors=[FieldError("body.max_uses", "is only for code invitations (without email)",
                                            "email_invitation")])
