"""shared/national_holidays_id.json is what the maintained package says (python -m infra.national_holidays)."""

from datetime import date

from infra import national_holidays as generator
from shared import national_holidays


def test_the_file_is_what_the_package_says_now():
    assert generator.TARGET.read_text(encoding="utf-8") == generator.document(), \
        "run python -m infra.national_holidays after upgrading holidays"


def test_a_month_of_holidays_in_order():
    april_2026 = national_holidays.between(date(2026, 3, 15), date(2026, 4, 10))
    assert [h.day for h in april_2026] == sorted(h.day for h in april_2026)
    assert (date(2026, 3, 19), "Hari Suci Nyepi") in april_2026
    assert national_holidays.between(date(2026, 3, 20), date(2026, 3, 19)) == []
