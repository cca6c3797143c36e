"""The field type of an e-mail address (``Email``).

Apart from ``shared.types`` because pydantic's ``EmailStr`` imports ``pydantic.networks``: only the models
that hold an address (auth, orgs, users) import it, not every function at its cold start (issue 14).
email-validator (and idna) are imported by pydantic when a model with such a field is first built, which
``shared.types.Model`` defers to its first use.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, EmailStr, ValidationError, ValidatorFunctionWrapHandler, WrapValidator
from pydantic_core import PydanticCustomError


def _deliverable(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    try:
        return handler(value)
    except ValidationError as error:  # email-validator's judgement: a reserved domain (.test), say
        if not isinstance(value, str):
            raise
        reason = error.errors()[0]["msg"].removeprefix("value is not a valid email address: ")
        raise PydanticCustomError("invalid_email", "is not a valid e-mail address: {reason}",
                                  {"reason": reason}) from None


Email = Annotated[EmailStr, WrapValidator(_deliverable), AfterValidator(str.lower)]
"""An e-mail address, lower-cased: the same address however it was typed. One that ``format: email`` allows
but mail cannot reach (a special-use domain such as ``.test``) is the field error ``invalid_email``."""


__all__ = ["Email"]
