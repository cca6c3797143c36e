"""The organization API's field types (types of organization, names, URLs, chat webhooks): what its
models, and those of its calendar and handovers, declare their fields with. No model here: a function
imports it without building the organization models. Roles and period statuses are everyone's
(shared.vocabulary).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from shared.types import NON_BLANK, iana_time_zone

OrganizationType = Literal["bem", "dpm", "hima", "ukm", "osis", "other"]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), NON_BLANK]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40), NON_BLANK]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]
Address = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), NON_BLANK]

NUMBER_PLACEHOLDERS = ("{nomor}", "{kode}", "{singkatan}", "{bulan}", "{tahun}")
"""What a document number's format may hold: the sequence number of the year (``007``), the program's code,
the organization's short name, the month in Roman numerals (``XII``) and the year."""


_NAME = "|".join(name.strip("{}") for name in NUMBER_PLACEHOLDERS)
_OTHER = "|".join(name.strip("{}") for name in NUMBER_PLACEHOLDERS if name != "{nomor}")
NUMBER_FORMAT_PATTERN = rf"^([^{{}}]|\{{({_OTHER})\}})*\{{nomor\}}([^{{}}]|\{{({_NAME})\}})*$"
"""The rule below as the API's schema states it: known placeholders only, {nomor} among them, no stray brace."""


def _number_format(value: str) -> str:
    if "{nomor}" not in value:
        raise PydanticCustomError("missing_number", "must hold {nomor}, where the document's sequence number goes")
    unknown = sorted(set(re.findall(r"\{[^{}]*\}", value)) - set(NUMBER_PLACEHOLDERS))
    if unknown:
        raise PydanticCustomError("unknown_placeholder", "knows no {names}; it may hold {nomor}, {kode}, {singkatan}, "
                                                         "{bulan} and {tahun}", {"names": ", ".join(unknown)})
    if re.search(r"[{}]", re.sub(r"\{[^{}]*\}", "", value)):
        raise PydanticCustomError("stray_brace", "has a brace that opens or closes no placeholder")
    return value


DocumentNumberFormat = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120), AfterValidator(_number_format),
    Field(description="How the organization numbers its documents: {nomor} (required), {kode}, {singkatan}, "
                      "{bulan}, {tahun}.", examples=["{nomor}/LPJ/{singkatan}/{bulan}/{tahun}"],
          json_schema_extra={"pattern": NUMBER_FORMAT_PATTERN})]
URL_MAX_LENGTH = 2000  # the columns' limit
# What a URL may hold as it is (RFC 3986's characters): nothing for normalizing to percent-encode.
URL_PATTERN = r"^https?://[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+$"
_HTTP_URL = TypeAdapter(AnyHttpUrl, config=ConfigDict(defer_build=True))  # built when first used, as the models


def _http_url(value: str) -> str:
    """Checked as an http(s) URL but kept as sent: normalized (percent-encoded, a slash added) a URL of
    2,000 characters could grow past the 2,000 the document promises and the column holds."""
    try:
        if re.fullmatch(URL_PATTERN, value):
            _HTTP_URL.validate_python(value)
            return value
    except ValidationError:
        pass
    raise ValueError("must be an http(s) URL, its special characters percent-encoded")


def _webhook_of(service: str, pattern: str, example: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not re.fullmatch(pattern, value):
            raise ValueError(f"must be a {service} webhook URL (https, {service}'s own address), such as {example}")
        return value

    return check


# The chat webhooks: only the services' own webhook addresses, over https, ASCII as the services hand them
# out; a URL that leads anywhere else is refused when it is set, not only when a notification is sent
# (the notifications service checks the address again then).
DISCORD_WEBHOOK = (r"^https://((ptb|canary)\.)?(discord|discordapp)\.com/api(/v[0-9]+)?/webhooks/[0-9]+/[A-Za-z0-9_-]+"
                   r"(\?[A-Za-z0-9_=&-]*)?$")
SLACK_WEBHOOK = r"^https://hooks\.slack\.com/services/[A-Za-z0-9]+/[A-Za-z0-9]+/[A-Za-z0-9]+$"
# Each checked by its validator; the OpenAPI schema names the pattern the validator applies.
Url = Annotated[str, StringConstraints(max_length=URL_MAX_LENGTH), AfterValidator(_http_url),
                Field(json_schema_extra={"pattern": URL_PATTERN, "format": "uri"})]
DiscordWebhookUrl = Annotated[
    str, StringConstraints(max_length=URL_MAX_LENGTH),
    AfterValidator(_webhook_of("Discord", DISCORD_WEBHOOK, "https://discord.com/api/webhooks/123/abc")),
    Field(json_schema_extra={"pattern": DISCORD_WEBHOOK, "format": "uri"})]
SlackWebhookUrl = Annotated[
    str, StringConstraints(max_length=URL_MAX_LENGTH),
    AfterValidator(_webhook_of("Slack", SLACK_WEBHOOK, "https://hooks.slack.com/services/T0/B0/abc")),
    Field(json_schema_extra={"pattern": SLACK_WEBHOOK, "format": "uri"})]
Code = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9_-]{1,20}$")]
PositionTitle = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
InvitationStatus = Literal["pending", "accepted", "declined", "used_up", "expired", "revoked"]


def valid_time_zone(value: str | None) -> str | None:
    return None if value is None else iana_time_zone(value)
