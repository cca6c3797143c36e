"""The field rules of the users API's wire models."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from functions.users.models import DEFAULT_NOTIFICATIONS, ProfileUpdate, Settings, default_settings


def error_of(model: type, data: dict) -> tuple[str, ...]:
    with pytest.raises(ValidationError) as raised:
        model.model_validate(data)
    return tuple(".".join(str(part) for part in error["loc"]) for error in raised.value.errors())


@pytest.mark.parametrize(("written", "stored"), [
    ("+62 812-3456-7890", "+6281234567890"),
    ("0812.3456.7890", "081234567890"),
    ("(021) 786 3456", "0217863456"),
])
def test_phone_numbers_as_people_write_them_are_kept_as_digits(written, stored):
    assert ProfileUpdate(phone=written).phone == stored


@pytest.mark.parametrize("phone", ["12345", "+62 812 abc", "++6281234567890", "1" * 16, "phone"])
def test_what_is_not_a_phone_number_is_refused(phone):
    assert error_of(ProfileUpdate, {"phone": phone}) == ("phone",)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://files.example/a.png", "not a url",
                                 "https://x.example/" + "a" * 2000])
def test_avatar_must_be_an_http_url_of_sensible_length(url):
    assert error_of(ProfileUpdate, {"avatar_url": url}) == ("avatar_url",)


def test_null_clears_an_optional_field_but_not_the_name_and_blank_is_no_value():
    update = ProfileUpdate.model_validate({"faculty": None, "avatar_url": None, "bio": None})
    assert update.changes() == {"faculty": None, "avatar_url": None, "bio": None}
    assert error_of(ProfileUpdate, {"display_name": None}) == ("display_name",)
    for field in ("display_name", "faculty", "bio", "avatar_url", "phone", "student_number"):
        assert error_of(ProfileUpdate, {field: "  "}) == (field,)


@pytest.mark.parametrize(("field", "value"), [("display_name", "x" * 201), ("faculty", "x" * 201),
                                              ("study_program", "x" * 201), ("bio", "x" * 1001),
                                              ("student_number", "21 06"), ("student_number", "ab"),
                                              ("email", "me@hima.example"), ("user_id", "x")])
def test_lengths_patterns_and_unknown_fields(field, value):
    assert error_of(ProfileUpdate, {field: value}) == (field,)


def test_the_default_settings():
    settings = default_settings()
    assert (settings.language, settings.time_zone, settings.daily_digest) == ("id", "Asia/Jakarta", False)
    prefs = settings.notifications.model_dump()
    assert set(prefs) == {"task_assigned", "task_status_changed", "task_due", "comment", "program_status_changed",
                          "invitation", "report"}
    assert all(channels["in_app"] and not channels["chat"] for channels in prefs.values())
    assert prefs["task_assigned"]["email"] and not prefs["comment"]["email"]


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "UTC", "Europe/Amsterdam"])
def test_real_iana_time_zones_are_accepted(zone):
    assert Settings.model_validate({**default_settings().model_dump(), "time_zone": zone}).time_zone == zone


@pytest.mark.parametrize("zone", ["WIB", "Asia/Bandung", "GMT+7", "", "../../etc/passwd", "asia/jakarta"])
def test_what_is_not_an_iana_time_zone_is_refused(zone):
    assert error_of(Settings, {**default_settings().model_dump(), "time_zone": zone}) == ("time_zone",)


def test_settings_are_replaced_whole_and_strictly():
    full = default_settings().model_dump()
    assert error_of(Settings, {k: v for k, v in full.items() if k != "daily_digest"}) == ("daily_digest",)
    assert error_of(Settings, {**full, "language": "fr"}) == ("language",)
    assert error_of(Settings, {**full, "daily_digest": "yes"}) == ("daily_digest",)
    partial = {**DEFAULT_NOTIFICATIONS}
    del partial["comment"]
    assert error_of(Settings, {**full, "notifications": partial}) == ("notifications.comment",)
    wrong_channel = {**DEFAULT_NOTIFICATIONS, "task_due": {"in_app": True, "email": 1, "chat": False}}
    assert error_of(Settings, {**full, "notifications": wrong_channel}) == ("notifications.task_due.email",)
    unknown = {**DEFAULT_NOTIFICATIONS, "birthday": {"in_app": True, "email": True, "chat": True}}
    assert error_of(Settings, {**full, "notifications": unknown}) == ("notifications.birthday",)
