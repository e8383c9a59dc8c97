"""Spotting personal data in a question (BSN, e-mail address, phone number) so the UI can warn first."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
# Dutch numbers: mobile 06, landlines with a 2-4 digit area code, optionally +31/0031; separators allowed.
PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)31[\s-]?(?:\(0\))?[\s-]?|0)[1-9](?:[\s-]?\d){8}(?!\d)")
# Nine digits, possibly grouped 1234.56.789, that are not part of a longer number or amount.
NINE_DIGITS = re.compile(r"(?<!\d)(?<!\d[.,])(\d{4}[.\s]?\d{2}[.\s]?\d{3}|\d{9})(?!\d)(?![.,]\d)")


def is_bsn(digits: str) -> bool:
    """The eleven test ("elfproef") that every burgerservicenummer passes."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0


def personal_data_kinds(text: str) -> list[str]:
    """Dutch names of the kinds of personal data `text` seems to hold; empty when none."""
    kinds = []
    if any(is_bsn(re.sub(r"\D", "", match)) for match in NINE_DIGITS.findall(text)):
        kinds.append("een burgerservicenummer (BSN)")
    if EMAIL.search(text):
        kinds.append("een e-mailadres")
    if PHONE.search(text):
        kinds.append("een telefoonnummer")
    return kinds
