"""The users service's errors; their base classes decide the HTTP status (shared.api)."""

# OrganizationNotFound: raised by several services, so declared once in shared.errors and re-exported here.
from shared.errors import Forbidden, NotFound, OrganizationNotFound, PreconditionFailed

__all__ = ["CallerNotAllowed", "OrganizationNotFound", "ProfileChanged", "ProfileNotFound", "SettingsChanged"]


class ProfileNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No user with this id shares an organization with you.")


class ProfileChanged(PreconditionFailed):
    def __init__(self) -> None:
        super().__init__("Your profile changed since you read it (If-Match); read it again and retry.")


class SettingsChanged(PreconditionFailed):
    def __init__(self) -> None:
        super().__init__("Your settings changed since you read them (If-Match); read them again and retry.")


class CallerNotAllowed(Forbidden):
    def __init__(self, caller: str) -> None:
        super().__init__(f"The service {caller!r} may not do this.")
