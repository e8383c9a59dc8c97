"""Section paths ("Actieplan > Wonen eerst") and which of their parts name a section at all."""

from __future__ import annotations

import re

from assistant.text.dates import MONTH_PATTERN

SECTION_SEPARATOR = " > "
# Short lines that segmentation takes for headings but that head nothing: a letter's place and date ("Den Haag,
# 11 december 2023", "Vastgesteld 6 januari 2023"), a picture's credit ("Beeld: ©VWS"), a link ("Bron antwoord
# https://…"), a record's fields ("Gerelateerde personen:- Eerste ondertekenaar: …"), a name ("Splinter, F.").
# They stay headings in the index (unmarking them moves passage boundaries: blind dev MRR 0.773 -> 0.749), but a
# citation never names them as its section.
NOT_A_SECTION = re.compile(
    rf"\b\d{{1,2}} ({MONTH_PATTERN}) \d{{4}}\b|^(beeld|foto|bron)\b|https?://|:.*:|^[A-Z][\w'-]+, ([A-Z]\.)+",
    re.IGNORECASE,
)


def cited_section(path: str) -> str:
    """`path` without the parts that name no section: what a citation shows as its place in the document."""
    parts = [part for part in path.split(SECTION_SEPARATOR) if part and not NOT_A_SECTION.search(part)]
    return SECTION_SEPARATOR.join(parts)
