"""The program service's errors; their base classes decide the HTTP status (shared.api)."""

# Raised by several services, so declared once in shared.errors and re-exported here (F401): IllegalTransition,
# NoActivePeriod, NotAllowed, OrganizationNotFound, PeriodFinished, PeriodNotFound, ProgramFinal, ProgramNotFound,
# StaleVersion.
from shared.errors import (  # noqa: F401
    Conflict,
    FieldError,
    Forbidden,
    IllegalTransition,
    InvalidInput,
    NoActivePeriod,
    NotAllowed,
    NotFound,
    OrganizationNotFound,
    PeriodFinished,
    PeriodNotFound,
    PreconditionFailed,
    ProgramFinal,
    ProgramNotFound,
    StaleVersion,
)


class PeriodNotYours(InvalidInput):
    def __init__(self) -> None:
        super().__init__("The period must be a period of this organization that you are a member of.",
                         errors=[FieldError("body.period_id", "is not a period of this organization you belong to",
                                            "not_a_period")])


class CarryOverIntoSamePeriod(InvalidInput):
    def __init__(self) -> None:
        super().__init__("The programs would be carried over into the period they are in; name the next period.",
                         errors=[FieldError("body.period_id", "is the active period, whose programs would be copied",
                                            "same_period")])


class ProgramOfAnotherOrganization(InvalidInput):
    def __init__(self, field: str) -> None:
        super().__init__("Every program carried over must be one of this organization's.",
                         errors=[FieldError(field, "is a program of another organization", "wrong_organization")])


class NotADraft(Conflict):
    def __init__(self, status: str) -> None:
        super().__init__(f"Only a draft program can be deleted; this one is '{status}'.")


class ProgramHasTasks(Conflict):
    def __init__(self, tasks: int) -> None:
        super().__init__(f"This draft still has {tasks} task(s); delete or cancel them first.")


class MilestoneHasTasks(Conflict):
    def __init__(self, tasks: int) -> None:
        super().__init__(f"This milestone still has {tasks} task(s); move them to another milestone or delete "
                         "them first.")


class CancelReasonMissing(InvalidInput):
    def __init__(self) -> None:
        super().__init__("Cancelling a program needs a reason: give it as the note.",
                         errors=[FieldError("body.note", "is required when cancelling (the reason)", "missing")])


class DepartmentNotInPeriod(InvalidInput):
    def __init__(self) -> None:
        super().__init__("The department must be a department of the program's organization and period.",
                         errors=[FieldError("body.department_id", "is not a department of this period",
                                            "wrong_period")])


class PersonInChargeNotAMember(InvalidInput):
    def __init__(self) -> None:
        super().__init__("The person in charge must be an active member of the program's period.",
                         errors=[FieldError("body.person_in_charge", "is not an active member of the period",
                                            "not_a_member")])


class InvalidDates(InvalidInput):
    def __init__(self, field: str, start: str) -> None:
        super().__init__("A program cannot end before it starts.",
                         errors=[FieldError(f"body.{field}", f"must not be before {start}", "invalid_range")])


class ProgramCodeTaken(Conflict):
    def __init__(self) -> None:
        super().__init__("Another program of this period already has this code.",
                         errors=[FieldError("body.code", "is already used in this period", "taken")])



# ---- committee, milestones, budget items (functions/programs/parts_service.py) ----

class CommitteeMemberNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("This user is not on the program's committee.")


class MilestoneNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No milestone with this id among your organizations' programs.")


class BudgetItemNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No budget item with this id among your organizations' programs.")


class BudgetHidden(Forbidden):
    """A member who may not see the program's budget (anggota, a head of another department)."""

    def __init__(self) -> None:
        super().__init__("Your role does not allow you to see this program's budget items: the board, sekretaris, "
                         "bendahara and pembina see them, and the heads of its department and its PJ enter them.")


class NotACommitteeCandidate(InvalidInput):
    def __init__(self) -> None:
        super().__init__("A committee member must be an active member of the program's organization in its period.",
                         errors=[FieldError("path.user_id", "is not an active member of the program's period",
                                            "not_a_member")])


class BudgetPlanClosed(Conflict):
    def __init__(self) -> None:
        super().__init__("This program is 'selesai': for its accountability report (LPJ) its budget items still take "
                         "their actual amount, receipt and verification, but no new items, removals or changes to "
                         "what was planned.")


class AmountTooLarge(InvalidInput):
    def __init__(self) -> None:
        message = "makes quantity x unit price larger than 999,999,999,999.99"
        super().__init__("The planned amount (quantity x unit price) is larger than a budget item can hold.",
                         errors=[FieldError("body.quantity", message, "too_large"),
                                 FieldError("body.unit_price", message, "too_large")])



class ChangedMeanwhile(Conflict):
    """The database refused a change the service had allowed: the program or a role changed meanwhile."""

    def __init__(self) -> None:
        super().__init__("The program or your role in it changed while this request ran; read it again and retry.")
