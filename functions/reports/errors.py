"""The reports service's errors; their base classes decide the HTTP status (shared.api)."""

# Raised by several services, so declared once in shared.errors and re-exported here (F401): NoActivePeriod,
# NotAllowed, OrganizationArchived, OrganizationNotFound, PeriodNotFound, ProgramNotFound.
from shared.errors import (  # noqa: F401
    Conflict,
    FieldError,
    InvalidInput,
    NoActivePeriod,
    NotAllowed,
    NotFound,
    OrganizationArchived,
    OrganizationNotFound,
    PeriodNotFound,
    PreconditionFailed,
    ProgramNotFound,
)


class NotABudgetItem(InvalidInput):
    def __init__(self) -> None:
        super().__init__("The receipt names a budget item this program does not have.",
                         errors=[FieldError("body.budget_item_id", "is not a budget item of this program",
                                            "not_found")])


class NotAReceipt(InvalidInput):
    def __init__(self) -> None:
        super().__init__("Only a receipt (kind kuitansi) names a budget item.",
                         errors=[FieldError("body.budget_item_id", "only a kuitansi names a budget item",
                                            "receipt_only")])


class ReportNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No report with this id among your organizations' reports.")


class FileNotFound(NotFound):
    def __init__(self, file_format: str) -> None:
        super().__init__(f"This report has no {file_format.upper()} file.")



class LpjFrozen(Conflict):
    """Its sections are read-only while the LPJ is under review or once it is approved."""

    def __init__(self, status: str | None) -> None:
        if status == "disetujui":
            super().__init__("The LPJ is disetujui (approved): it is final, its sections and its report no longer "
                             "change.")
        else:
            state = f"is {status}" if status else "was submitted meanwhile"
            super().__init__(f"The LPJ {state}: its sections are read-only until it is sent back for revision "
                             "(revisi).")


class LpjStepConflict(Conflict):
    """A review step the LPJ's current state does not allow."""

    def __init__(self, status: str, step: str, allowed_from: tuple[str, ...]) -> None:
        self.status = status
        super().__init__(f"The LPJ is {status}: it cannot be {step} now (only from {' or '.join(allowed_from)}).")


class LpjNotWritten(Conflict):
    def __init__(self) -> None:
        super().__init__("The LPJ is draft and has no written sections yet: save them before submitting it.")


class AttachmentNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No attachment with this id on this program's LPJ.")


class TooManyAttachments(Conflict):
    def __init__(self, limit: int) -> None:
        super().__init__(f"The LPJ already has {limit} attachments, as many as it may hold; remove one first.")


class UploadMissing(Conflict):
    """Confirming an upload that has not arrived, or that is not what was declared."""

    def __init__(self, why: str, retry: str = "upload it again with a new form (or remove this attachment)") -> None:
        super().__init__(f"The file {why}: {retry}.")


class LogoNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No logo upload with this id for this organization.")
