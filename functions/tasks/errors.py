"""The task service's errors; their base classes decide the HTTP status (shared.api)."""

from __future__ import annotations

from datetime import date

# Raised by several services, so declared once in shared.errors and re-exported here (F401): IllegalTransition,
# NotAllowed, PeriodFinished, ProgramFinal, ProgramNotFound.
from shared.errors import (  # noqa: F401
    Conflict,
    FieldError,
    Forbidden,
    IllegalTransition,
    InvalidInput,
    NotAllowed,
    NotFound,
    PeriodFinished,
    PreconditionFailed,
    ProgramFinal,
    ProgramNotFound,
)


class TaskNotFound(NotFound):
    """Also what a non-member sees: a task of another organization does not exist for them."""

    def __init__(self) -> None:
        super().__init__("No task with this id among your organizations' tasks.")


class InvalidDates(InvalidInput):
    def __init__(self) -> None:
        super().__init__("A task cannot be due before it starts.",
                         errors=[FieldError("body.due_date", "must not be before start_date", "invalid_range")])


class OutsideProgramDates(InvalidInput):
    def __init__(self, field: str, start: date | None, end: date | None) -> None:
        planned = f"{start or '…'} to {end or '…'}"
        super().__init__(f"The task's dates must fall within the program's planned dates ({planned}); "
                         "send outside_program_dates: true to allow it.",
                         errors=[FieldError(f"body.{field}", f"is outside the program's planned dates ({planned})",
                                            "outside_program_dates")])


class MilestoneNotInProgram(InvalidInput):
    def __init__(self) -> None:
        super().__init__("The milestone must be one of the task's program's milestones.",
                         errors=[FieldError("body.milestone_id", "is not a milestone of this program",
                                            "not_in_program")])


class AssigneesNotMembers(InvalidInput):
    def __init__(self, positions: list[int]) -> None:
        super().__init__("Every assignee must be an active member of the program's period (not its pembina).",
                         errors=[FieldError(f"body.assignees.{i}", "is not an active member of the period who can "
                                            "be assigned", "not_a_member") for i in positions])



class BulkRefusal(Conflict):
    """Some tasks of a bulk change are refused, so none changes; ``errors`` names each with its reason."""

    def __init__(self, refused: list[FieldError], total: int) -> None:
        super().__init__(f"Nothing was changed: {len(refused)} of the {total} tasks cannot make this change "
                         "(see errors).", errors=refused)


class BulkForbidden(Forbidden):
    """A bulk change refused only because of the caller's role (403 rather than 409)."""

    def __init__(self, refused: list[FieldError], total: int) -> None:
        super().__init__(f"Nothing was changed: your role does not allow this change to {len(refused)} of the "
                         f"{total} tasks (see errors).", errors=refused)


class BulkNotFound(NotFound):
    """A bulk change refused only because tasks do not exist for the caller (404 rather than 409)."""

    def __init__(self, refused: list[FieldError], total: int) -> None:
        super().__init__(f"Nothing was changed: {len(refused)} of the {total} tasks are not among your "
                         "organizations' tasks (see errors).", errors=refused)


class ChangedMeanwhile(Conflict):
    def __init__(self) -> None:
        super().__init__("A task changed while this bulk change was applied; nothing was changed. Retry.")


class CalendarFeedNotFound(NotFound):
    """An unknown, replaced or revoked feed address; or, for DELETE /me/calendar, no feed to revoke."""

    def __init__(self, detail: str = "No calendar feed at this address; it may have been replaced or revoked.") -> None:
        super().__init__(detail)


class PublicScheduleNotFound(NotFound):
    """No organization with this id publishes its schedule (unknown, switched off or archived: the same answer)."""

    def __init__(self) -> None:
        super().__init__("No public schedule at this address: the organization does not publish one.")
