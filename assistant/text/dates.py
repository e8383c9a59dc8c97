"""Dutch dates: the month names, defined once for reading dates in text and writing them in the UI."""

from __future__ import annotations

import datetime
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
ISO_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def dutch_date(date: str) -> str:
    """A document's date as a reader writes it: "2025-12-17" -> "17 december 2025", "2023-11" -> "november 2023";
    any other text (a year, "na najaar 2023", an impossible date) as it stands."""
    text = date.strip()
    if not ISO_DATE.match(text):
        return text
    try:
        day = datetime.date.fromisoformat(text if len(text) > 7 else f"{text}-01")
    except ValueError:
        return text
    month = f"{DUTCH_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {month}" if len(text) > 7 else month
