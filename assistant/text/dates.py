"""Dutch dates: the month names, defined once for reading dates in text and writing them in the UI."""

from __future__ import annotations

import re

DUTCH_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
# "januari|februari|…": the month names as one regex alternation.
MONTH_PATTERN = "|".join(DUTCH_MONTHS)
ISO_DATE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?$")


def dutch_date(date: str) -> str:
    """A document's date as a reader writes it: "2025-12-17" -> "17 december 2025", "2023-11" -> "november 2023";
    any other text (a year, "na najaar 2023") as it stands."""
    match = ISO_DATE.match(date.strip())
    if match is None or not 1 <= int(match["month"]) <= 12:
        return date.strip()
    month = f"{DUTCH_MONTHS[int(match['month']) - 1]} {match['year']}"
    return f"{int(match['day'])} {month}" if match["day"] else month
