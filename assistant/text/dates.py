"""Dutch dates: the month names, defined once for reading dates in text and writing them in the UI."""

from __future__ import annotations

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
