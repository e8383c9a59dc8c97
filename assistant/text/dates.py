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
# "2025-12-17", "2023-11", "2022" opening a document's date; else its last year ("na najaar 2023", "2020–2022").
LEADING_DATE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(\d{2}))?)?(?!\d)")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


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


def date_order(date: str) -> tuple[int, int, int]:
    """A document's date as a sortable key: "2025-12-17" -> (2025, 12, 17), "2022" -> (2022, 0, 0); other text by
    its last year ("na najaar 2023" -> (2023, 0, 0), "2020–2022" -> (2022, 0, 0)); text without a year ("") sorts as
    the oldest."""
    text = date.strip()
    match = LEADING_DATE.match(text)
    if match is None or YEAR.search(text[match.end() :]):
        years = YEAR.findall(text)
        return (int(years[-1]), 0, 0) if years else (0, 0, 0)
    year, month, day = match.groups()
    return (int(year), int(month or 0), int(day or 0))
