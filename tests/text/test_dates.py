"""Dates as readers write them."""

from __future__ import annotations

import pytest

from assistant.text.dates import dutch_date


@pytest.mark.parametrize(
    ("date", "shown"),
    [
        ("2025-12-17", "17 december 2025"),
        ("2023-11", "november 2023"),
        ("2022", "2022"),
        ("na najaar 2023", "na najaar 2023"),
        ("2025-02-30", "2025-02-30"),
    ],
)
def test_a_documents_date_is_written_as_a_reader_writes_it(date: str, shown: str) -> None:
    assert dutch_date(date) == shown
