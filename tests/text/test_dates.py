"""Dates as readers write them."""

from __future__ import annotations

import pytest

from assistant.text.dates import date_order, dutch_date


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


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ("2024-06-04", "2025-12-17"),
        ("2022", "2022-05-11"),
        ("2023-11", "2023-12-11"),
        ("2020-06-03", "na najaar 2023"),
        ("2020–2022", "2023-01"),
        ("", "2019"),
    ],
)
def test_documents_order_by_date_a_date_in_words_by_its_last_year_and_one_without_a_year_first(
    older: str, newer: str
) -> None:
    assert date_order(older) < date_order(newer)
