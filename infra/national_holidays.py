"""Write Indonesia's national holidays (hari libur nasional) for the years the app plans in, from the
maintained ``holidays`` package, into ``shared/national_holidays_id.json``.

The package is a development dependency, not the layer's: computing a year takes it about 0.25 s and its import
0.27 s, which a function would pay at its first request; a small JSON file costs under a millisecond. The
file is generated, never edited: ``python -m infra.national_holidays`` after upgrading the package (a test
fails while they disagree). Islamic holidays of future years are the package's estimates, marked so in
their names ("perkiraan")."""

from __future__ import annotations

import json
from pathlib import Path

FIRST_YEAR, LAST_YEAR = 2024, 2035
TARGET = Path(__file__).resolve().parents[1] / "shared" / "national_holidays_id.json"


def national_holidays() -> dict[str, list[str]]:
    """Each holiday's ISO date -> its names (in Indonesian), as the package says."""
    import holidays

    days = holidays.country_holidays("ID", years=range(FIRST_YEAR, LAST_YEAR + 1), language="id")
    return {day.isoformat(): names for day, names in sorted(
        (day, sorted(days.get_list(day))) for day in days)}


def document() -> str:
    return json.dumps({"source": "holidays (PyPI), Indonesia", "first_year": FIRST_YEAR, "last_year": LAST_YEAR,
                       "days": national_holidays()}, ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    TARGET.write_text(document(), encoding="utf-8")
    print(f"wrote {TARGET}")
